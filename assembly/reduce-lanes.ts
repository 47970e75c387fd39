// Building blocks shared by the reduction and softmax kernels (not exported from the module).
// T is f32, f64 or i32. `op` and `squares` are always compile-time constants at the call sites, so
// after inlining their branches fold away; branches on sizeof<T>() are resolved by the compiler.
//
// A reduction sees its input as (outer, axis, inner) and reduces the middle dimension:
//   rows     inner == 1: each of the `outer` rows of `axis` values is contiguous;
//   columns  inner > 1 : a slice of axis x inner values is reduced down its columns, adding whole
//                        rows of `inner` contiguous values at a time.

export const OP_SUM: i32 = 0;
export const OP_MAX: i32 = 1;
export const OP_MIN: i32 = 2;

// Float sums run in blocks of this many elements over 16 lanes (four vectors); each block's sum then
// joins a more precise total, so a float32 lane adds at most BLOCK / 16 values before the hand-off.
const BLOCK: i32 = 256;

// max and min propagate NaN (f32.max, f32x4.max), as TensorFlow's reduce_max does.
// @ts-ignore: decorator
@inline export function combine<T>(op: i32, a: T, b: T): T {
  if (op == OP_SUM) return a + b;
  if (op == OP_MAX) return max<T>(a, b);
  return min<T>(a, b);
}

// @ts-ignore: decorator
@inline export function combineV<T>(op: i32, a: v128, b: v128): v128 {
  if (op == OP_SUM) return v128.add<T>(a, b);
  if (op == OP_MAX) return v128.max<T>(a, b);
  return v128.min<T>(a, b);
}

/** Combines the lanes of `v` into one value. */
// @ts-ignore: decorator
@inline export function horizontal<T>(op: i32, v: v128): T {
  if (sizeof<T>() == 4) {
    v = combineV<T>(op, v, v128.shuffle<T>(v, v, 2, 3, 0, 1));
    v = combineV<T>(op, v, v128.shuffle<T>(v, v, 1, 0, 3, 2));
  } else {
    v = combineV<T>(op, v, v128.shuffle<T>(v, v, 1, 0));
  }
  return v128.extract_lane<T>(v, 0);
}

/** op over p[0..n), n >= 1, with four vector accumulators. Not for float sums (see rowSum_*). */
// @ts-ignore: decorator
@inline export function rowCombine<T>(op: i32, p: usize, n: i32): T {
  const size = sizeof<T>();
  const lanes4 = 64 / <i32>size; // elements in four vectors
  // Sums start at zero; max and min may start at the first element, as counting it twice is harmless.
  let acc: T = op == OP_SUM ? <T>0 : load<T>(p);
  let i = 0;
  if (n >= lanes4) {
    // Float max and min use the one-instruction pmax/pmin, which may drop a NaN, and track NaN
    // apart: cheaper than the NaN-propagating f32x4.max, which x64 has no single instruction for.
    const trackNaN = isFloat<T>() && op != OP_SUM;
    let nan = v128.splat<i32>(0);
    let a0 = v128.splat<T>(acc);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    const stop = n - n % lanes4;
    for (; i < stop; i += lanes4) {
      const q = p + <usize>i * size;
      const v0 = v128.load(q);
      const v1 = v128.load(q, 16);
      const v2 = v128.load(q, 32);
      const v3 = v128.load(q, 48);
      if (trackNaN) {
        a0 = op == OP_MAX ? v128.pmax<T>(a0, v0) : v128.pmin<T>(a0, v0);
        a1 = op == OP_MAX ? v128.pmax<T>(a1, v1) : v128.pmin<T>(a1, v1);
        a2 = op == OP_MAX ? v128.pmax<T>(a2, v2) : v128.pmin<T>(a2, v2);
        a3 = op == OP_MAX ? v128.pmax<T>(a3, v3) : v128.pmin<T>(a3, v3);
        nan = v128.or(nan, v128.or(v128.or(v128.ne<T>(v0, v0), v128.ne<T>(v1, v1)), v128.or(v128.ne<T>(v2, v2), v128.ne<T>(v3, v3))));
      } else {
        a0 = combineV<T>(op, a0, v0);
        a1 = combineV<T>(op, a1, v1);
        a2 = combineV<T>(op, a2, v2);
        a3 = combineV<T>(op, a3, v3);
      }
    }
    acc = horizontal<T>(op, combineV<T>(op, combineV<T>(op, a0, a1), combineV<T>(op, a2, a3)));
    if (trackNaN && v128.any_true(nan)) return <T>NaN;
  }
  for (; i < n; i++) acc = combine<T>(op, acc, load<T>(p + <usize>i * size));
  return acc;
}

