// argmax and argmin along the middle axis of an (outer, axis, inner) view, writing int32 indices.
// `*_rows_*` take (x, out, rows, n) for inner == 1; `*_cols_*` take (x, out, outer, axis, inner,
// scratch) where scratch holds inner values of the input type. axis >= 1 (the host rejects 0).
//
// Ties give the first index. NaN counts as beyond every number, for argmax and argmin alike: the
// first NaN wins, as in NumPy and PyTorch. TensorFlow leaves this unspecified (its CPU and GPU
// kernels differ); this choice keeps argMax pointing at what reduceMax returns, which is NaN.

// Lane masks: whether a candidate v replaces the current best b.
// @ts-ignore: decorator
@inline function better<T>(isMax: bool, v: v128, b: v128): v128 {
  let take = isMax ? v128.gt<T>(v, b) : v128.lt<T>(v, b);
  if (isFloat<T>()) take = v128.or(take, v128.andnot(v128.ne<T>(v, v), v128.ne<T>(b, b)));
  return take;
}

// @ts-ignore: decorator
@inline function same<T>(v: v128, b: v128): v128 {
  if (isFloat<T>()) return v128.or(v128.eq<T>(v, b), v128.and(v128.ne<T>(v, v), v128.ne<T>(b, b)));
  return v128.eq<T>(v, b);
}

// @ts-ignore: decorator
@inline function betterScalar<T>(isMax: bool, v: T, b: T): bool {
  const beyond = isMax ? v > b : v < b;
  if (isFloat<T>()) return beyond || (v != v && b == b);
  return beyond;
}

// Index vectors have lanes as wide as T's: i32x4 beside f32x4 and i32x4, i64x2 beside f64x2.
// @ts-ignore: decorator
@inline function splatIndex<T>(i: i32): v128 {
  return sizeof<T>() == 4 ? i32x4.splat(i) : i64x2.splat(<i64>i);
}

// @ts-ignore: decorator
@inline function addIndex<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? i32x4.add(a, b) : i64x2.add(a, b);
}

// @ts-ignore: decorator
@inline function lessIndex<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? i32x4.lt_s(a, b) : i64x2.lt_s(a, b);
}

/** Moves lane k + half to lane k (half = 2 or 1 for four lanes, 1 for two). */
// @ts-ignore: decorator
@inline function rotate<T>(v: v128, half: i32): v128 {
  if (sizeof<T>() == 4) {
    return half == 2 ? v128.shuffle<T>(v, v, 2, 3, 0, 1) : v128.shuffle<T>(v, v, 1, 0, 3, 2);
  }
  return v128.shuffle<T>(v, v, 1, 0);
}

/** Lanes where the candidate (v2 at index i2) beats the current best: better, or same value at a lower index. */
// @ts-ignore: decorator
@inline function foldTake<T>(isMax: bool, bv: v128, bi: v128, v2: v128, i2: v128): v128 {
  return v128.or(better<T>(isMax, v2, bv), v128.and(same<T>(v2, bv), lessIndex<T>(i2, bi)));
}

// @ts-ignore: decorator
@inline function argRow<T>(isMax: bool, p: usize, n: i32): i32 {
  const size = sizeof<T>();
  const lanes = 16 / <i32>size;
  let best = load<T>(p);
  let bestIndex = 0;
  let i = 1;
  if (n >= 2 * lanes) {
    let bv = v128.load(p);
    let bi = sizeof<T>() == 4 ? i32x4(0, 1, 2, 3) : i64x2(0, 1);
    let index = bi;
    const step = splatIndex<T>(lanes);
    for (i = lanes; i + lanes <= n; i += lanes) {
      index = addIndex<T>(index, step);
      const v = v128.load(p + <usize>i * size);
      const take = better<T>(isMax, v, bv);
      bv = v128.bitselect(v, bv, take);
      bi = v128.bitselect(index, bi, take);
    }
    // Fold the lanes pairwise down to lane 0.
    if (sizeof<T>() == 4) {
      const v2 = rotate<T>(bv, 2);
      const i2 = rotate<T>(bi, 2);
      const take = foldTake<T>(isMax, bv, bi, v2, i2);
      bv = v128.bitselect(v2, bv, take);
      bi = v128.bitselect(i2, bi, take);
    }
    const v1 = rotate<T>(bv, 1);
    const i1 = rotate<T>(bi, 1);
    const take = foldTake<T>(isMax, bv, bi, v1, i1);
    bv = v128.bitselect(v1, bv, take);
    bi = v128.bitselect(i1, bi, take);
    best = v128.extract_lane<T>(bv, 0);
    bestIndex = sizeof<T>() == 4 ? i32x4.extract_lane(bi, 0) : <i32>i64x2.extract_lane(bi, 0);
  }
  for (; i < n; i++) {
    const v = load<T>(p + <usize>i * size);
    if (betterScalar<T>(isMax, v, best)) {
      best = v;
      bestIndex = i;
    }
  }
  return bestIndex;
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
