// The distinct rows a sparse (IndexedSlices) gradient touches, for the row-wise optimizer steps.
import { alloc, free, I32 } from "../engine/heap.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";

export interface RowList {
  /** Byte offset of `count` distinct, increasing i32 row ids in Wasm memory. */
  ptr: number;
  count: number;
  free(): void;
}

/**
 * The distinct non-negative ids of `indices` (int32), sorted, in scratch memory the caller frees.
 * Repeated ids appear once: the gradient's dense rows already hold their sum.
 */
export function distinctRows(indices: Tensor): RowList {
  const base = indices.ptr >>> 2;
  const ids = I32.slice(base, base + indices.size).sort();
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] >= 0 && (count === 0 || ids[i] !== ids[count - 1])) ids[count++] = ids[i];
  }
  const ptr = alloc(count * 4);
  I32.set(ids.subarray(0, count), ptr >>> 2);
  return { ptr, count, free: () => free(ptr) };
}

/** Values per row (per index along the first dimension) of a variable of rank >= 1. */
export function rowLength(v: Variable): number {
  return v.shape[0] === 0 ? 0 : v.size / v.shape[0];
}
