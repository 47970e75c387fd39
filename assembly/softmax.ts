// softmax and log-softmax along the middle axis of an (outer, axis, inner) view, numerically stable:
// every value is shifted by its row's maximum before exp, so exp never overflows.
//   softmax     = exp(x - max) / sum(exp(x - max))
//   logSoftmax  = (x - max) - log(sum(exp(x - max)))
// `*_rows_*` take (x, out, rows, n) for inner == 1; `*_cols_*` take (x, out, outer, axis, inner,
// scratch) with scratch of at least 24 * inner + 32 bytes. n, axis >= 1.
import { exp_f32x4, exp_f64x2 } from "./math";
import { colsCombine, colsSum_f32, OP_MAX, OP_SUM, rowCombine, rowSum_f32, rowSum_f64 } from "./reduce-lanes";

/** exp of each lane, with the SIMD polynomials of math.ts. */
// @ts-ignore: decorator
@inline function expLanes<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return exp_f32x4(v);
  return exp_f64x2(v);
}

/** The same polynomial for a single value, so a row's tail matches its vector part. */
// @ts-ignore: decorator
@inline function expScalar<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>f32x4.extract_lane(exp_f32x4(f32x4.splat(<f32>x)), 0);
  return <T>f64x2.extract_lane(exp_f64x2(f64x2.splat(<f64>x)), 0);
}

/** One row: out[i] = exp(x[i] - shift) for n values. */
// @ts-ignore: decorator
@inline function expShiftedRow<T>(x: usize, out: usize, n: i32, shift: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const s = v128.splat<T>(shift);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(out + j, expLanes<T>(v128.sub<T>(v128.load(x + j), s)));
  for (; j < bytes; j += size) store<T>(out + j, expScalar<T>(load<T>(x + j) - shift));
}

/** One row whose exps are in out: softmax divides by norm, log-softmax gives (x - shift) - norm. */
// @ts-ignore: decorator
@inline function normalizeRow<T>(log: bool, x: usize, out: usize, n: i32, shift: T, norm: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const s = v128.splat<T>(shift);
  const d = v128.splat<T>(norm);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    if (log) v128.store(out + j, v128.sub<T>(v128.sub<T>(v128.load(x + j), s), d));
    else v128.store(out + j, v128.div<T>(v128.load(out + j), d));
  }
  for (; j < bytes; j += size) {
    if (log) store<T>(out + j, load<T>(x + j) - shift - norm);
    else store<T>(out + j, load<T>(out + j) / norm);
  }
}

/** One row of a column slice: out[j] = exp(x[j] - shift[j]). */
// @ts-ignore: decorator
@inline function expShiftedCols<T>(x: usize, out: usize, n: i32, shift: usize): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(out + j, expLanes<T>(v128.sub<T>(v128.load(x + j), v128.load(shift + j))));
  for (; j < bytes; j += size) store<T>(out + j, expScalar<T>(load<T>(x + j) - load<T>(shift + j)));
}

/** One row of a column slice, as normalizeRow with per-column shift[j] and norm[j]. */
// @ts-ignore: decorator
@inline function normalizeCols<T>(log: bool, x: usize, out: usize, n: i32, shift: usize, norm: usize): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    const d = v128.load(norm + j);
    if (log) v128.store(out + j, v128.sub<T>(v128.sub<T>(v128.load(x + j), v128.load(shift + j)), d));
    else v128.store(out + j, v128.div<T>(v128.load(out + j), d));
  }
  for (; j < bytes; j += size) {
    if (log) store<T>(out + j, load<T>(x + j) - load<T>(shift + j) - load<T>(norm + j));
    else store<T>(out + j, load<T>(out + j) / load<T>(norm + j));
  }
}

/** The divisor (softmax) or subtrahend (log-softmax) from a float64 sum of exps. */
// @ts-ignore: decorator
@inline function normOf<T>(log: bool, sum: f64): T {
  return log ? <T>Math.log(sum) : <T>sum;
}

// @ts-ignore: decorator
@inline function softmaxRows<T>(log: bool, x: usize, out: usize, rows: i32, n: i32): void {
  const rowBytes = <usize>n * sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    const shift = rowCombine<T>(OP_MAX, p, n);
    expShiftedRow<T>(p, o, n, shift);
    const sum = sizeof<T>() == 4 ? rowSum_f32(o, n, false) : rowSum_f64(o, n, false);
    normalizeRow<T>(log, p, o, n, shift, normOf<T>(log, sum));
  }
}

/** Per (axis, inner) slice: column maxima, exps, column sums, then one normalizing pass. */
// @ts-ignore: decorator
@inline function softmaxCols<T>(log: bool, x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  const size = sizeof<T>();
  const rowBytes = <usize>inner * size;
  const sliceBytes = <usize>axis * rowBytes;
  const maxima = scratch;
  const norms = (scratch + (<usize>inner << 3) + 15) & ~15;
  const sums = (norms + (<usize>inner << 3) + 15) & ~15;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * sliceBytes;
    const dst = out + <usize>o * sliceBytes;
    colsCombine<T>(OP_MAX, src, maxima, axis, inner, false);
    for (let r = 0; r < axis; r++) expShiftedCols<T>(src + <usize>r * rowBytes, dst + <usize>r * rowBytes, inner, maxima);
    if (sizeof<T>() == 4) colsSum_f32(dst, sums, axis, inner, false);
    else colsCombine<f64>(OP_SUM, dst, sums, axis, inner, false);
    for (let j = 0; j < inner; j++) store<T>(norms + <usize>j * size, normOf<T>(log, load<f64>(sums + (<usize>j << 3))));
    for (let r = 0; r < axis; r++) {
      normalizeCols<T>(log, src + <usize>r * rowBytes, dst + <usize>r * rowBytes, inner, maxima, norms);
    }
  }
}

export function softmax_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  softmaxRows<f32>(false, x, out, rows, n);
}
export function softmax_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  softmaxRows<f64>(false, x, out, rows, n);
}
export function log_softmax_rows_f32(x: usize, out: usize, rows: i32, n: i32): void {
  softmaxRows<f32>(true, x, out, rows, n);
}
export function log_softmax_rows_f64(x: usize, out: usize, rows: i32, n: i32): void {
  softmaxRows<f64>(true, x, out, rows, n);
}
export function softmax_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  softmaxCols<f32>(false, x, out, outer, axis, inner, scratch);
}
export function softmax_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  softmaxCols<f64>(false, x, out, outer, axis, inner, scratch);
}
export function log_softmax_cols_f32(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  softmaxCols<f32>(true, x, out, outer, axis, inner, scratch);
}
export function log_softmax_cols_f64(x: usize, out: usize, outer: i32, axis: i32, inner: i32, scratch: usize): void {
  softmaxCols<f64>(true, x, out, outer, axis, inner, scratch);
}
