// Argument checks shared by the op families. Every message names the op, the shapes or dtypes, and the fix.
import { type DType, isFloat } from "../dtype.js";
import { unsupportedDType } from "../engine/kernels.js";
import { formatShape, normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";

/** Binary ops need one dtype, as in TensorFlow: there is no implicit promotion. */
export function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `${op}: dtypes differ: ${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}; ` +
        `cast one with tf.cast(x, "${a.dtype}")`,
    );
  }
}

export function checkDType(op: string, t: Tensor, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) throw unsupportedDType(op, t, allowed);
}

export function checkFloat(op: string, t: Tensor): void {
  if (!isFloat(t.dtype)) {
    throw new TypeError(
      `${op}: needs a float tensor, got ${t.dtype} ${formatShape(t.shape)}; cast it with tf.cast(x, "float32")`,
    );
  }
}

/**
 * Resolves an axis argument (a number, an array of numbers, or undefined for all axes) into sorted,
 * unique, non-negative axes; throws naming the op on out-of-range or repeated axes.
 */
export function resolveAxes(op: string, axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) throw new TypeError(`${op}: axis must be a number or an array of numbers`);
  const out = list.map((a) => normalizeAxis(a, rank, op));
  out.sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new Error(`${op}: axis ${out[i]} is given twice in ${JSON.stringify(list)}`);
  }
  return out;
}
