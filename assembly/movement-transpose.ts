// Transposed 2-D copies: dst[i][j] = src[j][i], where the source is contiguous along i and the
// destination along j. Strides are in elements:
//
//   src element (i, j) at src + (i + j * srcStride) * size
//   dst element (i, j) at dst + (i * dstStride + j) * size
//
// The plane is walked in square cache blocks so that both the rows read and the rows written stay
// in L1; inside a block, 4x4 (4-byte) or 2x2 (8-byte) tiles are transposed in registers.

const BLOCK: i32 = 32;

// @ts-ignore: decorator
@inline function min32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Scalar transpose of rows [i0, i1) x columns [j0, j1). */
// @ts-ignore: decorator
@inline function transposeScalar<T>(
  src: usize, dst: usize, i0: i32, i1: i32, j0: i32, j1: i32, srcStride: usize, dstStride: usize,
): void {
  const size = sizeof<T>();
  for (let i = i0; i < i1; i++) {
    const s = src + <usize>i * size;
    const d = dst + <usize>i * dstStride * size;
    for (let j = j0; j < j1; j++) {
      store<T>(d + <usize>j * size, load<T>(s + <usize>j * srcStride * size));
    }
  }
}

/** 4-byte elements: one 4x4 tile per step, transposed with two rounds of lane shuffles. */
function transposeTiles4(src: usize, dst: usize, rows: i32, cols: i32, srcStride: usize, dstStride: usize): void {
  const srcRow = srcStride << 2;
  const dstRow = dstStride << 2;
  for (let ib = 0; ib < rows; ib += BLOCK) {
    const iEnd = min32(ib + BLOCK, rows);
    for (let jb = 0; jb < cols; jb += BLOCK) {
      const jEnd = min32(jb + BLOCK, cols);
      for (let i = ib; i < iEnd; i += 4) {
        let s = src + (<usize>i << 2) + <usize>jb * srcRow;
        let d = dst + <usize>i * dstRow + (<usize>jb << 2);
        for (let j = jb; j < jEnd; j += 4) {
          const a = v128.load(s);
          const b = v128.load(s + srcRow);
          const c = v128.load(s + 2 * srcRow);
          const e = v128.load(s + 3 * srcRow);
          const ab01 = i32x4.shuffle(a, b, 0, 4, 1, 5);
          const ab23 = i32x4.shuffle(a, b, 2, 6, 3, 7);
          const ce01 = i32x4.shuffle(c, e, 0, 4, 1, 5);
          const ce23 = i32x4.shuffle(c, e, 2, 6, 3, 7);
          v128.store(d, i64x2.shuffle(ab01, ce01, 0, 2));
          v128.store(d + dstRow, i64x2.shuffle(ab01, ce01, 1, 3));
          v128.store(d + 2 * dstRow, i64x2.shuffle(ab23, ce23, 0, 2));
          v128.store(d + 3 * dstRow, i64x2.shuffle(ab23, ce23, 1, 3));
          s += 4 * srcRow;
          d += 16;
        }
      }
    }
  }
}

/** 8-byte elements: one 2x2 tile per step. */
function transposeTiles8(src: usize, dst: usize, rows: i32, cols: i32, srcStride: usize, dstStride: usize): void {
  const srcRow = srcStride << 3;
  const dstRow = dstStride << 3;
  for (let ib = 0; ib < rows; ib += BLOCK) {
    const iEnd = min32(ib + BLOCK, rows);
    for (let jb = 0; jb < cols; jb += BLOCK) {
      const jEnd = min32(jb + BLOCK, cols);
      for (let i = ib; i < iEnd; i += 2) {
        let s = src + (<usize>i << 3) + <usize>jb * srcRow;
        let d = dst + <usize>i * dstRow + (<usize>jb << 3);
        for (let j = jb; j < jEnd; j += 2) {
          const a = v128.load(s);
          const b = v128.load(s + srcRow);
          v128.store(d, i64x2.shuffle(a, b, 0, 2));
          v128.store(d + dstRow, i64x2.shuffle(a, b, 1, 3));
          s += 2 * srcRow;
          d += 16;
        }
      }
    }
  }
}

/** 1-byte elements: cache blocks of scalar copies. */
function transposeBlocks1(src: usize, dst: usize, rows: i32, cols: i32, srcStride: usize, dstStride: usize): void {
  for (let ib = 0; ib < rows; ib += BLOCK) {
    const iEnd = min32(ib + BLOCK, rows);
    for (let jb = 0; jb < cols; jb += BLOCK) {
      transposeScalar<u8>(src, dst, ib, iEnd, jb, min32(jb + BLOCK, cols), srcStride, dstStride);
    }
  }
}

/**
 * dst[i][j] = src[j][i] for i < rows, j < cols. The full tiles go through the SIMD path, the
 * remaining edge rows and columns through scalar copies.
 */
// @ts-ignore: decorator
@inline export function transposePlane<T>(
  src: usize, dst: usize, rows: i32, cols: i32, srcStride: usize, dstStride: usize,
): void {
  if (sizeof<T>() == 1) {
    transposeBlocks1(src, dst, rows, cols, srcStride, dstStride);
    return;
  }
  const tile: i32 = sizeof<T>() == 4 ? 4 : 2;
  const fullRows = rows & ~(tile - 1);
  const fullCols = cols & ~(tile - 1);
  if (sizeof<T>() == 4) transposeTiles4(src, dst, fullRows, fullCols, srcStride, dstStride);
  else transposeTiles8(src, dst, fullRows, fullCols, srcStride, dstStride);
  transposeScalar<T>(src, dst, 0, fullRows, fullCols, cols, srcStride, dstStride);
  transposeScalar<T>(src, dst, fullRows, rows, 0, cols, srcStride, dstStride);
}
