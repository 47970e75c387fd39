// Comparing op results with float64 reference arrays.
import { expect } from "vitest";
import type * as tf from "../../src/index.js";
import { expectClose, toleranceFor } from "./close.js";
import { ref, type RefArray } from "./reference.js";

/** A tensor's shape and values as a reference array. */
export function asRef(t: tf.Tensor): RefArray {
  return ref(t.shape, t.data());
}

/** Asserts shape and dtype, then values: exactly for int32 and bool, within the dtype's tolerance for floats. */
export function checkResult(out: tf.Tensor, expected: RefArray, dtype: tf.DType): void {
  expect(out.shape).toEqual(expected.shape);
  expect(out.dtype).toBe(dtype);
  if (dtype === "int32" || dtype === "bool") expect(Array.from(out.data())).toEqual(expected.values);
  else expectClose(out.data(), expected.values, toleranceFor(dtype));
}
