// Element-wise activation kernels. The tail applies the same vector function to one splatted value,
// so every element gets the same approximation wherever it sits.
import {
  expm1_f32x4,
  expm1_f64x2,
  normalCdfTimes_f32x4,
  normalCdfTimes_f64x2,
  sigmoid_f32x4,
  sigmoid_f64x2,
  softplus_f32x4,
  softplus_f64x2,
  tanh_f32x4,
  tanh_f64x2,
} from "./math";

// sqrt(8 / π): 0.5 (1 + tanh z) = sigmoid(2z), and the tanh form of gelu has z = sqrt(2 / π) (x + 0.044715 x^3).
const SQRT_8_OVER_PI = 1.5957691216057308;
const GELU_CUBIC = 0.044715;

// ---- float32 ----

/**
 * max(x, 0); NaN stays NaN. Clearing the negative lanes is one compare and one andnot; f32x4.max's NaN
 * rules cost far more on x86. NaN is not <= 0, so it passes through, and -0 becomes +0, as max would.
 */
// @ts-ignore: decorator
@inline function relu_f32x4(v: v128): v128 {
  return v128.andnot(v, f32x4.le(v, f32x4.splat(0)));
}

// The relu loops do four vectors per iteration: with one, the loop control costs as much as the work
// and the kernel ran at about two thirds of the bandwidth of the unrolled loop.
export function relu_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 64 <= end; x += 64, out += 64) {
    const v0 = v128.load(x);
    const v1 = v128.load(x, 16);
    const v2 = v128.load(x, 32);
    const v3 = v128.load(x, 48);
    v128.store(out, relu_f32x4(v0));
    v128.store(out, relu_f32x4(v1), 16);
    v128.store(out, relu_f32x4(v2), 32);
    v128.store(out, relu_f32x4(v3), 48);
  }
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, relu_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) {
    const v = load<f32>(x);
    store<f32>(out, v <= 0 ? 0 : v);
  }
}

export function sigmoid_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, sigmoid_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(sigmoid_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function tanh_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, tanh_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(tanh_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function softplus_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, softplus_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(softplus_f32x4(f32x4.splat(load<f32>(x))), 0));
}

/** x for x > 0, alpha x otherwise (NaN stays NaN). */
// @ts-ignore: decorator
@inline function leakyRelu_f32x4(x: v128, alpha: v128): v128 {
  return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, f32x4.splat(0)));
}

export function leakyRelu_f32(x: usize, out: usize, n: i32, alpha: f32): void {
  const end = x + (<usize>n << 2);
  const a = f32x4.splat(alpha);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, leakyRelu_f32x4(v128.load(x), a));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(leakyRelu_f32x4(f32x4.splat(load<f32>(x)), a), 0));
}

/** x for x > 0, e^x - 1 otherwise. */
// @ts-ignore: decorator
@inline function elu_f32x4(x: v128): v128 {
  return v128.bitselect(x, expm1_f32x4(x), f32x4.gt(x, f32x4.splat(0)));
}

export function elu_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, elu_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(elu_f32x4(f32x4.splat(load<f32>(x))), 0));
}

/** x Φ(x). Below -15 it rounds to -0, so clamping the factor x there gives gelu(-Inf) = -0 rather than -Inf * 0. */
// @ts-ignore: decorator
@inline function gelu_f32x4(x: v128): v128 {
  return normalCdfTimes_f32x4(x, f32x4.pmax(x, f32x4.splat(-15)));
}

/**
 * 0.5 x (1 + tanh z), computed as x sigmoid(2z): the same function without the cancellation of 1 + tanh z
 * for x < 0. The factor x is clamped as in gelu.
 */
// @ts-ignore: decorator
@inline function geluTanh_f32x4(x: v128): v128 {
  const cubic = f32x4.mul(f32x4.mul(f32x4.mul(x, x), x), f32x4.splat(<f32>GELU_CUBIC));
  const twoZ = f32x4.mul(f32x4.add(x, cubic), f32x4.splat(<f32>SQRT_8_OVER_PI));
  return f32x4.mul(f32x4.pmax(x, f32x4.splat(-15)), sigmoid_f32x4(twoZ));
}

export function gelu_f32(x: usize, out: usize, n: i32, approximate: bool): void {
  const end = x + (<usize>n << 2);
  if (approximate) {
    for (; x + 16 <= end; x += 16, out += 16) v128.store(out, geluTanh_f32x4(v128.load(x)));
    for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(geluTanh_f32x4(f32x4.splat(load<f32>(x))), 0));
  } else {
    for (; x + 16 <= end; x += 16, out += 16) v128.store(out, gelu_f32x4(v128.load(x)));
    for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(gelu_f32x4(f32x4.splat(load<f32>(x))), 0));
  }
}

