// Transcendental functions on f32x4 vectors, for the kernels of every family (AssemblyScript's Mathf
// is scalar only). The f64x2 versions live in math-f64.ts and are re-exported here, so kernels import
// both from "./math". Kernels apply the same function to a splatted scalar for their tails, so a value
// gives the same result wherever it sits in an array.
//
// Polynomial coefficients are minimax fits (Remez exchange in 50-digit arithmetic, then rounded to
// float32) of the function named next to them, for the error measure and interval given there.
// "Max error" is the largest error found over ten million inputs against float64 Math.*, in units in
// the last place (ulp) of the float32 result; test/ops/math-accuracy.test.ts checks these bounds on
// dense sweeps and edge cases. NaN inputs give NaN, and infinities give the limits Math.* gives.
export * from "./math-f64";
import { normalCdfTimes_f64x2 } from "./math-f64";

const LOG2E: f32 = 1.442695;
// ln 2 = LN2_HI + LN2_LO; LN2_HI has 16 significant bits, so n * LN2_HI is exact for |n| < 256.
const LN2_HI: f32 = 0.69314575;
const LN2_LO: f32 = 1.4286068e-6;
const SHIFTER: f32 = 12582912; // 1.5 * 2^23
const SHIFTER_BITS: i32 = 0x4b400000;

// (e^r - 1 - r) / r^2 on |r| <= 0.3467, error relative to e^r - 1: 0.29 ulp.
const EXP_Q0: f32 = 0.49999997;
const EXP_Q1: f32 = 0.16666543;
const EXP_Q2: f32 = 0.0416672;
const EXP_Q3: f32 = 0.008366539;
const EXP_Q4: f32 = 0.0013882578;

// (2 atanh(s) - 2s) / s^3 as a polynomial in z = s^2 on z <= 0.02944, error relative to log: 0.03 ulp.
const LOG_P0: f32 = 0.66666776;
const LOG_P1: f32 = 0.39976078;
const LOG_P2: f32 = 0.29925585;

// (tanh(x) - x) / x^3 as a polynomial in x^2 on |x| <= 0.55, error relative to tanh: 0.08 ulp.
const TANH_P0: f32 = -0.3333332;
const TANH_P1: f32 = 0.13332625;
const TANH_P2: f32 = -0.05385165;
const TANH_P3: f32 = 0.021055805;
const TANH_P4: f32 = -0.0062388456;

// @ts-ignore: decorator
@inline function splat(c: f32): v128 {
  return f32x4.splat(c);
}

/** The sign bit of each lane. */
// @ts-ignore: decorator
@inline function signOf(x: v128): v128 {
  return v128.and(x, f32x4.splat(-0.0));
}

/** a * b + c, one Horner step. */
// @ts-ignore: decorator
@inline function mad(a: v128, b: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(a, b), f32x4.splat(c));
}

/** x clamped to [lo, hi]; NaN stays NaN (pseudo-min/max keep their first operand when unordered). */
// @ts-ignore: decorator
@inline function clamp(x: v128, lo: f32, hi: f32): v128 {
  return f32x4.pmin(f32x4.pmax(x, splat(lo)), splat(hi));
}

/** 2^n for integer lanes n in [-126, 127]. */
// @ts-ignore: decorator
@inline function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/**
 * t = x / ln2 + 1.5 * 2^23, rounded: the addition rounds x / ln2 to an integer n (ties to even), so
 * t - 1.5 * 2^23 is n as a float, and the bits of t minus SHIFTER_BITS are n as an integer.
 */
// @ts-ignore: decorator
@inline function shiftedLog2(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(SHIFTER));
}

