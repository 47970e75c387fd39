// Selection with broadcasting over three operands: where(condition, a, b) and clipByValue(t, lo, hi).
import { releaseConverted, type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { KernelFamily, NUMERIC } from "../engine/kernels.js";
import type { Kernel } from "../engine/wasm.js";
import { formatShape, shapesEqual } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { broadcastShapes3, isPlain, SAME, STRIDED, writeStridedArgs } from "./broadcast.js";
import { checkSameDType } from "./check.js";

const WHERE = new KernelFamily("where");
const CLIP = new KernelFamily("clipByValue", NUMERIC);
const WHERE_NAMES = ["condition", "a", "b"] as const;
const CLIP_NAMES = ["t", "clipValueMin", "clipValueMax"] as const;

/**
 * Elements of `a` where `condition` is true, else of `b`; all three broadcast together
 * (TensorFlow 2's tf.where). `condition` must be bool.
 */
export function where(condition: TensorInput, a: TensorInput, b: TensorInput): Tensor {
  if (a === undefined || b === undefined) {
    throw new TypeError(
      "where: pass a condition and both a and b: where(condition, a, b) takes a where condition is true, else b " +
        "(the one-argument form that returns indices is not available)",
    );
  }
  const ts: (Tensor | null)[] = [null, null, null];
  let out: Tensor;
  try {
    const cond = (ts[0] = toTensor(condition, "where", "condition"));
    if (cond.dtype !== "bool") {
      throw new TypeError(
        `where: condition must be bool, got ${cond.dtype} ${formatShape(cond.shape)}; ` +
          `build it with a comparison such as tf.greater(x, 0), or use tf.cast(condition, "bool")`,
      );
    }
    const first = (ts[1] = isPlain(a) && !isPlain(b) ? null : toTensor(a, "where", "a"));
    const y = (ts[2] = toTensor(b, "where", "b", first === null ? undefined : first.dtype));
    const x = (ts[1] = first ?? toTensor(a, "where", "a", y.dtype));
    if (x.dtype !== y.dtype) checkSameDType("where", x, y);
    const kernel = WHERE.forTensor(x);
    const shape = broadcastShapes3("where", [cond.shape, x.shape, y.shape], WHERE_NAMES);
    out = run(kernel, "where", shape, cond, x, y, x.dtype);
  } catch (err) {
    releaseConverted([condition, a, b], ts);
    throw err;
  }
  if (recording()) recordOp("where", ts as Tensor[], out);
  return out;
}

/**
 * `t` with every element clipped into [clipValueMin, clipValueMax]: max(min(t, max), min), as
 * TensorFlow computes it (so the minimum wins where the bounds cross, and NaN propagates). The
 * bounds broadcast to `t`'s shape; numbers take `t`'s dtype.
 */
export function clipByValue(t: TensorInput, clipValueMin: TensorInput, clipValueMax: TensorInput): Tensor {
  const ts: (Tensor | null)[] = [null, null, null];
  let out: Tensor;
  try {
    const x = (ts[0] = toTensor(t, "clipByValue", "t"));
    const lo = (ts[1] = toTensor(clipValueMin, "clipByValue", "clipValueMin", x.dtype));
    const hi = (ts[2] = toTensor(clipValueMax, "clipByValue", "clipValueMax", x.dtype));
    if (lo.dtype !== x.dtype) checkSameDType("clipByValue", x, lo);
    if (hi.dtype !== x.dtype) checkSameDType("clipByValue", x, hi);
    const kernel = CLIP.forTensor(x);
    const shape = broadcastShapes3("clipByValue", [x.shape, lo.shape, hi.shape], CLIP_NAMES);
    if (!shapesEqual(shape, x.shape)) {
      throw new Error(
        `clipByValue: the bounds ${formatShape(lo.shape)} and ${formatShape(hi.shape)} would broadcast t ` +
          `${formatShape(x.shape)} to ${formatShape(shape)}; the bounds must broadcast to t's shape`,
      );
    }
    out = run(kernel, "clipByValue", shape, x, lo, hi, x.dtype);
  } catch (err) {
    releaseConverted([t, clipValueMin, clipValueMax], ts);
    throw err;
  }
  if (recording()) recordOp("clipByValue", ts as Tensor[], out);
  return out;
}

function run(kernel: Kernel, op: string, shape: number[], p: Tensor, q: Tensor, r: Tensor, dtype: DType): Tensor {
  const same = shapesEqual(p.shape, shape) && shapesEqual(q.shape, shape) && shapesEqual(r.shape, shape);
  const out = allocTensor(shape, dtype, op);
  if (out.size === 0) return out;
  if (!same) writeStridedArgs(op, shape, p.shape, q.shape, r.shape);
  kernel(p.ptr, q.ptr, r.ptr, out.ptr, out.size, same ? SAME : STRIDED);
  return out;
}
