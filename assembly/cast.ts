// dtype conversions, cast_<from>_<to>(src, out, n), with TensorFlow's semantics:
// float -> int32 truncates toward zero (out of range saturates and NaN gives 0, as on ARM; TensorFlow
// leaves it undefined), x -> bool is x != 0 (so NaN -> true), bool -> number is 0/1, and
// float64 -> float32 and int32 -> float32 round to nearest.
import { loadLow, packMask, storeLow } from "./binary-lanes";

export function cast_f32_f64(src: usize, out: usize, n: i32): void { convert<f32, f64>(src, out, n); }
export function cast_f32_i32(src: usize, out: usize, n: i32): void { convert<f32, i32>(src, out, n); }
export function cast_f32_u8(src: usize, out: usize, n: i32): void { convert<f32, u8>(src, out, n); }
export function cast_f64_f32(src: usize, out: usize, n: i32): void { convert<f64, f32>(src, out, n); }
export function cast_f64_i32(src: usize, out: usize, n: i32): void { convert<f64, i32>(src, out, n); }
export function cast_f64_u8(src: usize, out: usize, n: i32): void { convert<f64, u8>(src, out, n); }
export function cast_i32_f32(src: usize, out: usize, n: i32): void { convert<i32, f32>(src, out, n); }
export function cast_i32_f64(src: usize, out: usize, n: i32): void { convert<i32, f64>(src, out, n); }
export function cast_i32_u8(src: usize, out: usize, n: i32): void { convert<i32, u8>(src, out, n); }
export function cast_u8_f32(src: usize, out: usize, n: i32): void { convert<u8, f32>(src, out, n); }
export function cast_u8_f64(src: usize, out: usize, n: i32): void { convert<u8, f64>(src, out, n); }
export function cast_u8_i32(src: usize, out: usize, n: i32): void { convert<u8, i32>(src, out, n); }

/** Converts in steps of as many elements as a vector of the wider type holds, then a scalar tail. */
// @ts-ignore: decorator
@inline function convert<From, To>(src: usize, out: usize, n: i32): void {
  const step = 16 / (sizeof<From>() > sizeof<To>() ? sizeof<From>() : sizeof<To>());
  const end = out + <usize>n * sizeof<To>();
  for (; out + step * sizeof<To>() <= end; src += step * sizeof<From>(), out += step * sizeof<To>()) {
    storeLow(out, convertLanes<From, To>(loadLow(src, step * sizeof<From>())), step * sizeof<To>());
  }
  for (; out < end; src += sizeof<From>(), out += sizeof<To>()) {
    store<To>(out, convertScalar<From, To>(load<From>(src)));
  }
}

/** Converts the low lanes of `v`, one `step` of elements. */
// @ts-ignore: decorator
@inline function convertLanes<From, To>(v: v128): v128 {
  if (sizeof<To>() == 1) return packMask<From>(v128.ne<From>(v, v128.splat<From>(0)));
  if (sizeof<From>() == 1) {
    const words = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v));
    if (isInteger<To>()) return words;
    return sizeof<To>() == 4 ? f32x4.convert_i32x4_u(words) : f64x2.convert_low_i32x4_u(words);
  }
  if (isFloat<From>() && isFloat<To>()) {
    return sizeof<To>() == 8 ? f64x2.promote_low_f32x4(v) : f32x4.demote_f64x2_zero(v);
  }
  if (isFloat<From>()) return sizeof<From>() == 4 ? i32x4.trunc_sat_f32x4_s(v) : i32x4.trunc_sat_f64x2_s_zero(v);
  return sizeof<To>() == 4 ? f32x4.convert_i32x4_s(v) : f64x2.convert_low_i32x4_s(v);
}

// @ts-ignore: decorator
@inline function convertScalar<From, To>(x: From): To {
  if (sizeof<To>() == 1) return <To>(x != 0);
  return <To>x; // float -> int32 compiles to the saturating truncation
}
