// Building a strided copy for the movement kernels. Dimensions are added outermost first, as
// (size, source stride, destination stride) in elements; adjacent dimensions that are contiguous
// in both source and destination merge as they are added, and size-1 dimensions vanish, so the
// kernel sees as few dimensions as the copy really has. State is module-level and reused: building
// a copy allocates nothing.
import { DTYPES, type DType } from "../dtype.js";
import { ARGS, I32 } from "../engine/heap.js";
import { KernelFamily, widthSuffix } from "../engine/kernels.js";
import { K } from "../engine/wasm.js";
import type { Tensor } from "../tensor.js";

/** Dimensions the strided copy kernel takes (its three vectors fill the 64-slot args block). */
const MAX_DIMS = 21;

const COPY_STRIDED = new KernelFamily("copy_strided", DTYPES, widthSuffix);

const sizes = new Array<number>(MAX_DIMS).fill(0);
const srcStrides = new Array<number>(MAX_DIMS).fill(0);
const dstStrides = new Array<number>(MAX_DIMS).fill(0);
let rank = 0;
let empty = false;

/** Starts describing a new copy. */
export function beginCopy(): void {
  rank = 0;
  empty = false;
}

/** Adds the next inner dimension of the copy. */
export function addDim(size: number, srcStride: number, dstStride: number): void {
  if (size === 1) return;
  if (size === 0) {
    empty = true;
    return;
  }
  const k = rank - 1;
  if (k >= 0 && srcStrides[k] === srcStride * size && dstStrides[k] === dstStride * size) {
    sizes[k] *= size;
    srcStrides[k] = srcStride;
    dstStrides[k] = dstStride;
    return;
  }
  if (rank === MAX_DIMS) {
    throw new RangeError(
      `gradtape: a copy with more than ${MAX_DIMS} non-contiguous dimensions is not supported; reshape to fewer dimensions first`,
    );
  }
  sizes[rank] = size;
  srcStrides[rank] = srcStride;
  dstStrides[rank] = dstStride;
  rank++;
}

/**
 * Runs the copy described since `beginCopy` from byte offset `src` to byte offset `dst`.
 * If the innermost dimension is not contiguous in the source but another one is, that one becomes
 * the second innermost, so the kernel can walk the pair as a blocked transpose.
 */
export function runCopy(dtype: DType, src: number, dst: number): void {
  if (empty) return;
  if (rank === 0) addUnitDim();
  if (rank >= 2 && srcStrides[rank - 1] !== 1 && srcStrides[rank - 2] !== 1) {
    for (let k = rank - 3; k >= 0; k--) {
      if (srcStrides[k] === 1) {
        swapDims(k, rank - 2);
        break;
      }
    }
  }
  const base = ARGS >> 2;
  for (let k = 0; k < rank; k++) {
    I32[base + k] = sizes[k];
    I32[base + MAX_DIMS + k] = srcStrides[k];
    I32[base + 2 * MAX_DIMS + k] = dstStrides[k];
  }
  COPY_STRIDED.for(dtype)(src, dst, rank);
}

function addUnitDim(): void {
  sizes[0] = 1;
  srcStrides[0] = 1;
  dstStrides[0] = 1;
  rank = 1;
}

function swapDims(a: number, b: number): void {
  const size = sizes[a];
  const src = srcStrides[a];
  const dst = dstStrides[a];
  sizes[a] = sizes[b];
  srcStrides[a] = srcStrides[b];
  dstStrides[a] = dstStrides[b];
  sizes[b] = size;
  srcStrides[b] = src;
  dstStrides[b] = dst;
}

/** Copies all values of `src` into `dst` (same size and dtype). */
export function copyValues(src: Tensor, dst: Tensor): void {
  const bytes = src.byteLength;
  if (bytes > 0) K.copy_bytes(dst.ptr, src.ptr, bytes);
}

/** Row-major strides of `shape` in elements, into `out`. */
export function stridesInto(shape: readonly number[], out: number[]): number[] {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}
