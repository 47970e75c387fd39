// Sum, sum of squares, max and min along the middle axis of an (outer, axis, inner) view, and the
// division that turns a sum into a mean. `*_rows_*` kernels take (x, out, rows, n) for inner == 1;
// `*_cols_*` kernels take (x, out, outer, axis, inner[, scratch]). Every kernel assumes axis >= 1:
// the host fills empty reductions itself. Float32 sums need a scratch of inner float64 values.
import { colsCombine, colsSum_f32, OP_MAX, OP_MIN, OP_SUM, rowCombine, rowSum_f32, rowSum_f64 } from "./reduce-lanes";

// @ts-ignore: decorator
@inline function rowsKernel<T>(op: i32, x: usize, out: usize, rows: i32, n: i32): void {
  const size = sizeof<T>();
  const rowBytes = <usize>n * size;
  for (let r = 0; r < rows; r++) store<T>(out + <usize>r * size, rowCombine<T>(op, x + <usize>r * rowBytes, n));
}

// @ts-ignore: decorator
@inline function colsKernel<T>(op: i32, x: usize, out: usize, outer: i32, axis: i32, inner: i32, squares: bool): void {
  const rowBytes = <usize>inner * sizeof<T>();
  const sliceBytes = <usize>axis * rowBytes;
  for (let o = 0; o < outer; o++) colsCombine<T>(op, x + <usize>o * sliceBytes, out + <usize>o * rowBytes, axis, inner, squares);
}

// @ts-ignore: decorator
@inline function sumRows_f32(x: usize, out: usize, rows: i32, n: i32, squares: bool): void {
  for (let r = 0; r < rows; r++) {
    store<f32>(out + (<usize>r << 2), <f32>rowSum_f32(x + ((<usize>r * <usize>n) << 2), n, squares));
  }
}

// @ts-ignore: decorator
@inline function sumRows_f64(x: usize, out: usize, rows: i32, n: i32, squares: bool): void {
  for (let r = 0; r < rows; r++) {
    store<f64>(out + (<usize>r << 3), rowSum_f64(x + ((<usize>r * <usize>n) << 3), n, squares));
  }
}

// @ts-ignore: decorator
@inline function sumCols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize, squares: bool): void {
  for (let o = 0; o < outer; o++) {
    colsSum_f32(x + ((<usize>o * <usize>axis * <usize>inner) << 2), scratch, axis, inner, squares);
    const dst = out + ((<usize>o * <usize>inner) << 2);
    for (let j = 0; j < inner; j++) store<f32>(dst + (<usize>j << 2), <f32>load<f64>(scratch + (<usize>j << 3)));
  }
}

export function sum_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  sumRows_f32(x, out, rows, n, false);
}
export function sum_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  sumRows_f64(x, out, rows, n, false);
}
export function sum_rows_i32(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<i32>(OP_SUM, x, out, rows, n);
}
export function sum_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  sumCols_f32(x, out, outer, axis, inner, scratch, false);
}
export function sum_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f64>(OP_SUM, x, out, outer, axis, inner, false);
}
export function sum_cols_i32(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<i32>(OP_SUM, x, out, outer, axis, inner, false);
}

export function sumsq_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  sumRows_f32(x, out, rows, n, true);
}
export function sumsq_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  sumRows_f64(x, out, rows, n, true);
}
export function sumsq_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  sumCols_f32(x, out, outer, axis, inner, scratch, true);
}
export function sumsq_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f64>(OP_SUM, x, out, outer, axis, inner, true);
}

export function max_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<f32>(OP_MAX, x, out, rows, n);
}
export function max_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<f64>(OP_MAX, x, out, rows, n);
}
export function max_rows_i32(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<i32>(OP_MAX, x, out, rows, n);
}
export function max_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f32>(OP_MAX, x, out, outer, axis, inner, false);
}
export function max_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f64>(OP_MAX, x, out, outer, axis, inner, false);
}
export function max_cols_i32(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<i32>(OP_MAX, x, out, outer, axis, inner, false);
}

export function min_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<f32>(OP_MIN, x, out, rows, n);
}
export function min_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<f64>(OP_MIN, x, out, rows, n);
}
export function min_rows_i32(x: usize, out: usize, rows: i32, n: i32): void {
  rowsKernel<i32>(OP_MIN, x, out, rows, n);
}
export function min_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f32>(OP_MIN, x, out, outer, axis, inner, false);
}
export function min_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<f64>(OP_MIN, x, out, outer, axis, inner, false);
}
export function min_cols_i32(x: usize, out: usize, outer: i32, axis: i32, inner: i32): void {
  colsKernel<i32>(OP_MIN, x, out, outer, axis, inner, false);
}

/** In place p[i] /= count: a sum becomes a mean. */
export function mean_divide_f32(p: usize, n: i32, count: f32): void {
  const c = f32x4.splat(count);
  const end = p + (<usize>n << 2);
  let q = p;
  for (; q + 16 <= end; q += 16) v128.store(q, f32x4.div(v128.load(q), c));
  for (; q < end; q += 4) store<f32>(q, load<f32>(q) / count);
}

export function mean_divide_f64(p: usize, n: i32, count: f64): void {
  const c = f64x2.splat(count);
  const end = p + (<usize>n << 3);
  let q = p;
  for (; q + 16 <= end; q += 16) v128.store(q, f64x2.div(v128.load(q), c));
  for (; q < end; q += 8) store<f64>(q, load<f64>(q) / count);
}

/** Integer mean truncates toward zero, as TensorFlow's does; count >= 1. */
export function mean_divide_i32(p: usize, n: i32, count: i32): void {
  const end = p + (<usize>n << 2);
  for (let q = p; q < end; q += 4) store<i32>(q, load<i32>(q) / count);
}
