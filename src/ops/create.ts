// Creation functions: tensors from values, and filled tensors.
import { assertDType, castScalar, type DType } from "../dtype.js";
import { fromValues, isTensorLike, type NestedValues, type TensorInput, toTensor } from "../convert.js";
import { FLOAT, KernelFamily, NUMERIC } from "../engine/kernels.js";
import { cast } from "./cast.js";
import { identity } from "./unary.js";
import { checkShape, describe, show } from "../shape.js";
import { allocTensor, Tensor } from "../tensor.js";

const FILL = new KernelFamily("fill");
const EYE = new KernelFamily("eye");
const RANGE = new KernelFamily("range", NUMERIC);
const LINSPACE = new KernelFamily("linspace", FLOAT);

/**
 * A tensor from a number, boolean, nested arrays or a 1-D typed array; from a tensor or a variable, a
 * copy (cast to `dtype` if given), so that disposing it leaves the original alone.
 */
export function constant(value: NestedValues | TensorInput, dtype?: DType): Tensor {
  if (dtype !== undefined) assertDType(dtype, "constant");
  if (value instanceof Tensor || isTensorLike(value)) {
    const t = toTensor(value, "constant", "value");
    return cast(t, dtype ?? t.dtype);
  }
  return fromValues(value, "constant", dtype);
}

/** A tensor from flat or nested values, with an optional explicit shape. */
export function tensor(values: NestedValues, shape?: number[], dtype?: DType): Tensor {
  const checked = shape === undefined ? undefined : checkShape(shape, "tensor");
  return fromValues(values, "tensor", dtype, checked);
}

/** Any tensor-like value as a tensor; a tensor comes back as it is, a variable as a snapshot of its value. */
export function convertToTensor(x: TensorInput, dtype?: DType): Tensor {
  if (dtype !== undefined) assertDType(dtype, "convertToTensor");
  const t = toTensor(x, "convertToTensor", "x", dtype);
  if (dtype !== undefined && t.dtype !== dtype) {
    throw new TypeError(
      `convertToTensor: ${t.describe()} has dtype ${t.dtype}, not the requested ${dtype}; use tf.cast(x, "${dtype}")`,
    );
  }
  return isTensorLike(x) ? identity(t) : t;
}

export function fill(shape: number[], value: number, dtype: DType = "float32"): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`fill: value must be a number, got ${describe(value)}`);
  }
  return filled(checkShape(shape, "fill"), Number(value), assertDType(dtype, "fill"), "fill");
}

export function zeros(shape: number[], dtype: DType = "float32"): Tensor {
  return filled(checkShape(shape, "zeros"), 0, assertDType(dtype, "zeros"), "zeros");
}

export function ones(shape: number[], dtype: DType = "float32"): Tensor {
  return filled(checkShape(shape, "ones"), 1, assertDType(dtype, "ones"), "ones");
}

export function zerosLike(x: TensorInput): Tensor {
  const t = toTensor(x, "zerosLike");
  return filled(t.shape.slice(), 0, t.dtype, "zerosLike");
}

export function onesLike(x: TensorInput): Tensor {
  const t = toTensor(x, "onesLike");
  return filled(t.shape.slice(), 1, t.dtype, "onesLike");
}

/**
 * Identity matrices (TensorFlow's `tf.eye`): shape `[...batchShape, numRows, numColumns]`, ones on
 * the main diagonal. `numColumns` defaults to `numRows`.
 */
export function eye(numRows: number, numColumns?: number | null, batchShape: number[] = [], dtype: DType = "float32"): Tensor {
  const rows = checkCount(numRows, "eye", "numRows");
  const cols = numColumns === undefined || numColumns === null ? rows : checkCount(numColumns, "eye", "numColumns");
  const batch = checkShape(batchShape, "eye");
  assertDType(dtype, "eye");
  const t = allocTensor([...batch, rows, cols], dtype, "eye");
  EYE.for(dtype)(t.ptr, t.size === 0 ? 0 : t.size / (rows * cols), rows, cols);
  return t;
}

