// Argument checks of the shape and movement ops: integer lists, tensor lists and index tensors.
import { isTensorLike, releaseConverted, type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { F64, I32 } from "../engine/heap.js";
import { describe, formatShape, show } from "../shape.js";
import { allocTensor, Tensor } from "../tensor.js";

/** Checks that `value` is an array of integers (of `length` entries when given) and returns it. */
export function intList(op: string, name: string, value: unknown, length?: number, what?: string): readonly number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${op}: ${name} must be an array of integers, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(
      `${op}: ${name} ${show(value)} has ${value.length} entries but ${what} has rank ${length}; ` +
        `give one entry per dimension`,
    );
  }
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(`${op}: ${name}[${i}] is ${describe(v)}; ${name} must hold integers`);
    }
  }
  return value as number[];
}

/** Checks an integer scalar argument. */
export function intArg(op: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${op}: ${name} must be an integer, got ${describe(value)}`);
  }
  return value;
}

/**
 * Where a new axis goes in a tensor of `shape`: `axis` in [-rank-1, rank], negative counting
 * from the end of the result.
 */
export function newAxis(op: string, axis: unknown, shape: readonly number[]): number {
  const rank = shape.length;
  const a = intArg(op, "axis", axis);
  if (a < -rank - 1 || a > rank) {
    throw new RangeError(
      `${op}: axis ${a} is out of range for a new axis of a tensor of shape ${formatShape(shape)}; ` +
        `use an integer in [${-rank - 1}, ${rank}]`,
    );
  }
  return a < 0 ? a + rank + 1 : a;
}

/**
 * The tensors of a list argument (concat, stack). Plain numbers and arrays take the dtype of the
 * first tensor in the list, as `toTensor` does for the other argument of a binary op.
 */
export function tensorList(op: string, values: unknown): Tensor[] {
  if (!Array.isArray(values)) {
    throw new TypeError(`${op}: expected an array of tensors as the first argument, got ${describe(values)}`);
  }
  if (values.length === 0) {
    throw new Error(`${op}: expected a non-empty array of tensors, got an empty array`);
  }
  let hint: DType | undefined;
  for (const v of values) {
    if (v instanceof Tensor || isTensorLike(v)) {
      hint = v instanceof Tensor ? v.dtype : toTensor(v, op).dtype;
      break;
    }
  }
  const out = new Array<Tensor>(values.length);
  try {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as TensorInput;
      if (v instanceof Tensor) {
        v.assertAlive(op);
        out[i] = v;
      } else {
        out[i] = toTensor(v, op, `values[${i}]`, hint);
      }
    }
  } catch (err) {
    releaseConverted(values, out);
    throw err;
  }
  return out;
}

/**
 * An int32 index tensor from a tensor, a number or nested arrays of integers. Plain values are
 * read as float64 first so that a non-integer is reported instead of silently truncated.
 */
export function indexTensor(op: string, name: string, x: TensorInput): Tensor {
  if (x instanceof Tensor || isTensorLike(x)) {
    const t = toTensor(x, op, name);
    if (t.dtype !== "int32") {
      throw new TypeError(
        `${op}: ${name} must be int32, got ${t.dtype} ${formatShape(t.shape)}; convert with tf.cast(${name}, "int32")`,
      );
    }
    return t;
  }
  if (typeof x === "number") intArg(op, name, x);
  const values = toTensor(x, op, name, "float64");
  if (values.dtype !== "float64") {
    values.dispose();
    throw new TypeError(`${op}: ${name} must hold integers, got ${values.dtype} values`);
  }
  const from = values.ptr >>> 3;
  for (let i = 0; i < values.size; i++) {
    const v = F64[from + i];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      values.dispose();
      throw new TypeError(`${op}: ${name} must hold int32 integers, but element ${i} is ${v}`);
    }
  }
  const out = allocTensor(values.shape.slice(), "int32");
  const to = out.ptr >>> 2;
  for (let i = 0; i < values.size; i++) I32[to + i] = F64[from + i];
  values.dispose();
  return out;
}
