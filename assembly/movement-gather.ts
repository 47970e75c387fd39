// Indexed copies: gather along an axis, one-hot encoding, and the index range check they rely on.
import { fill_f64, fill_i32, fill_u8 } from "./fill";
import { copyRun } from "./movement-run";

/**
 * Position of the first index outside [0, limit) among `n` int32 indices, or -1 if all are in range.
 * Negative indices compare as huge unsigned values, so one unsigned comparison checks both ends.
 */
export function index_out_of_range_i32(indices: usize, n: i32, limit: i32): i32 {
  const bound = i32x4.splat(limit);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if (v128.any_true(i32x4.ge_u(v128.load(indices + (<usize>i << 2)), bound))) break;
  }
  for (; i < n; i++) {
    if (<u32>load<i32>(indices + (<usize>i << 2)) >= <u32>limit) return i;
  }
  return -1;
}

/**
 * out[o, j, :] = x[o, indices[j], :] for o < outer, j < count; `inner` contiguous elements per
 * copy. Indices must already be checked against axisLength.
 */
// @ts-ignore: decorator
@inline function gather<T>(
  x: usize, indices: usize, out: usize, outer: i32, axisLength: i32, count: i32, inner: i32,
): void {
  const run = <usize>inner * sizeof<T>();
  let dst = out;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>axisLength * run;
    for (let j = 0; j < count; j++) {
      copyRun<T>(dst, base + <usize>load<i32>(indices + (<usize>j << 2)) * run, inner);
      dst += run;
    }
  }
}

export function gather_b1(x: usize, indices: usize, out: usize, outer: i32, axisLength: i32, count: i32, inner: i32): void {
  gather<u8>(x, indices, out, outer, axisLength, count, inner);
}

export function gather_b4(x: usize, indices: usize, out: usize, outer: i32, axisLength: i32, count: i32, inner: i32): void {
  gather<u32>(x, indices, out, outer, axisLength, count, inner);
}

export function gather_b8(x: usize, indices: usize, out: usize, outer: i32, axisLength: i32, count: i32, inner: i32): void {
  gather<u64>(x, indices, out, outer, axisLength, count, inner);
}

/**
 * out[i, k] = k == indices[i] ? on : off, for i < n and k < depth. An index outside [0, depth)
 * leaves its row all `off`. The 4-byte variant takes the bit patterns of its values.
 */
export function one_hot_b1(indices: usize, out: usize, n: i32, depth: i32, on: i32, off: i32): void {
  fill_u8(out, n * depth, off);
  for (let i = 0; i < n; i++) {
    const k = load<i32>(indices + (<usize>i << 2));
    if (<u32>k < <u32>depth) store<u8>(out + <usize>i * <usize>depth + <usize>k, <u8>on);
  }
}

export function one_hot_b4(indices: usize, out: usize, n: i32, depth: i32, on: i32, off: i32): void {
  fill_i32(out, n * depth, off);
  for (let i = 0; i < n; i++) {
    const k = load<i32>(indices + (<usize>i << 2));
    if (<u32>k < <u32>depth) store<i32>(out + ((<usize>i * <usize>depth + <usize>k) << 2), on);
  }
}

export function one_hot_b8(indices: usize, out: usize, n: i32, depth: i32, on: f64, off: f64): void {
  fill_f64(out, n * depth, off);
  for (let i = 0; i < n; i++) {
    const k = load<i32>(indices + (<usize>i << 2));
    if (<u32>k < <u32>depth) store<f64>(out + ((<usize>i * <usize>depth + <usize>k) << 3), on);
  }
}
