// Shape and movement kernels. One strided copy serves transpose, slice, concat, stack, tile and
// pad; gather and oneHot are in movement-gather.ts. Kernels are instantiated by element size, not
// dtype: `_b4` serves float32 and int32, `_b8` float64, `_b1` bool.
import { arg } from "./args";
import { copyRun } from "./movement-run";
import { transposePlane } from "./movement-transpose";

export * from "./movement-gather";

/** Dimensions a strided copy can take after the host collapsed them (3 vectors in 64 args slots). */
const COPY_MAX_DIMS: i32 = 21;

/**
 * One 2-D plane of a strided copy: dst[i*d0 + j*d1] = src[i*s0 + j*s1] for i < n0, j < n1
 * (strides in elements). Contiguous rows are block copies; a source contiguous along i with a
 * destination contiguous along j is a transpose.
 */
// @ts-ignore: decorator
@inline function copyPlane<T>(
  src: usize, dst: usize, n0: i32, n1: i32, s0: usize, s1: usize, d0: usize, d1: usize,
): void {
  const size = sizeof<T>();
  if (s1 == 1 && d1 == 1) {
    for (let i = 0; i < n0; i++) copyRun<T>(dst + <usize>i * d0 * size, src + <usize>i * s0 * size, n1);
  } else if (s0 == 1 && d1 == 1) {
    transposePlane<T>(src, dst, n0, n1, s1, d0);
  } else {
    for (let i = 0; i < n0; i++) {
      const s = src + <usize>i * s0 * size;
      const d = dst + <usize>i * d0 * size;
      for (let j = 0; j < n1; j++) store<T>(d + <usize>j * d1 * size, load<T>(s + <usize>j * s1 * size));
    }
  }
}

/**
 * Strided copy of `rank` (1..COPY_MAX_DIMS) dimensions. Args block: sizes in slots [0, rank),
 * source strides from slot COPY_MAX_DIMS, destination strides from slot 2*COPY_MAX_DIMS, all in
 * elements, outermost first. The last two dimensions form a plane; the outer ones are decoded
 * from a flat plane counter, which costs a few divisions per plane.
 */
// @ts-ignore: decorator
@inline function copyStrided<T>(src: usize, dst: usize, rank: i32): void {
  const size = sizeof<T>();
  const last = rank - 1;
  const n1 = arg(last);
  const s1 = <usize>arg(COPY_MAX_DIMS + last);
  const d1 = <usize>arg(2 * COPY_MAX_DIMS + last);
  let n0: i32 = 1;
  let s0: usize = 0;
  let d0: usize = 0;
  if (rank >= 2) {
    n0 = arg(last - 1);
    s0 = <usize>arg(COPY_MAX_DIMS + last - 1);
    d0 = <usize>arg(2 * COPY_MAX_DIMS + last - 1);
  }
  let planes: i32 = 1;
  for (let k = 0; k < rank - 2; k++) planes *= arg(k);
  for (let p = 0; p < planes; p++) {
    let rest = p;
    let srcOffset: usize = 0;
    let dstOffset: usize = 0;
    for (let k = rank - 3; k >= 0; k--) {
      const n = arg(k);
      const c = <usize>(rest % n);
      rest /= n;
      srcOffset += c * <usize>arg(COPY_MAX_DIMS + k);
      dstOffset += c * <usize>arg(2 * COPY_MAX_DIMS + k);
    }
    copyPlane<T>(src + srcOffset * size, dst + dstOffset * size, n0, n1, s0, s1, d0, d1);
  }
}

export function copy_strided_b1(src: usize, dst: usize, rank: i32): void {
  copyStrided<u8>(src, dst, rank);
}

export function copy_strided_b4(src: usize, dst: usize, rank: i32): void {
  copyStrided<u32>(src, dst, rank);
}

export function copy_strided_b8(src: usize, dst: usize, rank: i32): void {
  copyStrided<u64>(src, dst, rank);
}
