// Where a float tensor holds its first NaN or Infinity, found by one kernel scan.
import { isFloat } from "../dtype.js";
import { F32, F64 } from "../engine/heap.js";
import { K } from "../engine/wasm.js";
import type { Tensor } from "../tensor.js";

export interface NonFinite {
  /** Flat index of the first non-finite value. */
  readonly index: number;
  readonly value: number;
}

/** The first NaN or +-Infinity of `t`, or null when every value is finite (or t is not float). */
export function firstNonFinite(t: Tensor): NonFinite | null {
  if (!isFloat(t.dtype) || t.size === 0) return null;
  const f64 = t.dtype === "float64";
  const index = f64 ? K.first_nonfinite_f64(t.ptr, t.size) : K.first_nonfinite_f32(t.ptr, t.size);
  if (index < 0) return null;
  const value = f64 ? F64[(t.ptr >>> 3) + index] : F32[(t.ptr >>> 2) + index];
  return { index, value };
}

/** "NaN" or "Infinity" or "-Infinity" */
export function nameOf(value: number): string {
  return Number.isNaN(value) ? "NaN" : String(value);
}

/** The multi-index of flat `index` in `shape`, as "[1, 0, 2]". */
export function formatIndex(shape: readonly number[], index: number): string {
  const at = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    at[d] = index % shape[d];
    index = Math.floor(index / shape[d]);
  }
  return `[${at.join(", ")}]`;
}
