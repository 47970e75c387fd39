// The reverse walk: from the targets' gradients back through the recorded nodes, calling each op's
// rule. Rules are written with public ops, so a tape that records while this runs (an outer tape,
// or this one inside its own record) records the backward pass, and higher orders follow.
import { rules } from "../grad/rules.js";
import { sumTo } from "../grad/sum-to.js";
import { add } from "../ops/binary.js";
import { concat, reshape } from "../ops/movement.js";
import type { Tensor } from "../tensor.js";
import { IndexedSlices } from "./indexed-slices.js";
import type { TapeNode } from "./recorder.js";

/**
 * Gradients of the targets (seeded with `seeds`) with respect to every tensor the nodes connect,
 * by tensor id. `connected` says which inputs lead back to a watched tensor: only those get gradients.
 */
export function backprop(
  nodes: readonly TapeNode[],
  targets: readonly Tensor[],
  seeds: readonly Tensor[],
  connected: ReadonlySet<number>,
): Map<number, Tensor> {
  const grads = new Map<number, Tensor>();
  for (let i = 0; i < targets.length; i++) accumulate(grads, targets[i].id, seeds[i]);
  const produced = new Set<number>();
  for (const node of nodes) produced.add(node.output.id);
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n];
    const g = grads.get(node.output.id);
    if (g === undefined) continue;
    const needs = node.inputs.map((t) => connected.has(t.id));
    if (node.op === "gather" && node.attrs?.axis === 0 && needs[0] && !produced.has(node.inputs[0].id)) {
      // A watched tensor or variable read through gather gets its gradient as IndexedSlices.
      accumulate(grads, node.inputs[0].id, gatherSlices(g, node.inputs[0], node.inputs[1]));
      continue;
    }
    const rule = rules[node.op] as Rule;
    const inputGrads = rule(g, node.inputs, node.output, node.attrs ?? {}, needs);
    for (let i = 0; i < node.inputs.length; i++) {
      const gi = inputGrads[i];
      if (!needs[i] || gi === null || gi === undefined) continue;
      const input = node.inputs[i];
      accumulate(grads, input.id, sumTo(gi, input.shape));
    }
  }
  return grads;
}

type Rule = (
  g: Tensor,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: Readonly<Record<string, unknown>>,
  needs: readonly boolean[],
) => readonly (Tensor | null | undefined)[];

/** g of gather(x, indices) on axis 0, as the rows it sends back to x. */
function gatherSlices(g: Tensor, x: Tensor, indices: Tensor): IndexedSlices {
  const rows = reshape(g, [indices.size, ...x.shape.slice(1)]);
  return new IndexedSlices(rows, reshape(indices, [indices.size]), x.shape);
}

/** Sums gradients; two IndexedSlices stay sparse (their rows are concatenated), as in TensorFlow. */
function accumulate(grads: Map<number, Tensor>, id: number, g: Tensor): void {
  const existing = grads.get(id);
  if (existing === undefined) grads.set(id, g);
  else if (existing instanceof IndexedSlices && g instanceof IndexedSlices) {
    const values = concat([existing.values, g.values], 0);
    grads.set(id, new IndexedSlices(values, concat([existing.indices, g.indices], 0), existing.denseShape));
  } else grads.set(id, add(existing, g));
}
