// Kernels behind addN, clipByNorm and clipByGlobalNorm: sums of squares, the clipping scale, and
// element-wise sums of equal-shaped tensors.
import { arg } from "./args";
import { rowSum_f32, rowSum_f64 } from "./reduce-lanes";

/** Sum of squares of x[0..n), in float64. */
export function sumsq_f32(x: usize, n: i32): f64 {
  return rowSum_f32(x, n, true);
}

export function sumsq_f64(x: usize, n: i32): f64 {
  return rowSum_f64(x, n, true);
}

/** In place m[i] = max(sqrt(m[i]), clipNorm): sums of squares become clipByNorm's divisors. */
// @ts-ignore: decorator
@inline function clipDivisor<T>(m: usize, n: i32, clipNorm: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const c = v128.splat<T>(clipNorm);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(m + j, v128.max<T>(v128.sqrt<T>(v128.load(m + j)), c));
  for (; j < bytes; j += size) store<T>(m + j, max<T>(sqrt<T>(load<T>(m + j)), clipNorm));
}

export function clip_divisor_f32(m: usize, n: i32, clipNorm: f32): void {
  clipDivisor<f32>(m, n, clipNorm);
}
export function clip_divisor_f64(m: usize, n: i32, clipNorm: f64): void {
  clipDivisor<f64>(m, n, clipNorm);
}

/** out = x * factor / divisor for n values, in that order, as tf.clip_by_norm computes it. */
// @ts-ignore: decorator
@inline function clipScale<T>(x: usize, out: usize, n: i32, factor: T, divisor: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const f = v128.splat<T>(factor);
  const d = v128.splat<T>(divisor);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(out + j, v128.div<T>(v128.mul<T>(v128.load(x + j), f), d));
  for (; j < bytes; j += size) store<T>(out + j, load<T>(x + j) * factor / divisor);
}

export function clip_scale_f32(x: usize, out: usize, n: i32, factor: f32, divisor: f32): void {
  clipScale<f32>(x, out, n, factor, divisor);
}
export function clip_scale_f64(x: usize, out: usize, n: i32, factor: f64, divisor: f64): void {
  clipScale<f64>(x, out, n, factor, divisor);
}

/**
 * out = x * factor / m[group], where each element's group is found through strides. Args block:
 * [rank, dims[rank], mStrides[rank]], dims collapsed so that the last one is contiguous in x; m's
 * stride is 0 along reduced dims. The last m stride must be 0 or 1.
 */
// @ts-ignore: decorator
@inline function clipScaleGroups<T>(x: usize, m: usize, out: usize, factor: T): void {
  const size = sizeof<T>();
  const rank = arg(0);
  const inner = arg(rank);
  const innerStride = arg(2 * rank);
  let rows = 1;
  for (let d = 1; d < rank; d++) rows *= arg(d);
  const rowBytes = <usize>inner * size;
  for (let r = 0; r < rows; r++) {
    // Offset of this row's first group in m, from the row's coordinates.
    let rest = r;
    let offset = 0;
    for (let d = rank - 1; d >= 1; d--) {
      const dim = arg(d);
      offset += (rest % dim) * arg(rank + d);
      rest /= dim;
    }
    const src = x + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    const group = m + <usize>offset * size;
    if (innerStride == 0) {
      clipScale<T>(src, dst, inner, factor, load<T>(group));
      continue;
    }
    const f = v128.splat<T>(factor);
    const vectorBytes = rowBytes & ~15;
    let j: usize = 0;
    for (; j < vectorBytes; j += 16) {
      v128.store(dst + j, v128.div<T>(v128.mul<T>(v128.load(src + j), f), v128.load(group + j)));
    }
    for (; j < rowBytes; j += size) store<T>(dst + j, load<T>(src + j) * factor / load<T>(group + j));
  }
}

export function clip_scale_groups_f32(x: usize, m: usize, out: usize, factor: f32): void {
  clipScaleGroups<f32>(x, m, out, factor);
}
export function clip_scale_groups_f64(x: usize, m: usize, out: usize, factor: f64): void {
  clipScaleGroups<f64>(x, m, out, factor);
}

/** out = a + b element-wise: one step of addN. */
// @ts-ignore: decorator
@inline function addPair<T>(a: usize, b: usize, out: usize, n: i32): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(out + j, v128.add<T>(v128.load(a + j), v128.load(b + j)));
  for (; j < bytes; j += size) store<T>(out + j, load<T>(a + j) + load<T>(b + j));
}

export function addn_f32(a: usize, b: usize, out: usize, n: i32): void {
  addPair<f32>(a, b, out, n);
}
export function addn_f64(a: usize, b: usize, out: usize, n: i32): void {
  addPair<f64>(a, b, out, n);
}
export function addn_i32(a: usize, b: usize, out: usize, n: i32): void {
  addPair<i32>(a, b, out, n);
}
