// The element-wise binary driver: one op code, instantiated per element type T (inputs) and O
// (output). After inlining, the op code is a constant and every branch on it folds away, so each
// exported kernel is a straight SIMD loop.
import { arg } from "./args";
import { packMask, storeLow } from "./binary-lanes";
import { A_SCALAR, B_SCALAR, innerStride, nextRow, RANK, rowOffset, SAME, SHAPE, startRows, STRIDED } from "./binary-strided";

export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
/** int32 / int32 -> float64, as TensorFlow's truediv. */
export const TRUE_DIV: i32 = 4;
export const POW: i32 = 5;
export const MAXIMUM: i32 = 6;
export const MINIMUM: i32 = 7;
export const EQUAL: i32 = 8;
export const NOT_EQUAL: i32 = 9;
export const GREATER: i32 = 10;
export const GREATER_EQUAL: i32 = 11;
export const LESS: i32 = 12;
export const LESS_EQUAL: i32 = 13;

/**
 * out[i] = a[i] op b[i] over `n` output elements. `layout` (see binary-strided.ts) says how the
 * operands line up with the output; STRIDED reads shapes and strides from the args block.
 */
// @ts-ignore: decorator
@inline export function binary<T, O>(op: i32, a: usize, b: usize, out: usize, n: i32, layout: i32): void {
  let rows = 1;
  let inner = n;
  let rowLayout = layout;
  let rank = 0;
  if (layout == STRIDED) {
    rank = arg(RANK);
    inner = arg(SHAPE + rank - 1);
    rowLayout = innerStride(0, rank) == 0 ? A_SCALAR : innerStride(1, rank) == 0 ? B_SCALAR : SAME;
    rows = startRows(rank);
  }
  for (let row = 0; row < rows; row++) {
    let pa = a;
    let pb = b;
    if (layout == STRIDED) {
      pa += rowOffset(0, rank) * sizeof<T>();
      pb += rowOffset(1, rank) * sizeof<T>();
      nextRow(rank);
    }
    if (rowLayout == SAME) bothVectors<T, O>(op, pa, pb, out, inner);
    else if (rowLayout == B_SCALAR) rightScalar<T, O>(op, pa, pb, out, inner);
    else leftScalar<T, O>(op, pa, pb, out, inner);
    out += <usize>inner * sizeof<O>();
  }
}

// @ts-ignore: decorator
@inline function bothVectors<T, O>(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const end = a + <usize>n * sizeof<T>();
  if (op != POW) {
    for (; a + 16 <= end; a += 16, b += 16, out += outBytesPerVector<T, O>()) {
      storeVector<T, O>(op, v128.load(a), v128.load(b), out);
    }
  }
  for (; a < end; a += sizeof<T>(), b += sizeof<T>(), out += sizeof<O>()) {
    storeScalar<T, O>(op, load<T>(a), load<T>(b), out);
  }
}

// @ts-ignore: decorator
@inline function rightScalar<T, O>(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const y = load<T>(b);
  const vy = v128.splat<T>(y);
  const end = a + <usize>n * sizeof<T>();
  if (op != POW) {
    for (; a + 16 <= end; a += 16, out += outBytesPerVector<T, O>()) storeVector<T, O>(op, v128.load(a), vy, out);
  }
  for (; a < end; a += sizeof<T>(), out += sizeof<O>()) storeScalar<T, O>(op, load<T>(a), y, out);
}

// @ts-ignore: decorator
@inline function leftScalar<T, O>(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const x = load<T>(a);
  const vx = v128.splat<T>(x);
  const end = b + <usize>n * sizeof<T>();
  if (op != POW) {
    for (; b + 16 <= end; b += 16, out += outBytesPerVector<T, O>()) storeVector<T, O>(op, vx, v128.load(b), out);
  }
  for (; b < end; b += sizeof<T>(), out += sizeof<O>()) storeScalar<T, O>(op, x, load<T>(b), out);
}

// @ts-ignore: decorator
@inline function outBytesPerVector<T, O>(): usize {
  return (16 / sizeof<T>()) * sizeof<O>();
}

