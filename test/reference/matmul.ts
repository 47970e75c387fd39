// Naive float64 (or wrapping int32) matrix product with TensorFlow's matmul semantics, for tests.
import { type RefArray, sizeOf, unravel } from "../util/reference.js";

export interface MatmulRef extends RefArray {
  /** Per output element, sum over k of |a| * |b|: the scale of its rounding error. */
  magnitude: number[];
}

/**
 * `[..., m, k] x [..., k, n]` with optional transposes of the last two dimensions and NumPy
 * broadcasting of the leading ones. `int32` sums wrap around at 32 bits.
 */
export function matmulRef(
  a: RefArray,
  b: RefArray,
  transposeA = false,
  transposeB = false,
  int32 = false,
): MatmulRef {
  const ar = a.shape.length;
  const br = b.shape.length;
  const [aRows, aCols] = a.shape.slice(ar - 2);
  const [bRows, bCols] = b.shape.slice(br - 2);
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const aBatch = a.shape.slice(0, ar - 2);
  const bBatch = b.shape.slice(0, br - 2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aBatch[i - (rank - aBatch.length)] ?? 1;
    const db = bBatch[i - (rank - bBatch.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: batch ${da} vs ${db}`);
    batch.push(da === 1 ? db : da); // 1 stretches to any size, 0 included
  }
  const count = sizeOf(batch);
  const values = new Array<number>(count * m * n);
  const magnitude = new Array<number>(count * m * n);
  for (let t = 0; t < count; t++) {
    const index = unravel(t, batch);
    const aBase = matrixIndex(index, aBatch) * aRows * aCols;
    const bBase = matrixIndex(index, bBatch) * bRows * bCols;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) {
          const x = a.values[aBase + (transposeA ? p * aCols + i : i * aCols + p)];
          const y = b.values[bBase + (transposeB ? j * bCols + p : p * bCols + j)];
          if (int32) sum = (sum + Math.imul(x, y)) | 0;
          else sum += x * y;
          mag += Math.abs(x * y);
        }
        values[(t * m + i) * n + j] = sum;
        magnitude[(t * m + i) * n + j] = mag;
      }
    }
  }
  return { shape: [...batch, m, n], values, magnitude };
}

/** Flat matrix index of an operand's batch dimensions for an output batch index (size-1 dims broadcast). */
function matrixIndex(outIndex: number[], own: number[]): number {
  const skip = outIndex.length - own.length;
  let flat = 0;
  for (let d = 0; d < own.length; d++) flat = flat * own[d] + (own[d] === 1 ? 0 : outIndex[skip + d]);
  return flat;
}
