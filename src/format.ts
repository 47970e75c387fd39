import type { DType, TypedArray } from "./dtype.js";

/** TensorFlow's repr: `tf.Tensor(6.0, shape=(), dtype=float32)`. */
export function formatTensor(shape: readonly number[], dtype: DType, values: TypedArray): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const body = shape.length === 0 ? formatScalar(values[0], dtype) : JSON.stringify(Array.from(values));
  return `tf.Tensor(${body}, shape=${shapeText}, dtype=${dtype})`;
}

function formatScalar(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (dtype === "int32") return String(v);
  return Number.isInteger(v) ? `${v}.0` : String(v);
}
