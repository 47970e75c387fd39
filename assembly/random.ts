// Seeded random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011) turned into uniform and normal values.
//
// Philox is counter-based: block = philox(key, counter) is a pure function of a 64-bit key and a
// 128-bit counter, so element i of a tensor depends only on (key, counter of its block) and never on
// how many values came before it. The host chooses the key and the upper counter words:
//
//   key     = (k0, k1)                      the global seed, 64-bit two's complement
//   counter = (block, tag + attempt, s0, s1)  block index, stream tag, operation seed (64 bits)
//
// `attempt` is 0 except when truncatedNormal redraws a rejected value. Everything is integer
// arithmetic plus AssemblyScript's own Math.log/sqrt/sincos (musl ports compiled into this module),
// so the same seed gives bit-identical values in every WebAssembly engine.
//
// Conversions (u32 words r0..r3 of a block):
//   float32 uniform  4 per block: u = (r >>> 8) * 2^-24 in [0, 1)
//   float64 uniform  2 per block: u = 53 bits of (r0, r1) * 2^-53 in [0, 1)
//   int32 uniform    2 per block: minval + ((r0 << 32 | r1) mod range)
//   float32 normal   4 per block: Box-Muller on u1 = (r0 + 1) * 2^-32 in (0, 1], u2 = r1 * 2^-32,
//                                 z0 = sqrt(-2 ln u1) cos(2 pi u2), z1 = ... sin(2 pi u2); same for r2, r3
//   float64 normal   2 per block: Box-Muller on u1 = (53 bits of (r0, r1) + 1) * 2^-53, u2 = 53 bits of (r2, r3) * 2^-53
// Normal values are computed in float64 and rounded once to the output dtype.

const M0: u32 = 0xd2511f53;
const M1: u32 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9; // key schedule increments: golden ratio and sqrt(3) - 1
const W1: u32 = 0xbb67ae85;
const TWO_PI: f64 = 6.283185307179586;
const TRUNCATE_AT: f64 = 2.0;

// The four words of the last block; overwritten by every philox call.
let r0: u32 = 0;
let r1: u32 = 0;
let r2: u32 = 0;
let r3: u32 = 0;

// @ts-ignore: decorator
@inline function philox(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32): void {
  for (let round = 0; round < 10; round++) {
    const p0 = <u64>M0 * <u64>c0;
    const p1 = <u64>M1 * <u64>c2;
    c0 = <u32>(p1 >> 32) ^ c1 ^ k0;
    c1 = <u32>p1;
    c2 = <u32>(p0 >> 32) ^ c3 ^ k1;
    c3 = <u32>p0;
    k0 += W0;
    k1 += W1;
  }
  r0 = c0;
  r1 = c1;
  r2 = c2;
  r3 = c3;
}

// @ts-ignore: decorator
@inline function bits53(hi: u32, lo: u32): f64 {
  return <f64>((<u64>hi << 21) | (<u64>lo >> 11));
}

/** Box-Muller: sets normalA/normalB to two independent standard normal values. */
let normalA: f64 = 0;
let normalB: f64 = 0;

// @ts-ignore: decorator
@inline function boxMuller(u1: f64, u2: f64): void {
  const radius = Math.sqrt(-2.0 * Math.log(u1));
  NativeMath.sincos(TWO_PI * u2);
  normalA = radius * NativeMath.sincos_cos;
  normalB = radius * NativeMath.sincos_sin;
}

// @ts-ignore: decorator
@inline function normalPair32(a: u32, b: u32): void {
  boxMuller((<f64>a + 1.0) * 2.3283064365386963e-10, <f64>b * 2.3283064365386963e-10); // 2^-32
}

// @ts-ignore: decorator
@inline function normalPair64(): void {
  boxMuller((bits53(r0, r1) + 1.0) * 1.1102230246251565e-16, bits53(r2, r3) * 1.1102230246251565e-16); // 2^-53
}

/** The largest float32 below x: uniform results that round up to maxval are moved just below it. */
function below32(x: f32): f32 {
  if (x == 0) return -reinterpret<f32>(1);
  const b = reinterpret<i32>(x);
  return reinterpret<f32>(x > 0 ? b - 1 : b + 1);
}

// @ts-ignore: decorator
@inline function uniform32(word: u32, lo: f64, span: f64, top: f32, clamp: bool, clampTo: f32): f32 {
  const v = <f32>(lo + <f64>(word >>> 8) * 5.9604644775390625e-8 * span); // 2^-24
  return clamp && v >= top ? clampTo : v;
}

function below64(x: f64): f64 {
  if (x == 0) return -reinterpret<f64>(1);
  const b = reinterpret<i64>(x);
  return reinterpret<f64>(x > 0 ? b - 1 : b + 1);
}

export function random_uniform_f32(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, lo: f64, hi: f64): void {
  const span = hi - lo;
  const top = <f32>hi;
  const clamp = hi > lo;
  const clampTo = clamp ? below32(top) : top;
  for (let i = 0; i < n; i += 4) {
    philox(k0, k1, <u32>(i >>> 2), tag, s0, s1);
    const p = out + (<usize>i << 2);
    store<f32>(p, uniform32(r0, lo, span, top, clamp, clampTo));
    if (i + 1 == n) break;
    store<f32>(p + 4, uniform32(r1, lo, span, top, clamp, clampTo));
    if (i + 2 == n) break;
    store<f32>(p + 8, uniform32(r2, lo, span, top, clamp, clampTo));
    if (i + 3 == n) break;
    store<f32>(p + 12, uniform32(r3, lo, span, top, clamp, clampTo));
  }
}

