// The Jacobian-vector product of one recorded op, from its reverse-mode rule alone ("double VJP").
// The rule maps an output cotangent u to J^T u, which is linear in u, so for the input tangents v
// the derivative of <J^T u, v> with respect to u is J v, whatever the value of u (zeros here).
// A second tape takes that derivative. Every step is a public op, so the tapes recording while it
// runs see it: that is what lets a tape differentiate a JVP (back-over-forward).
import { mul } from "../ops/binary.js";
import { zerosLike } from "../ops/create.js";
import { reduceSum } from "../ops/reduce.js";
import type { Tensor } from "../tensor.js";
import { backprop } from "./backprop.js";
import { GradientTape } from "./gradient-tape.js";
import type { TapeNode } from "./recorder.js";

/**
 * J v for `node` (whose output is float), given the tangent of each input (null for an input
 * without one). Null when the op's rule gives no gradient to any input that has a tangent.
 */
export function jvpOfNode(node: TapeNode, inputTangents: readonly (Tensor | null)[]): Tensor | null {
  const inputs = node.inputs;
  const connected = new Set<number>();
  for (let i = 0; i < inputs.length; i++) if (inputTangents[i] !== null) connected.add(inputs[i].id);

  const u = zerosLike(node.output);
  const dual = new GradientTape({ watchAccessedVariables: false });
  const pairings = dual.record(() => {
    dual.watch(u);
    const grads = backprop([node], [node.output], [u], connected);
    const terms: Tensor[] = [];
    const paired = new Set<number>();
    for (let i = 0; i < inputs.length; i++) {
      const v = inputTangents[i];
      // An input used twice (mul(x, x)) already has both uses summed in its gradient.
      if (v === null || paired.has(inputs[i].id)) continue;
      paired.add(inputs[i].id);
      const g = grads.get(inputs[i].id);
      if (g !== undefined) terms.push(reduceSum(mul(g, v)));
    }
    return terms;
  });
  if (pairings.length === 0) return null;
  // Several terms (possibly of different float dtypes) are separate targets whose gradients add up.
  return dual.gradient(pairings, u, { unconnectedGradients: "zero" });
}
