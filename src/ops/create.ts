// Creation functions: tensors from values, and filled tensors.
import { assertDType, castScalar, type DType, kernelSuffix } from "../dtype.js";
import { fromValues, type NestedValues, type TensorInput, toTensor } from "../convert.js";
import { K } from "../engine/wasm.js";
import { checkShape, describe } from "../shape.js";
import { allocTensor, Tensor } from "../tensor.js";

/** A tensor from a number, boolean, nested arrays or a 1-D typed array. */
export function constant(value: NestedValues | Tensor, dtype?: DType): Tensor {
  if (value instanceof Tensor) return dtype === undefined || dtype === value.dtype ? value : castTo(value, dtype);
  return fromValues(value, "constant", dtype);
}

/** A tensor from flat or nested values, with an optional explicit shape. */
export function tensor(values: NestedValues, shape?: number[], dtype?: DType): Tensor {
  const checked = shape === undefined ? undefined : checkShape(shape, "tensor");
  return fromValues(values, "tensor", dtype, checked);
}

/** Any tensor-like value as a tensor; a tensor comes back as it is. */
export function convertToTensor(x: TensorInput, dtype?: DType): Tensor {
  const t = toTensor(x, "convertToTensor", "x", dtype);
  if (dtype !== undefined && t.dtype !== dtype) {
    throw new TypeError(
      `convertToTensor: ${t.describe()} has dtype ${t.dtype}, not the requested ${dtype}; use tf.cast(x, "${dtype}")`,
    );
  }
  return t;
}

export function fill(shape: number[], value: number, dtype: DType = "float32"): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`fill: value must be a number, got ${describe(value)}`);
  }
  return filled(checkShape(shape, "fill"), Number(value), assertDType(dtype, "fill"));
}

export function zeros(shape: number[], dtype: DType = "float32"): Tensor {
  return filled(checkShape(shape, "zeros"), 0, assertDType(dtype, "zeros"));
}

export function ones(shape: number[], dtype: DType = "float32"): Tensor {
  return filled(checkShape(shape, "ones"), 1, assertDType(dtype, "ones"));
}

export function zerosLike(x: TensorInput): Tensor {
  const t = toTensor(x, "zerosLike");
  return filled(t.shape.slice(), 0, t.dtype);
}

export function onesLike(x: TensorInput): Tensor {
  const t = toTensor(x, "onesLike");
  return filled(t.shape.slice(), 1, t.dtype);
}

/** @internal A new tensor of `shape` with every element `value`. */
export function filled(shape: number[], value: number, dtype: DType): Tensor {
  const t = allocTensor(shape, dtype);
  K[`fill${kernelSuffix(dtype)}`](t.ptr, t.size, castScalar(value, dtype));
  return t;
}

function castTo(t: Tensor, dtype: DType): Tensor {
  return fromValues(Array.from(t.data()), "constant", dtype, t.shape.slice());
}
