// Writing weights: setWeights (all values checked before any is copied), freezing, and running a
// computation with other values in place of the variables (Keras's stateless_call).
import { releaseConverted, releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import { tidy } from "../lifetime.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";

/** Copies `values` into `variables` after checking the count, and each value's dtype and shape. */
export function assignAll(where: string, variables: readonly Variable[], values: readonly TensorInput[], hint: string): void {
  if (values.length !== variables.length) {
    throw new Error(
      `${where}: the layer has ${variables.length} weights (${variables.map((v) => `${v.name} ${formatShape(v.shape)}`).join(", ") || "none"}) ` +
        `but ${values.length} values were given; pass one value per weight, in the order of getWeights()${hint}`,
    );
  }
  tidy(() => {
    const tensors = new Array<Tensor>(values.length);
  try {
    for (let i = 0; i < values.length; i++) tensors[i] = checkedValue(where, variables[i], values[i], i);
  } catch (err) {
    releaseConverted(values, tensors);
    throw err;
  }
    tensors.forEach((t, i) => variables[i].assign(t));
  });
}

/**
 * Runs `fn` with each variable reading the matching tensor instead of its own values, so that a
 * tape watching those tensors differentiates through them. The variables are restored afterwards.
 */
export function withValues<T>(where: string, variables: readonly Variable[], values: readonly TensorInput[], fn: () => T): T {
  if (!Array.isArray(values)) {
    throw new TypeError(`${where}: expected an array of ${variables.length} weight values, got ${describe(values)}`);
  }
  if (values.length !== variables.length) {
    throw new Error(
      `${where}: expected ${variables.length} values (${variables.map((v) => v.name).join(", ") || "none"}) but got ${values.length}`,
    );
  }
  const tensors = new Array<Tensor>(values.length);
  try {
    for (let i = 0; i < values.length; i++) tensors[i] = checkedValue(where, variables[i], values[i], i);
  } catch (err) {
    releaseConverted(values, tensors);
    throw err;
  }
  const saved = variables.map((v) => v.tensor);
  variables.forEach((v, i) => (v.tensor = tensors[i]));
  try {
    return fn();
  } finally {
    variables.forEach((v, i) => (v.tensor = saved[i]));
  }
}

function checkedValue(where: string, v: Variable, value: TensorInput, i: number): Tensor {
  const t = toTensor(value, where, `weights[${i}]`, v.dtype);
  try {
    checkMatches(where, v, t, i);
  } catch (err) {
    releaseIfConverted(value, t);
    throw err;
  }
  return t;
}

function checkMatches(where: string, v: Variable, t: Tensor, i: number): void {
  if (t.dtype !== v.dtype) {
    throw new TypeError(`${where}: weight ${i} ('${v.name}') is ${v.dtype} but the value is ${t.dtype}; cast it with tf.cast(value, "${v.dtype}")`);
  }
  if (!shapesEqual(t.shape, v.shape)) {
    throw new Error(`${where}: weight ${i} ('${v.name}') has shape ${formatShape(v.shape)} but the value has shape ${formatShape(t.shape)}`);
  }
}
