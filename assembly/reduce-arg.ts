// argmax and argmin along the middle axis of an (outer, axis, inner) view, writing int32 indices.
// `*_rows_*` take (x, out, rows, n) for inner == 1; `*_cols_*` take (x, out, outer, axis, inner,
// scratch) where scratch holds inner values of the input type. axis >= 1 (the host rejects 0).
//
// Ties give the first index. NaN counts as beyond every number, for argmax and argmin alike: the
// first NaN wins, as in NumPy and PyTorch. TensorFlow leaves this unspecified (its CPU and GPU
// kernels differ); this choice keeps argMax pointing at what reduceMax returns, which is NaN.
import { OP_MAX, OP_MIN, rowCombine } from "./reduce-lanes";

// Lane masks: whether a candidate v replaces the current best b.
// @ts-ignore: decorator
@inline function better<T>(isMax: bool, v: v128, b: v128): v128 {
  let take = isMax ? v128.gt<T>(v, b) : v128.lt<T>(v, b);
  if (isFloat<T>()) take = v128.or(take, v128.andnot(v128.ne<T>(v, v), v128.ne<T>(b, b)));
  return take;
}

// @ts-ignore: decorator
@inline function betterScalar<T>(isMax: bool, v: T, b: T): bool {
  const beyond = isMax ? v > b : v < b;
  if (isFloat<T>()) return beyond || (v != v && b == b);
  return beyond;
}

// Index vectors have lanes as wide as T's masks: i32x4 for f32 and i32, i64x2 for f64.
// @ts-ignore: decorator
@inline function splatIndex<T>(i: i32): v128 {
  return sizeof<T>() == 4 ? i32x4.splat(i) : i64x2.splat(<i64>i);
}

/**
 * First index of the max (or min) of p[0..n), n >= 1, in two passes: the extreme value, by the
 * fast reduction, then a scan for its first occurrence (or first NaN) that stops on a hit. This
 * costs less than carrying an index vector through every comparison.
 */
// @ts-ignore: decorator
@inline function argRow<T>(isMax: bool, p: usize, n: i32): i32 {
  const size = sizeof<T>();
  const lanes = 16 / <i32>size;
  const extreme = rowCombine<T>(isMax ? OP_MAX : OP_MIN, p, n);
  const isNaN = isFloat<T>() && extreme != extreme;
  const target = v128.splat<T>(extreme);
  const vectorEnd = n - n % lanes;
  let i = 0;
  for (; i < vectorEnd; i += lanes) {
    const v = v128.load(p + <usize>i * size);
    const hit = isNaN ? v128.ne<T>(v, v) : v128.eq<T>(v, target);
    if (v128.any_true(hit)) return i + ctz(sizeof<T>() == 4 ? i32x4.bitmask(hit) : i64x2.bitmask(hit));
  }
  for (; i < n; i++) {
    const v = load<T>(p + <usize>i * size);
    if (isNaN ? v != v : v == extreme) return i;
  }
  return n - 1; // not reached: the extreme is one of the values
}

// @ts-ignore: decorator
@inline function argRows<T>(isMax: bool, x: usize, out: usize, rows: i32, n: i32): void {
  const rowBytes = <usize>n * sizeof<T>();
  for (let r = 0; r < rows; r++) store<i32>(out + (<usize>r << 2), argRow<T>(isMax, x + <usize>r * rowBytes, n));
}

/** For each (axis, inner) slice: best values in scratch, their indices in out, updated row by row. */
// @ts-ignore: decorator
@inline function argCols<T>(isMax: bool, x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  const size = sizeof<T>();
  const lanes = 16 / <i32>size;
  const rowBytes = <usize>inner * size;
  const vectorEnd = inner - inner % lanes;
  for (let o = 0; o < outer; o++) {
    const slice = x + <usize>o * <usize>axis * rowBytes;
    const indices = out + ((<usize>o * <usize>inner) << 2);
    memory.copy(scratch, slice, rowBytes);
    memory.fill(indices, 0, <usize>inner << 2);
    for (let r = 1; r < axis; r++) {
      const row = slice + <usize>r * rowBytes;
      const rowIndex = splatIndex<T>(r);
      let j = 0;
      for (; j < vectorEnd; j += lanes) {
        const v = v128.load(row + <usize>j * size);
        const b = v128.load(scratch + <usize>j * size);
        const take = better<T>(isMax, v, b);
        v128.store(scratch + <usize>j * size, v128.bitselect(v, b, take));
        const ip = indices + (<usize>j << 2);
        if (sizeof<T>() == 4) {
          v128.store(ip, v128.bitselect(rowIndex, v128.load(ip), take));
        } else {
          // Two int32 indices widened to the i64 lanes of the f64 mask, then narrowed back.
          const wide = v128.bitselect(rowIndex, v128.load_ext<i32>(ip), take);
          v128.store_lane<i64>(ip, i32x4.shuffle(wide, wide, 0, 2, 0, 2), 0);
        }
      }
      for (; j < inner; j++) {
        const v = load<T>(row + <usize>j * size);
        if (betterScalar<T>(isMax, v, load<T>(scratch + <usize>j * size))) {
          store<T>(scratch + <usize>j * size, v);
          store<i32>(indices + (<usize>j << 2), r);
        }
      }
    }
  }
}

export function argmax_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<f32>(true, x, out, rows, n);
}
export function argmax_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<f64>(true, x, out, rows, n);
}
export function argmax_rows_i32(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<i32>(true, x, out, rows, n);
}
export function argmin_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<f32>(false, x, out, rows, n);
}
export function argmin_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<f64>(false, x, out, rows, n);
}
export function argmin_rows_i32(x: usize, out: usize, rows: i32, n: i32): void {
  argRows<i32>(false, x, out, rows, n);
}

export function argmax_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<f32>(true, x, out, outer, axis, inner, scratch);
}
export function argmax_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<f64>(true, x, out, outer, axis, inner, scratch);
}
export function argmax_cols_i32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<i32>(true, x, out, outer, axis, inner, scratch);
}
export function argmin_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<f32>(false, x, out, outer, axis, inner, scratch);
}
export function argmin_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<f64>(false, x, out, outer, axis, inner, scratch);
}
export function argmin_cols_i32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  argCols<i32>(false, x, out, outer, axis, inner, scratch);
}
