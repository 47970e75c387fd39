// Python's print for the translated seed scripts, so they print what the originals print: tensors and
// variables in TensorFlow's form, None for null, tuples as (1, 'a'), and `numpy(t)` for `t.numpy()`
// (NumPy's str: 6.0, -4.0, [1. 2.]).
import * as tf from "../../src/index.js";

/** What `print(t.numpy())` shows: the value as NumPy prints it. */
export class NumpyValue {
  constructor(readonly text: string) {}
}

export function numpy(t: tf.Tensor | tf.Variable): NumpyValue {
  const text = String(t instanceof tf.Variable ? t.value() : t);
  return new NumpyValue(text.slice(text.indexOf("(") + 1, text.lastIndexOf(", shape=")).trim());
}

export function print(...values: unknown[]): void {
  console.log(values.map((v) => str(v)).join(" "));
}

function str(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value instanceof NumpyValue) return value.text;
  if (Array.isArray(value)) return `(${value.map(repr).join(", ")})`;
  return String(value);
}

function repr(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : str(value);
}
