// How a reduction over any set of axes runs on kernels that reduce the middle axis of an
// (outer, axis, inner) view.
//
// The shape is first collapsed into alternating runs of kept and reduced dims (dims of size 1 are
// dropped, as they change no memory layout): [2,3,4,5] reduced over [1,2] is kept 2, reduced 12,
// kept 5. One reduced run is one kernel pass. Non-adjacent reduced runs ([0,2] of a rank-3 shape)
// take one pass each, through a temporary buffer, because there is no transpose to make them
// adjacent and a fully strided kernel would lose the contiguous SIMD loops. Each pass reduces the
// largest remaining run first, so the later passes read the least data; the common cases (all
// axes, the last axes, the first axes, one axis) are a single pass.
import { bytesPerElement, type DType } from "../dtype.js";
import { alloc, free } from "../engine/heap.js";
import { FLOAT, KernelFamily, NUMERIC } from "../engine/kernels.js";

/** Runs of dims: sizes[i] elements, reduced or kept. Adjacent runs differ in `reduced`. */
export interface Runs {
  sizes: number[];
  reduced: boolean[];
}

/** Collapses `shape` into runs, given the sorted unique reduced axes. */
export function collapseRuns(shape: readonly number[], axes: readonly number[]): Runs {
  const sizes: number[] = [];
  const reduced: boolean[] = [];
  let next = 0;
  for (let d = 0; d < shape.length; d++) {
    const isReduced = next < axes.length && axes[next] === d;
    if (isReduced) next++;
    if (shape[d] === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && reduced[last] === isReduced) sizes[last] *= shape[d];
    else {
      sizes.push(shape[d]);
      reduced.push(isReduced);
    }
  }
  return { sizes, reduced };
}

/** The output shape of reducing `axes` (sorted, unique) of `shape`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  let next = 0;
  for (let d = 0; d < shape.length; d++) {
    if (next < axes.length && axes[next] === d) {
      next++;
      if (keepdims) out.push(1);
    } else out.push(shape[d]);
  }
  return out;
}

export type ReduceKind = "sum" | "sumsq" | "max" | "min";

interface ReduceKernels {
  rows: KernelFamily;
  cols: KernelFamily;
}

const KERNELS: Record<ReduceKind, ReduceKernels> = {
  sum: { rows: new KernelFamily("sum_rows", NUMERIC), cols: new KernelFamily("sum_cols", NUMERIC) },
  sumsq: { rows: new KernelFamily("sumsq_rows", FLOAT), cols: new KernelFamily("sumsq_cols", FLOAT) },
  max: { rows: new KernelFamily("max_rows", NUMERIC), cols: new KernelFamily("max_cols", NUMERIC) },
  min: { rows: new KernelFamily("min_rows", NUMERIC), cols: new KernelFamily("min_cols", NUMERIC) },
};

/** Reduces all n > 0 values at `src` into one at `dst`: a single contiguous row. */
export function reduceAll(kind: ReduceKind, dtype: DType, src: number, n: number, dst: number): void {
  KERNELS[kind].rows.for(dtype)(src, dst, 1, n);
}

/**
 * Reduces the reduced runs of the tensor at `src` into `dst` (which holds the product of the kept
 * runs). Every run must be non-empty. With no reduced run, each element is reduced alone.
 */
export function runReduction(kind: ReduceKind, dtype: DType, src: number, runs: Runs, dst: number): void {
  let remaining = 0;
  for (const r of runs.reduced) if (r) remaining++;
  if (remaining <= 1) {
    // One pass (or, with no reduced run, a pass over runs of length 1), straight into dst.
    const g = runs.reduced.indexOf(true);
    let outer = 1;
    let inner = 1;
    for (let i = 0; i < runs.sizes.length; i++) {
      if (i < g || g < 0) outer *= runs.sizes[i];
      else if (i > g) inner *= runs.sizes[i];
    }
    runPass(kind, dtype, src, dst, outer, g < 0 ? 1 : runs.sizes[g], inner);
    return;
  }
  const sizes = runs.sizes.slice();
  const reduced = runs.reduced.slice();
  const bytes = bytesPerElement(dtype);
  let input = src;
  let passKind = kind;
  try {
    while (remaining > 0) {
      const g = largestReducedRun(sizes, reduced);
      let outer = 1;
      for (let i = 0; i < g; i++) outer *= sizes[i];
      let inner = 1;
      for (let i = g + 1; i < sizes.length; i++) inner *= sizes[i];
      const output = remaining === 1 ? dst : alloc(outer * inner * bytes);
      runPass(passKind, dtype, input, output, outer, sizes[g], inner);
      if (input !== src) free(input);
      input = output;
      // Squares are taken once; later passes add the partial sums.
      if (passKind === "sumsq") passKind = "sum";
      removeRun(sizes, reduced, g);
      remaining--;
    }
  } finally {
    if (input !== src && input !== dst) free(input);
  }
}

function runPass(kind: ReduceKind, dtype: DType, src: number, dst: number, outer: number, axis: number, inner: number): void {
  const kernels = KERNELS[kind];
  if (inner === 1) {
    kernels.rows.for(dtype)(src, dst, outer, axis);
    return;
  }
  // Float32 sums add columns in float64: they need inner float64 accumulators.
  const scratch = dtype === "float32" && (kind === "sum" || kind === "sumsq") ? alloc(inner * 8) : 0;
  try {
    kernels.cols.for(dtype)(src, dst, outer, axis, inner, scratch);
  } finally {
    if (scratch !== 0) free(scratch);
  }
}

function largestReducedRun(sizes: number[], reduced: boolean[]): number {
  let best = -1;
  for (let i = 0; i < sizes.length; i++) {
    // Ties go to the innermost run, whose pass is the contiguous one.
    if (reduced[i] && (best < 0 || sizes[i] >= sizes[best])) best = i;
  }
  return best;
}

/** Removes run g; its kept neighbours become one run. */
function removeRun(sizes: number[], reduced: boolean[], g: number): void {
  if (g > 0 && g < sizes.length - 1) {
    sizes.splice(g - 1, 3, sizes[g - 1] * sizes[g + 1]);
    reduced.splice(g - 1, 3, false);
  } else {
    sizes.splice(g, 1);
    reduced.splice(g, 1);
  }
}