// ---- float64 ----

/** max(x, 0); NaN stays NaN (see relu_f32x4). */
// @ts-ignore: decorator
@inline function relu_f64x2(v: v128): v128 {
  return v128.andnot(v, f64x2.le(v, f64x2.splat(0)));
}

export function relu_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 64 <= end; x += 64, out += 64) {
    const v0 = v128.load(x);
    const v1 = v128.load(x, 16);
    const v2 = v128.load(x, 32);
    const v3 = v128.load(x, 48);
    v128.store(out, relu_f64x2(v0));
    v128.store(out, relu_f64x2(v1), 16);
    v128.store(out, relu_f64x2(v2), 32);
    v128.store(out, relu_f64x2(v3), 48);
  }
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, relu_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) {
    const v = load<f64>(x);
    store<f64>(out, v <= 0 ? 0 : v);
  }
}

export function sigmoid_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, sigmoid_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(sigmoid_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function tanh_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, tanh_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(tanh_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function softplus_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, softplus_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(softplus_f64x2(f64x2.splat(load<f64>(x))), 0));
}

/** x for x > 0, alpha x otherwise (NaN stays NaN). */
// @ts-ignore: decorator
@inline function leakyRelu_f64x2(x: v128, alpha: v128): v128 {
  return v128.bitselect(x, f64x2.mul(x, alpha), f64x2.gt(x, f64x2.splat(0)));
}

export function leakyRelu_f64(x: usize, out: usize, n: i32, alpha: f64): void {
  const end = x + (<usize>n << 3);
  const a = f64x2.splat(alpha);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, leakyRelu_f64x2(v128.load(x), a));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(leakyRelu_f64x2(f64x2.splat(load<f64>(x)), a), 0));
}

/** x for x > 0, e^x - 1 otherwise. */
// @ts-ignore: decorator
@inline function elu_f64x2(x: v128): v128 {
  return v128.bitselect(x, expm1_f64x2(x), f64x2.gt(x, f64x2.splat(0)));
}

export function elu_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, elu_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(elu_f64x2(f64x2.splat(load<f64>(x))), 0));
}

/** x Φ(x). Below -40 it rounds to -0, so clamping the factor x there gives gelu(-Inf) = -0 rather than -Inf * 0. */
// @ts-ignore: decorator
@inline function gelu_f64x2(x: v128): v128 {
  return normalCdfTimes_f64x2(x, f64x2.pmax(x, f64x2.splat(-40)));
}

/**
 * 0.5 x (1 + tanh z), computed as x sigmoid(2z): the same function without the cancellation of 1 + tanh z
 * for x < 0. The factor x is clamped as in gelu.
 */
// @ts-ignore: decorator
@inline function geluTanh_f64x2(x: v128): v128 {
  const cubic = f64x2.mul(f64x2.mul(f64x2.mul(x, x), x), f64x2.splat(GELU_CUBIC));
  const twoZ = f64x2.mul(f64x2.add(x, cubic), f64x2.splat(SQRT_8_OVER_PI));
  return f64x2.mul(f64x2.pmax(x, f64x2.splat(-40)), sigmoid_f64x2(twoZ));
}

export function gelu_f64(x: usize, out: usize, n: i32, approximate: bool): void {
  const end = x + (<usize>n << 3);
  if (approximate) {
    for (; x + 16 <= end; x += 16, out += 16) v128.store(out, geluTanh_f64x2(v128.load(x)));
    for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(geluTanh_f64x2(f64x2.splat(load<f64>(x))), 0));
  } else {
    for (; x + 16 <= end; x += 16, out += 16) v128.store(out, gelu_f64x2(v128.load(x)));
    for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(gelu_f64x2(f64x2.splat(load<f64>(x))), 0));
  }
}

// ---- int32 ----

export function relu_i32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  const zero = i32x4.splat(0);
  for (; x + 64 <= end; x += 64, out += 64) {
    const v0 = v128.load(x);
    const v1 = v128.load(x, 16);
    const v2 = v128.load(x, 32);
    const v3 = v128.load(x, 48);
    v128.store(out, i32x4.max_s(v0, zero));
    v128.store(out, i32x4.max_s(v1, zero), 16);
    v128.store(out, i32x4.max_s(v2, zero), 32);
    v128.store(out, i32x4.max_s(v3, zero), 48);
  }
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, i32x4.max_s(v128.load(x), zero));
  for (; x < end; x += 4, out += 4) store<i32>(out, max<i32>(load<i32>(x), 0));
}
