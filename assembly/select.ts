// Three-operand element-wise kernels with broadcasting: where(cond, a, b) and clipByValue(x, lo, hi).
// Every kernel takes (first, second, third, out, n, layout) with layout SAME (all operands line up
// with the output) or STRIDED (shapes and strides in the args block, see binary-strided.ts).
import { arg } from "./args";
import { loadLow, unpackMask } from "./binary-lanes";
import { innerStride, nextRow, RANK, rowOffset, SHAPE, startRows, STRIDED } from "./binary-strided";

const WHERE: i32 = 0;
const CLIP: i32 = 1;

export function where_f32(cond: usize, a: usize, b: usize, out: usize, n: i32, layout: i32): void { ternary<u8, f32>(WHERE, cond, a, b, out, n, layout); }
export function where_f64(cond: usize, a: usize, b: usize, out: usize, n: i32, layout: i32): void { ternary<u8, f64>(WHERE, cond, a, b, out, n, layout); }
export function where_i32(cond: usize, a: usize, b: usize, out: usize, n: i32, layout: i32): void { ternary<u8, i32>(WHERE, cond, a, b, out, n, layout); }
export function where_u8(cond: usize, a: usize, b: usize, out: usize, n: i32, layout: i32): void { ternary<u8, u8>(WHERE, cond, a, b, out, n, layout); }

/** max(min(x, hi), lo), TensorFlow's order: lo wins where lo > hi, and NaN propagates. */
export function clipByValue_f32(x: usize, lo: usize, hi: usize, out: usize, n: i32, layout: i32): void { ternary<f32, f32>(CLIP, x, lo, hi, out, n, layout); }
export function clipByValue_f64(x: usize, lo: usize, hi: usize, out: usize, n: i32, layout: i32): void { ternary<f64, f64>(CLIP, x, lo, hi, out, n, layout); }
export function clipByValue_i32(x: usize, lo: usize, hi: usize, out: usize, n: i32, layout: i32): void { ternary<i32, i32>(CLIP, x, lo, hi, out, n, layout); }

/** F is the first operand's element type (u8 for a condition), T that of the others and the output. */
// @ts-ignore: decorator
@inline function ternary<F, T>(op: i32, p0: usize, p1: usize, p2: usize, out: usize, n: i32, layout: i32): void {
  let rows = 1;
  let inner = n;
  let rank = 0;
  // Bit k (from the top) says whether operand k steps along the innermost dim or is one element.
  let stepping = 7;
  if (layout == STRIDED) {
    rank = arg(RANK);
    inner = arg(SHAPE + rank - 1);
    stepping = (innerStride(0, rank) << 2) | (innerStride(1, rank) << 1) | innerStride(2, rank);
    rows = startRows(rank);
  }
  for (let row = 0; row < rows; row++) {
    let q0 = p0;
    let q1 = p1;
    let q2 = p2;
    if (layout == STRIDED) {
      q0 += rowOffset(0, rank) * sizeof<F>();
      q1 += rowOffset(1, rank) * sizeof<T>();
      q2 += rowOffset(2, rank) * sizeof<T>();
      nextRow(rank);
    }
    switch (stepping) {
      case 7: ternaryRow<F, T>(op, q0, 1, q1, 1, q2, 1, out, inner); break;
      case 6: ternaryRow<F, T>(op, q0, 1, q1, 1, q2, 0, out, inner); break;
      case 5: ternaryRow<F, T>(op, q0, 1, q1, 0, q2, 1, out, inner); break;
      case 4: ternaryRow<F, T>(op, q0, 1, q1, 0, q2, 0, out, inner); break;
      case 3: ternaryRow<F, T>(op, q0, 0, q1, 1, q2, 1, out, inner); break;
      case 2: ternaryRow<F, T>(op, q0, 0, q1, 1, q2, 0, out, inner); break;
      default: ternaryRow<F, T>(op, q0, 0, q1, 0, q2, 1, out, inner); break;
    }
    out += <usize>inner * sizeof<T>();
  }
}

/** One contiguous row; each s* is a constant 1 (the operand steps) or 0 (it is one element). */
// @ts-ignore: decorator
@inline function ternaryRow<F, T>(op: i32, q0: usize, s0: i32, q1: usize, s1: i32, q2: usize, s2: i32, out: usize, n: i32): void {
  const lanes = 16 / sizeof<T>();
  const fixed0 = firstVector<F, T>(op, q0, 0);
  const fixed1 = v128.splat<T>(load<T>(q1));
  const fixed2 = v128.splat<T>(load<T>(q2));
  const end = out + <usize>n * sizeof<T>();
  for (; out + 16 <= end; out += 16) {
    const v0 = s0 ? firstVector<F, T>(op, q0, 1) : fixed0;
    const v1 = s1 ? v128.load(q1) : fixed1;
    const v2 = s2 ? v128.load(q2) : fixed2;
    v128.store(out, op == WHERE ? v128.bitselect(v1, v2, v0) : v128.max<T>(v128.min<T>(v0, v2), v1));
    q0 += <usize>(s0 * lanes) * sizeof<F>();
    q1 += <usize>(s1 * 16);
    q2 += <usize>(s2 * 16);
  }
  for (; out < end; out += sizeof<T>()) {
    const x1 = load<T>(q1);
    const x2 = load<T>(q2);
    if (op == WHERE) store<T>(out, load<u8>(q0) != 0 ? x1 : x2);
    else store<T>(out, max<T>(min<T>(load<T>(q0), x2), x1));
    q0 += <usize>s0 * sizeof<F>();
    q1 += <usize>s1 * sizeof<T>();
    q2 += <usize>s2 * sizeof<T>();
  }
}

/**
 * The first operand as lanes of T: a condition becomes a lane mask; `stepping` 0 splats the
 * element at p (for an operand that is one element per row).
 */
// @ts-ignore: decorator
@inline function firstVector<F, T>(op: i32, p: usize, stepping: i32): v128 {
  if (op == WHERE) {
    if (stepping) return unpackMask<T>(loadLow(p, 16 / sizeof<T>()));
    return load<u8>(p) != 0 ? i8x16.splat(-1) : i8x16.splat(0);
  }
  return stepping ? v128.load(p) : v128.splat<F>(load<F>(p));
}
