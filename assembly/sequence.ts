// Sequences and identity matrices, for tf.range, tf.linspace and tf.eye.

// TensorFlow's CPU kernel accumulates (value += delta) in the output dtype; so do these, so that
// float32 ranges carry the same rounding as TensorFlow's.
export function range_f32(out: usize, n: i32, start: f32, delta: f32): void {
  let v = start;
  for (let i = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), v);
    v += delta;
  }
}

export function range_f64(out: usize, n: i32, start: f64, delta: f64): void {
  let v = start;
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), v);
    v += delta;
  }
}

export function range_i32(out: usize, n: i32, start: i32, delta: i32): void {
  let v = start;
  for (let i = 0; i < n; i++) {
    store<i32>(out + (<usize>i << 2), v);
    v += delta;
  }
}

/** start, start + delta * i for 0 < i < n - 1, and exactly stop at the end. */
export function linspace_f32(out: usize, n: i32, start: f32, stop: f32, delta: f32): void {
  if (n <= 0) return;
  store<f32>(out, start);
  for (let i = 1; i < n - 1; i++) store<f32>(out + (<usize>i << 2), start + delta * <f32>i);
  if (n > 1) store<f32>(out + (<usize>(n - 1) << 2), stop);
}

export function linspace_f64(out: usize, n: i32, start: f64, stop: f64, delta: f64): void {
  if (n <= 0) return;
  store<f64>(out, start);
  for (let i = 1; i < n - 1; i++) store<f64>(out + (<usize>i << 3), start + delta * <f64>i);
  if (n > 1) store<f64>(out + (<usize>(n - 1) << 3), stop);
}

/** `batch` matrices of rows x cols with ones on the main diagonal and zeros elsewhere. */
// @ts-ignore: decorator
@inline function eye<T>(out: usize, batch: i32, rows: i32, cols: i32, one: T): void {
  const matrix = <usize>rows * <usize>cols;
  memory.fill(out, 0, <usize>batch * matrix * sizeof<T>());
  const diagonal = min(rows, cols);
  for (let b = 0; b < batch; b++) {
    const base = out + <usize>b * matrix * sizeof<T>();
    for (let i = 0; i < diagonal; i++) store<T>(base + (<usize>i * <usize>(cols + 1)) * sizeof<T>(), one);
  }
}

export function eye_f32(out: usize, batch: i32, rows: i32, cols: i32): void {
  eye<f32>(out, batch, rows, cols, 1);
}

export function eye_f64(out: usize, batch: i32, rows: i32, cols: i32): void {
  eye<f64>(out, batch, rows, cols, 1);
}

export function eye_i32(out: usize, batch: i32, rows: i32, cols: i32): void {
  eye<i32>(out, batch, rows, cols, 1);
}

export function eye_u8(out: usize, batch: i32, rows: i32, cols: i32): void {
  eye<u8>(out, batch, rows, cols, 1);
}