export function random_uniform_f64(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, lo: f64, hi: f64): void {
  const span = hi - lo;
  const clampTo = hi > lo ? below64(hi) : hi;
  for (let i = 0; i < n; i += 2) {
    philox(k0, k1, <u32>(i >>> 1), tag, s0, s1);
    let v = lo + bits53(r0, r1) * 1.1102230246251565e-16 * span;
    if (v >= hi && hi > lo) v = clampTo;
    store<f64>(out + (<usize>i << 3), v);
    if (i + 1 == n) break;
    v = lo + bits53(r2, r3) * 1.1102230246251565e-16 * span;
    if (v >= hi && hi > lo) v = clampTo;
    store<f64>(out + (<usize>(i + 1) << 3), v);
  }
}

/** minval + a value in [0, range): `range` is maxval - minval as an unsigned 32-bit number. */
export function random_uniform_i32(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, lo: i32, range: u32): void {
  const r = <u64>range;
  for (let i = 0; i < n; i += 2) {
    philox(k0, k1, <u32>(i >>> 1), tag, s0, s1);
    store<i32>(out + (<usize>i << 2), lo + <i32>((((<u64>r0) << 32) | <u64>r1) % r));
    if (i + 1 == n) break;
    store<i32>(out + (<usize>(i + 1) << 2), lo + <i32>((((<u64>r2) << 32) | <u64>r3) % r));
  }
}

export function random_normal_f32(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, mean: f64, stddev: f64): void {
  for (let i = 0; i < n; i += 4) {
    philox(k0, k1, <u32>(i >>> 2), tag, s0, s1);
    const c = r2;
    const d = r3;
    normalPair32(r0, r1);
    const p = out + (<usize>i << 2);
    store<f32>(p, <f32>(mean + stddev * normalA));
    if (i + 1 == n) break;
    store<f32>(p + 4, <f32>(mean + stddev * normalB));
    if (i + 2 == n) break;
    normalPair32(c, d);
    store<f32>(p + 8, <f32>(mean + stddev * normalA));
    if (i + 3 == n) break;
    store<f32>(p + 12, <f32>(mean + stddev * normalB));
  }
}

export function random_normal_f64(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, mean: f64, stddev: f64): void {
  for (let i = 0; i < n; i += 2) {
    philox(k0, k1, <u32>(i >>> 1), tag, s0, s1);
    normalPair64();
    store<f64>(out + (<usize>i << 3), mean + stddev * normalA);
    if (i + 1 == n) break;
    store<f64>(out + (<usize>(i + 1) << 3), mean + stddev * normalB);
  }
}

/**
 * Standard normal value of lane `lane` (0..3) of block `block`, redrawn from the blocks of attempts
 * 1, 2, ... while it lies 2 or more standard deviations from the mean (attempt 0 was rejected by
 * the caller). Each element redraws on its own, so its value does not depend on its neighbours.
 */
function redrawLane32(k0: u32, k1: u32, block: u32, tag: u32, s0: u32, s1: u32, lane: i32): f64 {
  let attempt: u32 = 0;
  let z: f64;
  do {
    philox(k0, k1, block, tag + ++attempt, s0, s1);
    if (lane < 2) normalPair32(r0, r1);
    else normalPair32(r2, r3);
    z = (lane & 1) == 0 ? normalA : normalB;
  } while (Math.abs(z) >= TRUNCATE_AT);
  return z;
}

function redrawLane64(k0: u32, k1: u32, block: u32, tag: u32, s0: u32, s1: u32, lane: i32): f64 {
  let attempt: u32 = 0;
  let z: f64;
  do {
    philox(k0, k1, block, tag + ++attempt, s0, s1);
    normalPair64();
    z = lane == 0 ? normalA : normalB;
  } while (Math.abs(z) >= TRUNCATE_AT);
  return z;
}

export function random_truncated_normal_f32(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, mean: f64, stddev: f64): void {
  for (let i = 0; i < n; i += 4) {
    const block = <u32>(i >>> 2);
    philox(k0, k1, block, tag, s0, s1);
    const c = r2;
    const d = r3;
    normalPair32(r0, r1);
    const z1 = normalB;
    const z0 = normalA;
    normalPair32(c, d);
    const z2 = normalA;
    const z3 = normalB;
    const count = min(n - i, 4);
    for (let lane = 0; lane < count; lane++) {
      let z = lane == 0 ? z0 : lane == 1 ? z1 : lane == 2 ? z2 : z3;
      if (Math.abs(z) >= TRUNCATE_AT) z = redrawLane32(k0, k1, block, tag, s0, s1, lane);
      store<f32>(out + (<usize>(i + lane) << 2), <f32>(mean + stddev * z));
    }
  }
}

export function random_truncated_normal_f64(out: usize, n: i32, k0: u32, k1: u32, tag: u32, s0: u32, s1: u32, mean: f64, stddev: f64): void {
  for (let i = 0; i < n; i += 2) {
    const block = <u32>(i >>> 1);
    philox(k0, k1, block, tag, s0, s1);
    normalPair64();
    const z1 = normalB;
    let z = normalA;
    if (Math.abs(z) >= TRUNCATE_AT) z = redrawLane64(k0, k1, block, tag, s0, s1, 0);
    store<f64>(out + (<usize>i << 3), mean + stddev * z);
    if (i + 1 == n) break;
    z = Math.abs(z1) >= TRUNCATE_AT ? redrawLane64(k0, k1, block, tag, s0, s1, 1) : z1;
    store<f64>(out + (<usize>(i + 1) << 3), mean + stddev * z);
  }
}
