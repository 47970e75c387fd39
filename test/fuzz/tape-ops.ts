// What the tape fuzzers share on gradtape's side: a resolved tape-program op (./tape-program.ts) run on
// tensors, and the comparison of a derivative with the reference's values.
import { expect } from "vitest";
import * as tf from "../../src/index.js";
import type { Step } from "./tape-program.js";

export type Operand = tf.Tensor | tf.Variable;

/** The result of an op step on the slots so far. */
export function applyOp(step: Extract<Step, { kind: "unary" | "binary" | "cast" }>, slots: readonly Operand[]): tf.Tensor {
  if (step.kind === "binary") return tf[step.name](slots[step.a], slots[step.b]);
  if (step.kind === "cast") return tf.cast(slots[step.a], step.to);
  const a = slots[step.a];
  return step.name === "sum0" ? tf.reduceSum(a, 0, true) : step.name === "sum1" ? tf.reduceSum(a, 1, true) : tf[step.name](a);
}

/**
 * Throws unless `got` holds `want` (row-major, shape `shape`) within `tolerance` of its largest
 * element; null on either side means unconnected and must match.
 */
export function expectGradient(label: string, got: tf.Tensor | null, want: ArrayLike<number> | null, shape: readonly number[], tolerance: number): void {
  if (want === null) {
    if (got !== null) throw new Error(`${label}: expected null (unconnected), got a gradient`);
    return;
  }
  if (got === null) throw new Error(`${label}: expected a gradient, got null`);
  expect(got.shape, label).toEqual(shape);
  const data = got.data();
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(data[i] - want[i]) <= tolerance * scale)) {
      throw new Error(`${label}: element ${i} is ${data[i]}, the reference gives ${want[i]}`);
    }
  }
}