/**
 * `start, start + delta, ...` up to but excluding `limit` (TensorFlow's `tf.range`); with one
 * argument, `range(limit)` counts from 0. The dtype is int32 when every argument is an integer,
 * else float32, unless given. Values accumulate in the output dtype, as TensorFlow's CPU kernel does.
 */
export function range(start: number, limit?: number | null, delta = 1, dtype?: DType): Tensor {
  if (limit === undefined || limit === null) [start, limit] = [0, start];
  const args = { start, limit, delta };
  for (const [name, v] of Object.entries(args)) {
    if (typeof v !== "number") throw new TypeError(`range: ${name} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`range: ${name} must be finite, got ${v}`);
  }
  const outType = rangeDType(args, dtype);
  // TensorFlow converts the arguments to the output dtype first.
  const s = castScalar(start, outType);
  const l = castScalar(limit, outType);
  const d = castScalar(delta, outType);
  if (d === 0) throw new RangeError(`range: Requires delta != 0: ${delta}; pass a non-zero step`);
  if (d > 0 && s > l) {
    throw new RangeError(`range: Requires start <= limit when delta > 0: ${start}/${limit}; swap them or pass a negative delta`);
  }
  if (d < 0 && s < l) {
    throw new RangeError(`range: Requires start >= limit when delta < 0: ${start}/${limit}; swap them or pass a positive delta`);
  }
  const size = outType === "int32"
    ? Math.floor((Math.abs(l - s) + Math.abs(d) - 1) / Math.abs(d))
    : Math.ceil(Math.abs(castScalar(castScalar(l - s, outType) / d, outType)));
  if (size > MAX_ELEMENTS) {
    throw new RangeError(`range: (${limit} - ${start}) / ${delta} gives ${size} elements, more than fit in memory; use a larger delta`);
  }
  const t = allocTensor([size], outType);
  RANGE.for(outType)(t.ptr, size, s, d);
  return t;
}

/** int32 when every argument is an integer (as Python ints infer int32 in TensorFlow), else float32. */
function rangeDType(args: Record<string, number>, dtype: DType | undefined): "int32" | "float32" | "float64" {
  const integers = Object.values(args).every(Number.isInteger);
  const outType = dtype === undefined ? (integers ? "int32" : "float32") : assertDType(dtype, "range");
  if (outType === "bool") throw new TypeError('range: dtype bool is not supported; use "int32", "float32" or "float64"');
  if (outType === "int32") {
    for (const [name, v] of Object.entries(args)) {
      if (v !== (v | 0)) throw new TypeError(`range: ${name} ${v} is not an int32 integer; pass integers or dtype "float32"`);
    }
  }
  return outType;
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included (TensorFlow's `tf.linspace`):
 * `start + i * (stop - start) / (num - 1)` computed in the dtype, with the last value exactly `stop`.
 */
export function linspace(start: number, stop: number, num: number, dtype: DType = "float32"): Tensor {
  for (const [name, v] of [["start", start], ["stop", stop], ["num", num]] as const) {
    if (typeof v !== "number") throw new TypeError(`linspace: ${name} must be a number, got ${describe(v)}`);
  }
  const n = checkCount(num, "linspace", "num");
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`linspace: dtype ${show(dtype)} is not supported; use "float32" or "float64"`);
  }
  const s = castScalar(start, dtype);
  const e = castScalar(stop, dtype);
  const steps = castScalar(Math.max(n - 1, 1), dtype);
  const delta = castScalar(castScalar(e - s, dtype) / steps, dtype);
  const t = allocTensor([n], dtype, "linspace");
  LINSPACE.for(dtype)(t.ptr, n, s, e, delta);
  return t;
}

/** Elements of the largest tensor Wasm memory (4 GiB) could hold. */
const MAX_ELEMENTS = 2 ** 30;

function checkCount(value: unknown, op: string, name: string): number {
  if (typeof value !== "number") throw new TypeError(`${op}: ${name} must be a non-negative integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > MAX_ELEMENTS) {
    throw new RangeError(`${op}: ${name} must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

/** A new tensor of `shape` with every element `value`. */
function filled(shape: number[], value: number, dtype: DType, op: string): Tensor {
  const t = allocTensor(shape, dtype, op);
  FILL.for(dtype)(t.ptr, t.size, castScalar(value, dtype));
  return t;
}

