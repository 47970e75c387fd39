// Filling a buffer with one value, for zeros/ones/fill.

export function fill_f32(out: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  const end = out + (<usize>n << 2);
  let p = out;
  for (; p + 16 <= end; p += 16) v128.store(p, v);
  for (; p < end; p += 4) store<f32>(p, value);
}

export function fill_f64(out: usize, n: i32, value: f64): void {
  const v = f64x2.splat(value);
  const end = out + (<usize>n << 3);
  let p = out;
  for (; p + 16 <= end; p += 16) v128.store(p, v);
  for (; p < end; p += 8) store<f64>(p, value);
}

export function fill_i32(out: usize, n: i32, value: i32): void {
  const v = i32x4.splat(value);
  const end = out + (<usize>n << 2);
  let p = out;
  for (; p + 16 <= end; p += 16) v128.store(p, v);
  for (; p < end; p += 4) store<i32>(p, value);
}

export function fill_u8(out: usize, n: i32, value: i32): void {
  memory.fill(out, <u8>value, <usize>n);
}

/** Copies `bytes` bytes; the regions may overlap. */
export function copy_bytes(dst: usize, src: usize, bytes: i32): void {
  memory.copy(dst, src, <usize>bytes);
}
