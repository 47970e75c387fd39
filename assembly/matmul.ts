// Matrix multiplication C[m,n] = op(A) op(B), op = identity or transpose, for f32, f64 and i32.
// Blocked in the GotoBLAS/BLIS way: a KC x NC panel of B and an MC x KC block of A are packed
// into slivers (matmul-pack.ts), then the micro-kernel (matmul-kernel.ts) sweeps MR x NR tiles.
// Packing reads A and B through strides, so the four transpose cases share one inner loop.
// Scratch for the packed panels comes from the host (see matmul_scratch_*); kernels never allocate.
import { microKernel, MR, TILE_ROW_BYTES } from "./matmul-kernel";
import { packSlivers } from "./matmul-pack";
import { vectorProduct } from "./matmul-vector";

/** Steps of k per packed panel: a B sliver (KC x NR) then fills 16 KB of the 48 KB L1. */
const KC: i32 = 512;
/** Rows of A per packed block: MC x KC (128 KB in f32) stays in L2 next to the B slivers in use. */
const MC: i32 = 64;
/** Columns of B per packed panel. */
const NC: i32 = 2048;
/** Up to this many multiply-adds, a plain loop beats packing. */
const DIRECT_MAX_MACS: i32 = 2048;
const TILE_BYTES: usize = <usize>(MR * TILE_ROW_BYTES);

const TRANSPOSE_A: i32 = 1;
const TRANSPOSE_B: i32 = 2;

// @ts-ignore: decorator
@inline
function usesPacking(m: i32, n: i32, k: i32): bool {
  return k > 0 && m > 1 && n > 1 && <i64>m * <i64>n * <i64>k > <i64>DIRECT_MAX_MACS;
}

// @ts-ignore: decorator
@inline
function roundUp(x: i32, to: i32): i32 {
  return (x + to - 1) / to * to;
}

/** Scratch bytes the blocked path needs for an m x n x k product of T (0 when it does not pack). */
function scratchBytes<T>(m: i32, n: i32, k: i32): i32 {
  if (!usesPacking(m, n, k)) return 0;
  const NR = TILE_ROW_BYTES / sizeof<T>();
  const kc = min(k, KC);
  const packed = kc * (roundUp(min(n, NC), NR) + roundUp(min(m, MC), MR));
  return <i32>TILE_BYTES + packed * sizeof<T>();
}

/**
 * C (row-major m x n) = A x B with A stored m x k (or k x m when flags & TRANSPOSE_A) and B stored
 * k x n (or n x k when flags & TRANSPOSE_B). k = 0 gives zeros.
 */
function gemm<T>(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, flags: i32, scratch: usize): void {
  // Element strides: A(i, p) = a[i * aRow + p * aStep], B(p, j) = b[j * bCol + p * bStep].
  const transA = (flags & TRANSPOSE_A) != 0;
  const transB = (flags & TRANSPOSE_B) != 0;
  const aRow = transA ? 1 : k;
  const aStep = transA ? m : 1;
  const bCol = transB ? k : 1;
  const bStep = transB ? 1 : n;
  if (k == 0) {
    memory.fill(c, 0, <usize>m * <usize>n * sizeof<T>());
  } else if (m == 1) {
    vectorProduct<T>(a, aStep, b, bCol, bStep, c, n, k);
  } else if (n == 1) {
    // C is then also C^T = op(B)^T op(A)^T, a row times a matrix.
    vectorProduct<T>(b, bStep, a, aRow, aStep, c, m, k);
  } else if (!usesPacking(m, n, k)) {
    gemmDirect<T>(a, b, c, m, n, k, aRow, aStep, bCol, bStep);
  } else {
    gemmBlocked<T>(a, b, c, m, n, k, aRow, aStep, bCol, bStep, scratch);
  }
}

function gemmBlocked<T>(
  a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  aRow: i32, aStep: i32, bCol: i32, bStep: i32, scratch: usize,
): void {
  const E = <usize>sizeof<T>();
  const NR = TILE_ROW_BYTES / sizeof<T>();
  const ldc = <usize>n * E;
  const tile = scratch;
  const bPack = scratch + TILE_BYTES;
  const aPack = bPack + <usize>(min(k, KC) * roundUp(min(n, NC), NR)) * E;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const accumulate = pc > 0;
      packSlivers<T>(b + <usize>(jc * bCol + pc * bStep) * E, bCol, bStep, nc, kc, NR, bPack);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packSlivers<T>(a + <usize>(ic * aRow + pc * aStep) * E, aRow, aStep, mc, kc, MR, aPack);
        // One B sliver stays in L1 while the A slivers of the block stream past it.
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = bPack + <usize>(jr * kc) * E;
          const nr = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const ap = aPack + <usize>(ir * kc) * E;
            const cp = c + <usize>(ic + ir) * ldc + <usize>(jc + jr) * E;
            const mr = min(MR, mc - ir);
            if (mr == MR && nr == NR) {
              microKernel<T>(kc, ap, bp, cp, ldc, accumulate);
            } else {
              microKernel<T>(kc, ap, bp, tile, <usize>TILE_ROW_BYTES, false);
              addTileEdge<T>(tile, cp, ldc, mr, nr, accumulate);
            }
          }
        }
      }
    }
  }
}

/** Writes the valid mr x nr corner of a full tile computed into scratch. */
function addTileEdge<T>(tile: usize, c: usize, ldc: usize, mr: i32, nr: i32, accumulate: bool): void {
  const E = <usize>sizeof<T>();
  for (let i = 0; i < mr; i++) {
    const from = tile + <usize>(i * TILE_ROW_BYTES);
    const to = c + <usize>i * ldc;
    for (let j = 0; j < nr; j++) {
      const x = load<T>(from + <usize>j * E);
      const at = to + <usize>j * E;
      store<T>(at, accumulate ? load<T>(at) + x : x);
    }
  }
}

/** Small products: a plain triple loop, with no packing overhead. */
function gemmDirect<T>(
  a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  aRow: i32, aStep: i32, bCol: i32, bStep: i32,
): void {
  const E = <usize>sizeof<T>();
  const aStepBytes = <usize>aStep * E;
  const bStepBytes = <usize>bStep * E;
  for (let i = 0; i < m; i++) {
    const aRowPtr = a + <usize>(i * aRow) * E;
    for (let j = 0; j < n; j++) {
      let pa = aRowPtr;
      let pb = b + <usize>(j * bCol) * E;
      let sum = <T>0;
      for (let p = 0; p < k; p++) {
        sum += load<T>(pa) * load<T>(pb);
        pa += aStepBytes;
        pb += bStepBytes;
      }
      store<T>(c, sum);
      c += E;
    }
  }
}

export function matmul_scratch_f32(m: i32, n: i32, k: i32): i32 {
  return scratchBytes<f32>(m, n, k);
}

export function matmul_scratch_f64(m: i32, n: i32, k: i32): i32 {
  return scratchBytes<f64>(m, n, k);
}

export function matmul_scratch_i32(m: i32, n: i32, k: i32): i32 {
  return scratchBytes<i32>(m, n, k);
}

export function matmul_f32(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, flags: i32, scratch: usize): void {
  gemm<f32>(a, b, c, m, n, k, flags, scratch);
}

export function matmul_f64(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, flags: i32, scratch: usize): void {
  gemm<f64>(a, b, c, m, n, k, flags, scratch);
}

/** int32 products wrap around on overflow, as TensorFlow's do. */
export function matmul_i32(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, flags: i32, scratch: usize): void {
  gemm<i32>(a, b, c, m, n, k, flags, scratch);
}