/** Sum (or sum of squares) of float32 p[0..n): float32 blocks, float64 total. */
// @ts-ignore: decorator
@inline export function rowSum_f32(p: usize, n: i32, squares: bool): f64 {
  const n16 = n & ~15;
  let total = f64x2.splat(0);
  let i = 0;
  while (i < n16) {
    const stop = min(i + BLOCK, n16);
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (; i < stop; i += 16) {
      const q = p + (<usize>i << 2);
      let v0 = v128.load(q);
      let v1 = v128.load(q, 16);
      let v2 = v128.load(q, 32);
      let v3 = v128.load(q, 48);
      if (squares) {
        v0 = f32x4.mul(v0, v0);
        v1 = f32x4.mul(v1, v1);
        v2 = f32x4.mul(v2, v2);
        v3 = f32x4.mul(v3, v3);
      }
      a0 = f32x4.add(a0, v0);
      a1 = f32x4.add(a1, v1);
      a2 = f32x4.add(a2, v2);
      a3 = f32x4.add(a3, v3);
    }
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    total = f64x2.add(total, f64x2.promote_low_f32x4(s));
    total = f64x2.add(total, f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 2, 3)));
  }
  let sum = f64x2.extract_lane(total, 0) + f64x2.extract_lane(total, 1);
  for (; i < n; i++) {
    let v = load<f32>(p + (<usize>i << 2));
    if (squares) v = v * v;
    sum += <f64>v;
  }
  return sum;
}

/** Sum (or sum of squares) of float64 p[0..n): blocks over eight lanes, compensated total. */
// @ts-ignore: decorator
@inline export function rowSum_f64(p: usize, n: i32, squares: bool): f64 {
  const n8 = n & ~7;
  let total: f64 = 0;
  let error: f64 = 0;
  let i = 0;
  while (i < n8) {
    const stop = min(i + BLOCK, n8);
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (; i < stop; i += 8) {
      const q = p + (<usize>i << 3);
      let v0 = v128.load(q);
      let v1 = v128.load(q, 16);
      let v2 = v128.load(q, 32);
      let v3 = v128.load(q, 48);
      if (squares) {
        v0 = f64x2.mul(v0, v0);
        v1 = f64x2.mul(v1, v1);
        v2 = f64x2.mul(v2, v2);
        v3 = f64x2.mul(v3, v3);
      }
      a0 = f64x2.add(a0, v0);
      a1 = f64x2.add(a1, v1);
      a2 = f64x2.add(a2, v2);
      a3 = f64x2.add(a3, v3);
    }
    const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
    const block = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    // Knuth's two-sum: the exact rounding error of total + block, collected separately.
    const next = total + block;
    const blockPart = next - total;
    error += (total - (next - blockPart)) + (block - blockPart);
    total = next;
  }
  for (; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    total += squares ? v * v : v;
  }
  // Past an infinity the collected error is NaN, and the total alone is right.
  return isFinite<f64>(total) ? total + error : total;
}

/**
 * dst[j] = op over r < axis of src[r * inner + j] (squared first when `squares`), axis >= 1.
 * dst may be any buffer of `inner` elements; whole rows are combined into it with vectors.
 */
// @ts-ignore: decorator
@inline export function colsCombine<T>(op: i32, src: usize, dst: usize, axis: i32, inner: i32, squares: bool): void {
  const size = sizeof<T>();
  const rowBytes = <usize>inner * size;
  if (squares) {
    for (let j: usize = 0; j < rowBytes; j += size) {
      const v = load<T>(src + j);
      store<T>(dst + j, v * v);
    }
  } else {
    memory.copy(dst, src, rowBytes);
  }
  const vectorBytes = rowBytes & ~15;
  for (let r = 1; r < axis; r++) {
    const row = src + <usize>r * rowBytes;
    let j: usize = 0;
    for (; j < vectorBytes; j += 16) {
      let v = v128.load(row + j);
      if (squares) v = v128.mul<T>(v, v);
      v128.store(dst + j, combineV<T>(op, v128.load(dst + j), v));
    }
    for (; j < rowBytes; j += size) {
      let v = load<T>(row + j);
      if (squares) v = v * v;
      store<T>(dst + j, combine<T>(op, load<T>(dst + j), v));
    }
  }
}

/** acc[j] = sum over r < axis of src[r * inner + j] (squared first when `squares`), in float64. */
// @ts-ignore: decorator
@inline export function colsSum_f32(src: usize, acc: usize, axis: i32, inner: i32, squares: bool): void {
  memory.fill(acc, 0, <usize>inner << 3);
  const inner4 = inner & ~3;
  for (let r = 0; r < axis; r++) {
    const row = src + ((<usize>r * <usize>inner) << 2);
    let j = 0;
    for (; j < inner4; j += 4) {
      let v = v128.load(row + (<usize>j << 2));
      if (squares) v = f32x4.mul(v, v);
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
    }
    for (; j < inner; j++) {
      let v = load<f32>(row + (<usize>j << 2));
      if (squares) v = v * v;
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>v);
    }
  }
}