/** r = x - n ln2: |r| <= ln2/2, and x - n * LN2_HI is exact (Cody and Waite). */
// @ts-ignore: decorator
@inline function reduceLn2(x: v128, n: v128): v128 {
  return f32x4.sub(f32x4.sub(x, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
}

/** r^2 Q(r), where e^r - 1 = r + r^2 Q(r) for |r| <= ln2/2. */
// @ts-ignore: decorator
@inline function expTail(r: v128): v128 {
  let q = mad(splat(EXP_Q4), r, EXP_Q3);
  q = mad(q, r, EXP_Q2);
  q = mad(q, r, EXP_Q1);
  q = mad(q, r, EXP_Q0);
  return f32x4.mul(f32x4.mul(r, r), q);
}

/** e^x. Max error 1.1 ulp; subnormal results are rounded once. */
// @ts-ignore: decorator
@inline export function exp_f32x4(x: v128): v128 {
  // Outside [-104, 89] the result is 0 or +Inf; clamping keeps n in range.
  const xc = clamp(x, -104, 89);
  const t = shiftedLog2(xc);
  const r = reduceLn2(xc, f32x4.sub(t, splat(SHIFTER)));
  const p = f32x4.add(splat(1), f32x4.add(r, expTail(r)));
  // 2^n as two normal factors: a subnormal result is rounded only by the last product, and n = 128
  // (just below the overflow threshold) needs no special case.
  const n = i32x4.sub(t, i32x4.splat(SHIFTER_BITS));
  const half = i32x4.shr_s(n, 1);
  return f32x4.mul(f32x4.mul(p, pow2(half)), pow2(i32x4.sub(n, half)));
}

/** e^x - 1, accurate in relative terms near 0. Max error 1.5 ulp. */
// @ts-ignore: decorator
@inline export function expm1_f32x4(x: v128): v128 {
  // Below -18 the result rounds to -1, above 89 it overflows.
  const xc = clamp(x, -18, 89);
  const t = shiftedLog2(xc);
  const r = reduceLn2(xc, f32x4.sub(t, splat(SHIFTER)));
  const n = i32x4.sub(t, i32x4.splat(SHIFTER_BITS));
  // e^x - 1 = 2^n p + (2^n - 1) with p = e^r - 1 = r + tail: both terms are exact, so only their sum
  // rounds. For n = 1 they cancel most, and (1 + 2r) + 2 tail is better: 1 + 2r is exact there.
  // 2^n = 2^min(n, 127) * (1 or 2), so that the largest n stays finite.
  const tail = expTail(r);
  const low = i32x4.min_s(n, i32x4.splat(127));
  const s = pow2(low);
  const scaled = f32x4.add(f32x4.mul(s, f32x4.add(r, tail)), f32x4.sub(s, splat(1)));
  const nearOne = f32x4.add(f32x4.add(splat(1), f32x4.add(r, r)), f32x4.add(tail, tail));
  const y = f32x4.mul(v128.bitselect(nearOne, scaled, i32x4.eq(n, i32x4.splat(1))), pow2(i32x4.sub(n, low)));
  // The result has the sign of x, which keeps expm1(-0) = -0.
  return v128.or(y, signOf(x));
}

/**
 * log(u) + c for finite u > 0 (subnormals included) and a small correction c. With u = 2^k m,
 * m in [sqrt(1/2), sqrt(2)), f = m - 1 and s = f / (2 + f): log(m) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R)
 * with R = s^2 P(s^2), which keeps the rounding of s out of the leading terms.
 */
// @ts-ignore: decorator
@inline function logPlus(u: v128, c: v128): v128 {
  const subnormal = f32x4.lt(u, splat(f32.MIN_NORMAL_VALUE));
  const un = v128.bitselect(f32x4.mul(u, splat(8388608)), u, subnormal); // 2^23
  const k = i32x4.shr_s(i32x4.sub(un, i32x4.splat(0x3f3504f3)), 23); // 0x3f3504f3 = sqrt(1/2)
  const m = i32x4.sub(un, i32x4.shl(k, 23));
  const kf = f32x4.sub(f32x4.convert_i32x4_s(k), v128.and(subnormal, splat(23)));
  const f = f32x4.sub(m, splat(1));
  const s = f32x4.div(f, f32x4.add(f, splat(2)));
  const z = f32x4.mul(s, s);
  const r = f32x4.mul(z, mad(mad(splat(LOG_P2), z, LOG_P1), z, LOG_P0));
  const hfsq = f32x4.mul(f32x4.mul(f, f), splat(0.5));
  const lo = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.add(f32x4.mul(kf, splat(LN2_LO)), c));
  return f32x4.add(f32x4.mul(kf, splat(LN2_HI)), f32x4.sub(f, f32x4.sub(hfsq, lo)));
}

/** Replaces y where u is outside (0, +Inf): log(±0) = -Inf, log(u < 0) = NaN, log(+Inf) = +Inf, NaN stays. */
// @ts-ignore: decorator
@inline function logSpecial(u: v128, y: v128): v128 {
  const inside = v128.and(f32x4.gt(u, splat(0)), f32x4.lt(u, splat(f32.POSITIVE_INFINITY)));
  const special = v128.bitselect(
    splat(f32.NEGATIVE_INFINITY),
    v128.bitselect(splat(f32.NaN), u, f32x4.lt(u, splat(0))),
    f32x4.eq(u, splat(0)),
  );
  return v128.bitselect(y, special, inside);
}

/** Natural logarithm. Max error 1 ulp. */
// @ts-ignore: decorator
@inline export function log_f32x4(x: v128): v128 {
  return logSpecial(x, logPlus(x, splat(0)));
}

/** log(1 + x), accurate in relative terms near 0. Max error 1 ulp. */
// @ts-ignore: decorator
@inline export function log1p_f32x4(x: v128): v128 {
  const u = f32x4.add(x, splat(1));
  // log(1 + x) = log(u) + c/u to first order, where c = x - (u - 1) is the rounding error of 1 + x.
  const c = f32x4.div(f32x4.sub(x, f32x4.sub(u, splat(1))), u);
  const y = logSpecial(u, logPlus(u, c));
  // The result has the sign of x, which keeps log1p(-0) = -0.
  return v128.or(y, signOf(x));
}

/** Hyperbolic tangent. Max error 1.6 ulp. */
// @ts-ignore: decorator
@inline export function tanh_f32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const small = f32x4.lt(a, splat(0.55));
  let t = splat(0);
  if (v128.any_true(small)) {
    // x + x^3 P(x^2)
    const v = f32x4.mul(x, x);
    const p = mad(mad(mad(mad(splat(TANH_P4), v, TANH_P3), v, TANH_P2), v, TANH_P1), v, TANH_P0);
    t = f32x4.add(x, f32x4.mul(x, f32x4.mul(v, p)));
  }
  if (!i32x4.all_true(small)) {
    // (1 - e) / (1 + e) with e = e^(-2|x|) <= 1/3, which cannot overflow.
    const e = exp_f32x4(f32x4.mul(a, splat(-2)));
    t = v128.bitselect(t, f32x4.div(f32x4.sub(splat(1), e), f32x4.add(splat(1), e)), small);
  }
  // The sign of x goes back on (tanh(-0) = -0).
  return v128.or(t, signOf(x));
}

