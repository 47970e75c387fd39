// Turning user values (numbers, booleans, nested arrays, typed arrays, tensors, variables) into tensors.
import { assertDType, type DType, type TypedArray } from "./dtype.js";
import { F32, F64, I32, U8 } from "./engine/heap.js";
import { clock, release } from "./lifetime.js";
import { describe, formatShape } from "./shape.js";
import { allocTensor, Tensor } from "./tensor.js";

/** Implemented by things usable wherever a tensor is (Variable): returns the current value. */
export const TO_TENSOR: unique symbol = Symbol.for("gradtape.toTensor");

export interface TensorLike {
  [TO_TENSOR](): Tensor;
}

export type NestedValues = number | boolean | TypedArray | readonly NestedValues[];
export type TensorInput = Tensor | TensorLike | NestedValues;

export function isTensorLike(x: unknown): x is TensorLike {
  return typeof x === "object" && x !== null && TO_TENSOR in x;
}

/**
 * The tensor for an op argument. Plain values take `dtypeHint` (the dtype of the op's other tensor
 * argument) when given, so `mul(x64, 2)` stays float64.
 */
export function toTensor(x: TensorInput, op: string, argName = "x", dtypeHint?: DType): Tensor {
  if (x instanceof Tensor) {
    x.assertAlive(op);
    x.lastUse = clock;
    return x;
  }
  if (isTensorLike(x)) return x[TO_TENSOR]();
  if (typeof x === "number") return scalar(x, dtypeHint === undefined || dtypeHint === "bool" ? "float32" : dtypeHint);
  if (typeof x === "boolean") return scalar(x ? 1 : 0, "bool");
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return fromValues(x, op, dtypeHint);
  throw new TypeError(
    `${op}: argument ${argName} must be a Tensor, a Variable, a number or a nested array of numbers, got ${describe(x)}`,
  );
}

/**
 * For an op that rejects its arguments after converting them: frees `t` if `toTensor` made it from
 * the plain value `x` (a number or array the caller never saw as a tensor), so the throw leaves no
 * tensor behind. The caller's own tensors and variables are untouched.
 */
export function releaseIfConverted(x: unknown, t: Tensor | null | undefined): void {
  if (t === null || t === undefined || t === x || isTensorLike(x) || t.freedBecause !== null) return;
  release(t, "freed when the op it was converted for threw");
}

/**
 * The tensors of a list argument, by index so that the holes of a sparse array are reported as
 * undefined; null and undefined give null where `nullable`. If an element cannot be converted, the
 * tensors converted before it are freed.
 */
export function toTensorList(list: readonly unknown[], op: string, argName: string, nullable: true): (Tensor | null)[];
export function toTensorList(list: readonly unknown[], op: string, argName: string): Tensor[];
export function toTensorList(list: readonly unknown[], op: string, argName: string, nullable = false): (Tensor | null)[] {
  const out = new Array<Tensor | null>(list.length);
  try {
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      out[i] = nullable && (x === null || x === undefined) ? null : toTensor(x as TensorInput, op, `${argName}[${i}]`);
    }
  } catch (err) {
    releaseConverted(list, out);
    throw err;
  }
  return out;
}

/**
 * Runs `body` on the tensors of a list argument; if it throws, the tensors converted from plain
 * values in `values` are freed first, so a rejected list leaves no tensor behind.
 */
export function withTensorList<T>(values: readonly unknown[], tensors: readonly (Tensor | null)[], body: () => T): T {
  try {
    return body();
  } catch (err) {
    releaseConverted(values, tensors);
    throw err;
  }
}

/**
 * Runs `body`, an op's checks of its argument `t` converted from `x`, and returns what it returns;
 * if it throws, `t` is freed first when it was made from a plain value.
 */
export function releasingOnThrow<T>(x: unknown, t: Tensor, body: () => T): T {
  try {
    return body();
  } catch (err) {
    releaseIfConverted(x, t);
    throw err;
  }
}

/** `releaseIfConverted` for each element of a list argument. */
export function releaseConverted(inputs: ArrayLike<unknown>, tensors: ArrayLike<Tensor | null | undefined>): void {
  for (let i = 0; i < tensors.length; i++) releaseIfConverted(inputs[i], tensors[i]);
}

