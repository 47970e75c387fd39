// Kernel lookup and batch bookkeeping for matmul (internal: not part of the ops barrel).
import { KernelFamily, NUMERIC } from "../engine/kernels.js";

export const TRANSPOSE_A = 1;
export const TRANSPOSE_B = 2;

/** The product kernels: (a, b, c, m, n, k, flags, scratch). */
export const MATMUL = new KernelFamily("matmul", NUMERIC);

/** Scratch bytes a product kernel needs for an m x n x k product, 0 for none: (m, n, k) -> bytes. */
export const MATMUL_SCRATCH = new KernelFamily("matmul_scratch", NUMERIC);

/**
 * For every matrix of the broadcast batch shape, in row-major order, the index of the matrix of
 * `a` and of `b` it multiplies: [a0, b0, a1, b1, ...]. A batch dimension of size 1 (or a missing
 * one) repeats its matrix.
 */
export function batchOffsets(batch: readonly number[], aShape: readonly number[], bShape: readonly number[]): number[] {
  const rank = batch.length;
  const aStrides = broadcastStrides(batch, aShape);
  const bStrides = broadcastStrides(batch, bShape);
  let count = 1;
  for (const d of batch) count *= d;
  const out = new Array<number>(2 * count);
  const index = new Array<number>(rank).fill(0);
  let aAt = 0;
  let bAt = 0;
  for (let t = 0; t < count; t++) {
    out[2 * t] = aAt;
    out[2 * t + 1] = bAt;
    // Advance the multi-index like an odometer, keeping both offsets in step.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      aAt += aStrides[d];
      bAt += bStrides[d];
      if (index[d] < batch[d]) break;
      aAt -= aStrides[d] * index[d];
      bAt -= bStrides[d] * index[d];
      index[d] = 0;
    }
  }
  return out;
}

/** Matrix-index strides of an operand's batch dimensions aligned to `batch`: 0 where it broadcasts. */
function broadcastStrides(batch: readonly number[], shape: readonly number[]): number[] {
  const rank = batch.length;
  const own = shape.length - 2;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    const i = d - (rank - own);
    const size = i >= 0 ? shape[i] : 1;
    strides[d] = size === 1 ? 0 : stride;
    stride *= size;
  }
  return strides;
}
