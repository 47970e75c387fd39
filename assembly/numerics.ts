// Finding non-finite values, for tf.debugging: the index of the first NaN or +-Infinity among n
// values at x, or -1. v - v is 0 for a finite v and NaN otherwise, so one compare covers both.

function firstNonFinite<T>(x: usize, n: i32): i32 {
  const E = <usize>sizeof<T>();
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const v = v128.load(x + <usize>i * E);
    const d = v128.sub<T>(v, v);
    if (v128.any_true(v128.ne<T>(d, d))) break;
  }
  for (; i < n; i++) {
    const v = load<T>(x + <usize>i * E);
    if (v - v != v - v) return i;
  }
  return -1;
}

export function first_nonfinite_f32(x: usize, n: i32): i32 {
  return firstNonFinite<f32>(x, n);
}

export function first_nonfinite_f64(x: usize, n: i32): i32 {
  return firstNonFinite<f64>(x, n);
}