export function scalar(value: number, dtype: DType): Tensor {
  const t = allocTensor([], dtype);
  // The typed-array stores convert as writeFlat does, without building an array for one value.
  switch (dtype) {
    case "float32":
      F32[t.ptr >>> 2] = value;
      break;
    case "float64":
      F64[t.ptr >>> 3] = value;
      break;
    case "int32":
      I32[t.ptr >>> 2] = value;
      break;
    case "bool":
      U8[t.ptr] = value !== 0 ? 1 : 0; // NaN is true, as in TensorFlow
      break;
  }
  return t;
}

/** Builds a tensor from nested arrays or a typed array; checks raggedness and element types. */
export function fromValues(values: NestedValues, op: string, dtype?: DType, shape?: number[]): Tensor {
  if (dtype !== undefined) assertDType(dtype, op);
  const inferredShape: number[] = [];
  const flat: number[] | TypedArray = ArrayBuffer.isView(values)
    ? flatTyped(values, inferredShape)
    : flatten(values, op, inferredShape);
  const outDType = dtype ?? inferDType(values, flat);
  const outShape = shape ?? inferredShape;
  let size = 1;
  for (const d of outShape) size *= d;
  if (size !== flat.length) {
    throw new Error(
      `${op}: ${flat.length} values cannot fill shape ${formatShape(outShape)} (${size} elements); ` +
        `pass as many values as the shape holds`,
    );
  }
  const t = allocTensor(outShape.slice(), outDType);
  writeFlat(t, flat);
  return t;
}

function flatTyped(values: TypedArray, shape: number[]): TypedArray {
  shape.push(values.length);
  return values;
}

function inferDType(values: NestedValues, flat: ArrayLike<number>): DType {
  if (values instanceof Float64Array) return "float64";
  if (values instanceof Int32Array || values instanceof Uint8Array) return "int32";
  if (values instanceof Float32Array) return "float32";
  return flat.length > 0 && firstLeaf(values) === "boolean" ? "bool" : "float32";
}

function firstLeaf(values: NestedValues): string {
  let v: NestedValues = values;
  while (Array.isArray(v) && v.length > 0) v = v[0] as NestedValues;
  return typeof v;
}

/** Flattens nested arrays row-major, recording the shape; throws on ragged arrays and non-numbers. */
function flatten(values: NestedValues, op: string, shape: number[]): number[] {
  const out: number[] = [];
  let depthSeen = -1;
  const visiting = new Set<unknown>();
  const walk = (v: NestedValues, depth: number, path: string): void => {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      if (visiting.has(v)) throw new TypeError(`${op}: the nested array contains itself at ${path}; pass plain data`);
      const len = (v as ArrayLike<unknown>).length;
      if (depth === shape.length) {
        if (depthSeen !== -1) raggedError(op, path, "an array", "a number");
        shape.push(len);
      } else if (shape[depth] !== len) {
        throw new Error(
          `${op}: ragged nested array: ${path} has length ${len} but its siblings have length ${shape[depth]}; ` +
            `every row at the same depth must have the same length`,
        );
      }
      visiting.add(v);
      for (let i = 0; i < len; i++) walk((v as ArrayLike<NestedValues>)[i], depth + 1, `${path}[${i}]`);
      visiting.delete(v);
      return;
    }
    if (depthSeen === -1) depthSeen = depth;
    if (depth !== depthSeen || depth !== shape.length) raggedError(op, path, "a number", "an array");
    if (typeof v === "number") out.push(v);
    else if (typeof v === "boolean") out.push(v ? 1 : 0);
    else {
      throw new TypeError(`${op}: element ${path} is ${describe(v)}; tensors hold only numbers and booleans`);
    }
  };
  walk(values, 0, "values");
  return out;
}

function raggedError(op: string, path: string, found: string, expected: string): never {
  throw new Error(
    `${op}: ragged nested array: ${path} is ${found} where its siblings hold ${expected}; ` +
      `every element at the same depth must be of the same kind`,
  );
}

/** Copies values into a fresh tensor, converting to its dtype. */
export function writeFlat(t: Tensor, values: ArrayLike<number>): void {
  const n = t.size;
  switch (t.dtype) {
    case "float32":
      F32.set(values as ArrayLike<number>, t.ptr >>> 2);
      return;
    case "float64":
      F64.set(values as ArrayLike<number>, t.ptr >>> 3);
      return;
    case "int32": {
      const base = t.ptr >>> 2;
      for (let i = 0; i < n; i++) I32[base + i] = values[i];
      return;
    }
    case "bool":
      for (let i = 0; i < n; i++) U8[t.ptr + i] = values[i] !== 0 ? 1 : 0; // NaN is true, as in TensorFlow
      return;
  }
}
