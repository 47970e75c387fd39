// Element-wise unary kernels: arithmetic, rounding and trigonometry. Every kernel reads n values at x
// and writes n results at out (which may equal x). Exactly rounded operations use the scalar instruction
// in the tail, which gives the same result as the vector one.
export * from "./unary-activation";
export * from "./unary-exp";

// ---- float32 ----

export function neg_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.neg(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, -load<f32>(x));
}

export function abs_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.abs(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, abs<f32>(load<f32>(x)));
}

export function square_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) {
    const v = v128.load(x);
    v128.store(out, f32x4.mul(v, v));
  }
  for (; x < end; x += 4, out += 4) {
    const v = load<f32>(x);
    store<f32>(out, v * v);
  }
}

export function sqrt_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.sqrt(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, sqrt<f32>(load<f32>(x)));
}

export function rsqrt_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  const one = f32x4.splat(1);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.div(one, f32x4.sqrt(v128.load(x))));
  for (; x < end; x += 4, out += 4) store<f32>(out, <f32>1 / sqrt<f32>(load<f32>(x)));
}

export function reciprocal_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  const one = f32x4.splat(1);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.div(one, v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, <f32>1 / load<f32>(x));
}

/** sign(x): -1, 0 or 1; ±0 and NaN are returned as they are. */
// @ts-ignore: decorator
@inline function sign_f32x4(x: v128): v128 {
  const unit = v128.or(f32x4.splat(1), v128.and(x, f32x4.splat(-0.0)));
  return v128.bitselect(unit, x, f32x4.gt(f32x4.abs(x), f32x4.splat(0)));
}

export function sign_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, sign_f32x4(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, f32x4.extract_lane(sign_f32x4(f32x4.splat(load<f32>(x))), 0));
}

export function floor_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.floor(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, floor<f32>(load<f32>(x)));
}

export function ceil_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.ceil(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, ceil<f32>(load<f32>(x)));
}

/** Rounds half to even, as TensorFlow's round does. */
export function round_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f32x4.nearest(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<f32>(out, nearest<f32>(load<f32>(x)));
}

// sin, cos and tan have no vector form here: Mathf's (musl's) scalar functions, one value at a time.
// Mathf's reduction of huge arguments (|x| >= 2^28 π/2, its pio2f_large_quot) is wrong for some of
// them: Mathf.sin(6.1897e26) gave -0.4497, not -0.5354. Those go through the float64 functions, whose
// reduction is exact, rounded once to float32 (within an ulp).
const TRIG_LARGE: f32 = 421657440; // 2^28 π/2 rounded down, where Mathf switches to that reduction

// @ts-ignore: decorator
@inline function sinf(x: f32): f32 {
  return abs<f32>(x) < TRIG_LARGE ? Mathf.sin(x) : <f32>Math.sin(<f64>x);
}

// @ts-ignore: decorator
@inline function cosf(x: f32): f32 {
  return abs<f32>(x) < TRIG_LARGE ? Mathf.cos(x) : <f32>Math.cos(<f64>x);
}

// @ts-ignore: decorator
@inline function tanf(x: f32): f32 {
  return abs<f32>(x) < TRIG_LARGE ? Mathf.tan(x) : <f32>Math.tan(<f64>x);
}

export function sin_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x < end; x += 4, out += 4) store<f32>(out, sinf(load<f32>(x)));
}

export function cos_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x < end; x += 4, out += 4) store<f32>(out, cosf(load<f32>(x)));
}

export function tan_f32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x < end; x += 4, out += 4) store<f32>(out, tanf(load<f32>(x)));
}

// ---- float64 ----

export function neg_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.neg(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, -load<f64>(x));
}

export function abs_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.abs(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, abs<f64>(load<f64>(x)));
}

export function square_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) {
    const v = v128.load(x);
    v128.store(out, f64x2.mul(v, v));
  }
  for (; x < end; x += 8, out += 8) {
    const v = load<f64>(x);
    store<f64>(out, v * v);
  }
}

export function sqrt_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.sqrt(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, sqrt<f64>(load<f64>(x)));
}

export function rsqrt_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  const one = f64x2.splat(1);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.div(one, f64x2.sqrt(v128.load(x))));
  for (; x < end; x += 8, out += 8) store<f64>(out, 1 / sqrt<f64>(load<f64>(x)));
}

export function reciprocal_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  const one = f64x2.splat(1);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.div(one, v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, 1 / load<f64>(x));
}

/** sign(x): -1, 0 or 1; ±0 and NaN are returned as they are. */
// @ts-ignore: decorator
@inline function sign_f64x2(x: v128): v128 {
  const unit = v128.or(f64x2.splat(1), v128.and(x, f64x2.splat(-0.0)));
  return v128.bitselect(unit, x, f64x2.gt(f64x2.abs(x), f64x2.splat(0)));
}

export function sign_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, sign_f64x2(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, f64x2.extract_lane(sign_f64x2(f64x2.splat(load<f64>(x))), 0));
}

export function floor_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.floor(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, floor<f64>(load<f64>(x)));
}

export function ceil_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.ceil(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, ceil<f64>(load<f64>(x)));
}

/** Rounds half to even, as TensorFlow's round does. */
export function round_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, f64x2.nearest(v128.load(x)));
  for (; x < end; x += 8, out += 8) store<f64>(out, nearest<f64>(load<f64>(x)));
}

export function sin_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x < end; x += 8, out += 8) store<f64>(out, Math.sin(load<f64>(x)));
}

export function cos_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x < end; x += 8, out += 8) store<f64>(out, Math.cos(load<f64>(x)));
}

export function tan_f64(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 3);
  for (; x < end; x += 8, out += 8) store<f64>(out, Math.tan(load<f64>(x)));
}

// ---- int32 (wrapping, as TensorFlow: neg and abs of -2^31 are -2^31) ----

export function neg_i32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, i32x4.neg(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<i32>(out, -load<i32>(x));
}

export function abs_i32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) v128.store(out, i32x4.abs(v128.load(x)));
  for (; x < end; x += 4, out += 4) store<i32>(out, abs<i32>(load<i32>(x)));
}

export function square_i32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  for (; x + 16 <= end; x += 16, out += 16) {
    const v = v128.load(x);
    v128.store(out, i32x4.mul(v, v));
  }
  for (; x < end; x += 4, out += 4) {
    const v = load<i32>(x);
    store<i32>(out, v * v);
  }
}

export function sign_i32(x: usize, out: usize, n: i32): void {
  const end = x + (<usize>n << 2);
  const zero = i32x4.splat(0);
  for (; x + 16 <= end; x += 16, out += 16) {
    const v = v128.load(x);
    // Comparisons give -1 where true: (v < 0) - (v > 0) is -1, 0 or 1.
    v128.store(out, i32x4.sub(i32x4.lt_s(v, zero), i32x4.gt_s(v, zero)));
  }
  for (; x < end; x += 4, out += 4) {
    const v = load<i32>(x);
    store<i32>(out, <i32>(v > 0) - <i32>(v < 0));
  }
}
