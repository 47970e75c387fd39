// Gradient clipping before a step, as Keras 3's optimizers clip: clipnorm (each gradient to its own
// L2 norm), else globalClipnorm (all together), else clipvalue; each applies only when positive.
import type { DType } from "../dtype.js";
import { cast } from "../ops/cast.js";
import { clipByGlobalNorm, clipByNorm } from "../ops/norm.js";
import { clipByValue } from "../ops/select.js";
import type { Tensor } from "../tensor.js";

export interface Clipping {
  readonly clipnorm: number | null;
  readonly globalClipnorm: number | null;
  readonly clipvalue: number | null;
}

export function clips(c: Clipping): boolean {
  return (c.clipnorm ?? 0) > 0 || (c.globalClipnorm ?? 0) > 0 || (c.clipvalue ?? 0) > 0;
}

/** The gradients clipped, then cast to their variables' dtypes (null ones stay null). */
export function clippedGradients(c: Clipping, grads: readonly (Tensor | null)[], dtypes: readonly DType[]): (Tensor | null)[] {
  const clipnorm = c.clipnorm ?? 0;
  const globalClipnorm = c.globalClipnorm ?? 0;
  const clipvalue = c.clipvalue ?? 0;
  let out = grads.slice();
  if (clipnorm > 0) out = out.map((g) => (g === null ? null : clipByNorm(g, clipnorm)));
  else if (globalClipnorm > 0) out = clipByGlobalNorm(out, globalClipnorm)[0];
  else if (clipvalue > 0) out = out.map((g) => (g === null ? null : clipByValue(g, -clipvalue, clipvalue)));
  return out.map((g, i) => (g === null ? null : cast(g, dtypes[i])));
}