/** 1 / (1 + e^-x). Max error 2.4 ulp, also where the result is tiny. */
// @ts-ignore: decorator
@inline export function sigmoid_f32x4(x: v128): v128 {
  // With e = e^-|x| (which cannot overflow): 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0.
  const e = exp_f32x4(f32x4.neg(f32x4.abs(x)));
  const numerator = v128.bitselect(splat(1), e, f32x4.ge(x, splat(0)));
  return f32x4.div(numerator, f32x4.add(splat(1), e));
}

/** log(1 + e^x). Max error 1.6 ulp. */
// @ts-ignore: decorator
@inline export function softplus_f32x4(x: v128): v128 {
  // max(x, 0) + log1p(e^-|x|): neither term overflows and the second is accurate when tiny. As in
  // log1p, c / u corrects for the rounding of u = 1 + e; u is in [1, 2], so no special cases arise.
  const e = exp_f32x4(f32x4.neg(f32x4.abs(x)));
  const u = f32x4.add(e, splat(1));
  const c = f32x4.div(f32x4.sub(e, f32x4.sub(u, splat(1))), u);
  return f32x4.add(f32x4.pmax(x, splat(0)), logPlus(u, c));
}

/**
 * k Φ(x), where Φ is the standard normal distribution function erfc(-x / sqrt 2) / 2: computed in
 * float64 (math-f64.ts) two lanes at a time and rounded once, so it is accurate in relative terms
 * everywhere, down to the subnormal results of the far lower tail. Max error 0.501 ulp.
 */
// @ts-ignore: decorator
@inline export function normalCdfTimes_f32x4(x: v128, k: v128): v128 {
  const low = normalCdfTimes_f64x2(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(k));
  const xHigh = f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1));
  const high = normalCdfTimes_f64x2(xHigh, f64x2.promote_low_f32x4(i64x2.shuffle(k, k, 1, 1)));
  return i64x2.shuffle(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 2);
}
