// The matmul micro-kernel: a 4-row by 2-vector tile of C held in 8 v128 accumulators
// (4x8 for f32 and i32, 4x4 for f64), updated with one rank-1 product per step of k:
//
//   packed A sliver: a0 a1 a2 a3 | a0 a1 a2 a3 | ...   one splat per row and step
//   packed B sliver: [b0..]  [b1..] | [b0..] [b1..] | ...  two vectors per step
//   c[i][v] += splat(a_i) * b_v
//
// Sized for V8's 15 usable xmm registers: TurboFan (Node 20) issues a step's six loads before its
// arithmetic, so 8 accumulators + 6 operands + 1 product just fit. Larger tiles (5x8, 3x12,
// 6x8, 4x12) spill and measured 26-55 GFLOP/s; unrolling k by hand spills the same way (V8
// unrolls this loop itself). This tile sustains ~58 GFLOP/s in f32 here, the FP ports' limit being ~65.

/** Rows of C per tile. */
export const MR: i32 = 4;
/** Bytes of one packed B step (two v128): the tile is MR x (TILE_ROW_BYTES / sizeof<T>()). */
export const TILE_ROW_BYTES: i32 = 32;

/**
 * C tile (MR rows at stride `ldc` bytes) = (accumulate ? C : 0) + A sliver x B sliver over `kc`
 * steps. `kc` must be at least 1.
 */
// @ts-ignore: decorator
@inline
export function microKernel<T>(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, accumulate: bool): void {
  const E = <usize>sizeof<T>();
  let c00 = v128.splat<T>(<T>0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  const bEnd = bp + <usize>kc * <usize>TILE_ROW_BYTES;
  do {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load_splat<T>(ap);
    const a1 = v128.load_splat<T>(ap, sizeof<T>());
    const a2 = v128.load_splat<T>(ap, 2 * sizeof<T>());
    const a3 = v128.load_splat<T>(ap, 3 * sizeof<T>());
    c00 = v128.add<T>(c00, v128.mul<T>(a0, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a0, b1));
    c10 = v128.add<T>(c10, v128.mul<T>(a1, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a1, b1));
    c20 = v128.add<T>(c20, v128.mul<T>(a2, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a2, b1));
    c30 = v128.add<T>(c30, v128.mul<T>(a3, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a3, b1));
    ap += 4 * E;
    bp += <usize>TILE_ROW_BYTES;
  } while (bp < bEnd);
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  if (accumulate) {
    c00 = v128.add<T>(c00, v128.load(c));
    c01 = v128.add<T>(c01, v128.load(c, 16));
    c10 = v128.add<T>(c10, v128.load(c1));
    c11 = v128.add<T>(c11, v128.load(c1, 16));
    c20 = v128.add<T>(c20, v128.load(c2));
    c21 = v128.add<T>(c21, v128.load(c2, 16));
    c30 = v128.add<T>(c30, v128.load(c3));
    c31 = v128.add<T>(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}
