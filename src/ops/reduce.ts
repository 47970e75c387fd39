// Reductions: reduceSum, reduceMean, reduceMax, reduceMin, argMax, argMin (TensorFlow semantics).
import { bytesPerElement, type DType } from "../dtype.js";
import { releasingOnThrow, type TensorInput, toTensor } from "../convert.js";
import { alloc, free } from "../engine/heap.js";
import { KernelFamily, NUMERIC } from "../engine/kernels.js";
import { K } from "../engine/wasm.js";
import { describe, formatShape, normalizeAxis } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { checkDType, resolveAxes } from "./check.js";
import { collapseRuns, reduceAll, reducedShape, runReduction } from "./reduce-plan.js";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type Reduction = "sum" | "mean" | "max" | "min";

/** Sum over `axis` (all axes when omitted). Int32 sums wrap around, as in TensorFlow. */
export function reduceSum(x: TensorInput, axis?: number | number[], keepdims = false): Tensor {
  return reduce("reduceSum", "sum", x, axis, keepdims);
}

/** Mean over `axis` (all axes when omitted). Int32 means divide as integers, truncating. */
export function reduceMean(x: TensorInput, axis?: number | number[], keepdims = false): Tensor {
  return reduce("reduceMean", "mean", x, axis, keepdims);
}

/** Maximum over `axis` (all axes when omitted); NaN wins over every number. */
export function reduceMax(x: TensorInput, axis?: number | number[], keepdims = false): Tensor {
  return reduce("reduceMax", "max", x, axis, keepdims);
}

/** Minimum over `axis` (all axes when omitted); NaN wins over every number. */
export function reduceMin(x: TensorInput, axis?: number | number[], keepdims = false): Tensor {
  return reduce("reduceMin", "min", x, axis, keepdims);
}

/** Int32 index of the largest value along `axis`; the first one on ties, the first NaN if any. */
export function argMax(x: TensorInput, axis = 0): Tensor {
  return argReduce("argMax", ARGMAX, x, axis);
}

/** Int32 index of the smallest value along `axis`; the first one on ties, the first NaN if any. */
export function argMin(x: TensorInput, axis = 0): Tensor {
  return argReduce("argMin", ARGMIN, x, axis);
}

const FILL = new KernelFamily("fill", NUMERIC);
const MEAN_DIVIDE = new KernelFamily("mean_divide", NUMERIC);

type ReduceOp = "reduceSum" | "reduceMean" | "reduceMax" | "reduceMin";

function reduce(op: ReduceOp, reduction: Reduction, x: TensorInput, axis: number | number[] | undefined, keepdims: boolean): Tensor {
  const t = toTensor(x, op);
  const out = releasingOnThrow(x, t, () => reduced(op, reduction, t, axis, keepdims));
  if (recording()) recordOp(op, [t], out, { axes: resolveAxes(op, axis, t.rank), keepdims });
  return out;
}

function reduced(op: ReduceOp, reduction: Reduction, t: Tensor, axis: number | number[] | undefined, keepdims: boolean): Tensor {
  checkDType(op, t, NUMERIC);
  if (typeof keepdims !== "boolean") {
    throw new TypeError(`${op}: keepdims must be a boolean, got ${describe(keepdims)}`);
  }
  if ((axis === undefined || axis === null) && t.rank > 0) return reduceEverything(reduction, t, keepdims);
  const axes = resolveAxes(op, axis, t.rank);
  const out = allocTensor(reducedShape(t.shape, axes, keepdims), t.dtype);
  if (axes.length === 0) {
    // Reducing over no axis leaves every value as it is.
    K.copy_bytes(out.ptr, t.ptr, t.byteLength);
    return out;
  }
  if (out.size === 0) return out;
  const count = t.size / out.size;
  if (count === 0) {
    FILL.for(t.dtype)(out.ptr, out.size, emptyValue(reduction, t.dtype));
    return out;
  }
  runReduction(reduction === "mean" ? "sum" : reduction, t.dtype, t.ptr, collapseRuns(t.shape, axes), out.ptr);
  if (reduction === "mean" && count > 1) MEAN_DIVIDE.for(t.dtype)(out.ptr, out.size, count);
  return out;
}

/** The common case of no axis argument, without planning: one pass over contiguous memory. */
function reduceEverything(reduction: Reduction, t: Tensor, keepdims: boolean): Tensor {
  const out = allocTensor(keepdims ? t.shape.map(() => 1) : [], t.dtype);
  if (t.size === 0) {
    FILL.for(t.dtype)(out.ptr, 1, emptyValue(reduction, t.dtype));
    return out;
  }
  reduceAll(reduction === "mean" ? "sum" : reduction, t.dtype, t.ptr, t.size, out.ptr);
  if (reduction === "mean" && t.size > 1) MEAN_DIVIDE.for(t.dtype)(out.ptr, 1, t.size);
  return out;
}

/** TensorFlow's result for a reduction over no elements. */
function emptyValue(reduction: Reduction, dtype: DType): number {
  const isInt = dtype === "int32";
  switch (reduction) {
    case "sum":
      return 0;
    case "mean":
      // 0 / 0: NaN for floats; integer division by zero has no value, and 0 is what we give.
      return isInt ? 0 : NaN;
    case "max":
      return isInt ? INT32_MIN : -Infinity;
    case "min":
      return isInt ? INT32_MAX : Infinity;
  }
}

interface ArgKernels {
  rows: KernelFamily;
  cols: KernelFamily;
}

const ARGMAX: ArgKernels = { rows: new KernelFamily("argmax_rows", NUMERIC), cols: new KernelFamily("argmax_cols", NUMERIC) };
const ARGMIN: ArgKernels = { rows: new KernelFamily("argmin_rows", NUMERIC), cols: new KernelFamily("argmin_cols", NUMERIC) };

function argReduce(op: string, kernels: ArgKernels, x: TensorInput, axis: number): Tensor {
  const t = toTensor(x, op);
  const a = releasingOnThrow(x, t, () => argAxis(op, t, axis));
  const length = t.shape[a];
  const outShape = t.shape.slice();
  outShape.splice(a, 1);
  const out = allocTensor(outShape, "int32");
  if (out.size === 0) return out;
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= t.shape[i];
  const inner = out.size / outer;
  if (inner === 1) {
    kernels.rows.for(t.dtype)(t.ptr, out.ptr, outer, length);
    return out;
  }
  const scratch = alloc(inner * bytesPerElement(t.dtype));
  try {
    kernels.cols.for(t.dtype)(t.ptr, out.ptr, outer, length, inner, scratch);
  } finally {
    free(scratch);
  }
  return out;
}

/** The axis argMax/argMin reduce, after checking `t` has a non-empty one. */
function argAxis(op: string, t: Tensor, axis: number): number {
  checkDType(op, t, NUMERIC);
  if (typeof axis !== "number") {
    throw new TypeError(`${op}: axis must be one integer, got ${describe(axis)}`);
  }
  if (t.rank === 0) {
    throw new RangeError(`${op}: needs a tensor of rank >= 1, got a scalar ${t.dtype} []; reshape it to [1] first`);
  }
  const a = normalizeAxis(axis, t.rank, op);
  const length = t.shape[a];
  if (length === 0) {
    throw new RangeError(
      `${op}: Reduction axis ${a} is empty in shape ${formatShape(t.shape)}; an empty axis has no index to return`,
    );
  }
  return a;
}
