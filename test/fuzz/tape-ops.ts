// A resolved tape-program op (./tape-program.ts) run on gradtape's tensors.
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
