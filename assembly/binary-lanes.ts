// Moving partial vectors in and out of memory, and turning comparison masks into bool bytes.

/** Loads `bytes` (16, 8, 4 or 2) bytes into the low lanes of a vector. */
// @ts-ignore: decorator
@inline export function loadLow(p: usize, bytes: i32): v128 {
  if (bytes == 16) return v128.load(p);
  if (bytes == 8) return v128.load64_zero(p);
  if (bytes == 4) return v128.load32_zero(p);
  return v128.load16_splat(p);
}

/** Stores the low `bytes` (16, 8, 4 or 2) bytes of a vector. */
// @ts-ignore: decorator
@inline export function storeLow(p: usize, v: v128, bytes: i32): void {
  if (bytes == 16) v128.store(p, v);
  else if (bytes == 8) v128.store64_lane(p, v, 0);
  else if (bytes == 4) v128.store32_lane(p, v, 0);
  else v128.store16_lane(p, v, 0);
}

/**
 * Packs a lane mask (all ones or all zeros per lane of T) into one 0/1 byte per lane, in the low
 * 16 / sizeof<T>() bytes.
 */
// @ts-ignore: decorator
@inline export function packMask<T>(mask: v128): v128 {
  let bytes = mask;
  if (sizeof<T>() == 4) bytes = i8x16.shuffle(mask, mask, 0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  else if (sizeof<T>() == 8) bytes = i8x16.shuffle(mask, mask, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  return v128.and(bytes, i8x16.splat(1));
}

/** Widens 0/1 bytes in the low lanes to a lane mask of T (all ones where the byte is non-zero). */
// @ts-ignore: decorator
@inline export function unpackMask<T>(bytes: v128): v128 {
  if (sizeof<T>() == 1) return i8x16.ne(bytes, i8x16.splat(0));
  const words = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
  if (sizeof<T>() == 4) return i32x4.ne(words, i32x4.splat(0));
  return i64x2.ne(i64x2.extend_low_i32x4_u(words), i64x2.splat(0));
}