// @ts-ignore: decorator
@inline function storeVector<T, O>(op: i32, x: v128, y: v128, out: usize): void {
  if (op >= EQUAL) storeLow(out, packMask<T>(compareVector<T>(op, x, y)), 16 / sizeof<T>());
  else if (op == TRUE_DIV) storeTrueDivide(x, y, out);
  else v128.store(out, arithmeticVector<T>(op, x, y));
}

// @ts-ignore: decorator
@inline function storeScalar<T, O>(op: i32, x: T, y: T, out: usize): void {
  if (op >= EQUAL) store<u8>(out, <u8>compareScalar<T>(op, x, y));
  else if (op == TRUE_DIV) store<f64>(out, <f64>x / <f64>y);
  else store<T>(out, arithmeticScalar<T>(op, x, y));
}

// @ts-ignore: decorator
@inline function arithmeticVector<T>(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return v128.add<T>(x, y);
  if (op == SUB) return v128.sub<T>(x, y);
  // i8x16 has no multiply and integer lanes no divide; bool and int32 tensors never reach those.
  if (sizeof<T>() > 1 && op == MUL) return v128.mul<T>(x, y);
  if (isFloat<T>() && op == DIV) return v128.div<T>(x, y);
  if (op == MAXIMUM) return v128.max<T>(x, y);
  return v128.min<T>(x, y);
}

// @ts-ignore: decorator
@inline function arithmeticScalar<T>(op: i32, x: T, y: T): T {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == POW) return power<T>(x, y);
  if (op == MAXIMUM) return max<T>(x, y);
  return min<T>(x, y);
}

/** Four int32 lanes divided as float64 into two f64x2 stores. */
// @ts-ignore: decorator
@inline function storeTrueDivide(x: v128, y: v128, out: usize): void {
  const xHigh = i8x16.shuffle(x, x, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  const yHigh = i8x16.shuffle(y, y, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
  v128.store(out, f64x2.div(f64x2.convert_low_i32x4_s(x), f64x2.convert_low_i32x4_s(y)));
  v128.store(out + 16, f64x2.div(f64x2.convert_low_i32x4_s(xHigh), f64x2.convert_low_i32x4_s(yHigh)));
}

// @ts-ignore: decorator
@inline function compareVector<T>(op: i32, x: v128, y: v128): v128 {
  if (op == EQUAL) return v128.eq<T>(x, y);
  if (op == NOT_EQUAL) return v128.ne<T>(x, y);
  if (op == GREATER) return v128.gt<T>(x, y);
  if (op == GREATER_EQUAL) return v128.ge<T>(x, y);
  if (op == LESS) return v128.lt<T>(x, y);
  return v128.le<T>(x, y);
}

// @ts-ignore: decorator
@inline function compareScalar<T>(op: i32, x: T, y: T): bool {
  if (op == EQUAL) return x == y;
  if (op == NOT_EQUAL) return x != y;
  if (op == GREATER) return x > y;
  if (op == GREATER_EQUAL) return x >= y;
  if (op == LESS) return x < y;
  return x <= y;
}

/**
 * C's pow for floats, as TensorFlow computes it: negative bases with integral exponents work, and
 * 1^y and (-1)^±inf are 1 (AssemblyScript's pow follows JavaScript, which gives NaN there).
 * Integer powers wrap.
 */
// @ts-ignore: decorator
@inline function power<T>(x: T, y: T): T {
  if (isFloat<T>()) {
    if (x == 1 || (x == -1 && abs<T>(y) == <T>Infinity)) return 1;
    if (sizeof<T>() == 4) return <T>Mathf.pow(<f32>x, <f32>y);
    return <T>Math.pow(<f64>x, <f64>y);
  }
  return integerPower<T>(x, y);
}

/** Square-and-multiply; a negative exponent gives 1 (the host rejects those, as TensorFlow does). */
function integerPower<T>(base: T, exponent: T): T {
  let result: T = 1;
  while (exponent > 0) {
    if (exponent & 1) result *= base;
    base *= base;
    exponent >>= 1;
  }
  return result;
}
