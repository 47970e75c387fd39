// Element-wise exp, expm1, log and log1p: the vector functions of math.ts over arrays. The tail applies
// the same vector function to one splatted value, so every element gets the same approximation.
import {
  exp_f32x4,
  exp_f64x2,
  expm1_f32x4,
  expm1_f64x2,
  log1p_f32x4,
  log1p_f64x2,
  log_f32x4,
  log_f64x2,
} from "./math";

export function exp_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, exp_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(exp_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function expm1_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, expm1_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(expm1_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function log_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, log_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(log_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function log1p_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, log1p_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(log1p_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function exp_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, exp_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(exp_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function expm1_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, expm1_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(expm1_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function log_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, log_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(log_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function log1p_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, log1p_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(log1p_f64x2(f64x2.splat(load<f64>(x))), 0));
}
