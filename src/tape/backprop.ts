// The reverse walk: from the targets' gradients back through the recorded nodes, calling each op's
// rule. Rules are written with public ops, so a tape that records while this runs (an outer tape,
// or this one inside its own record) records the backward pass, and higher orders follow.
import { rules } from "../grad/rules.js";
import { sumTo } from "../grad/sum-to.js";
import { add } from "../ops/binary.js";
import { concat, reshape } from "../ops/movement.js";
import type { Tensor } from "../tensor.js";
import { IndexedSlices } from "./indexed-slices.js";
import { enterRule, leaveRule, type TapeNode } from "./recorder.js";

/**
 * Gradients of the targets (seeded with `seeds`) with respect to every tensor the nodes connect,
 * by tensor id. `connected` says which inputs lead back to a watched tensor: only those get gradients,
 * and only from nodes at or after `watchedFrom`'s index for that tensor, if it has one.
 */
export function backprop(
  nodes: readonly TapeNode[],
  targets: readonly Tensor[],
  seeds: readonly Tensor[],
  connected: ReadonlySet<number>,
  watchedFrom: ReadonlyMap<number, number> = NO_WATCH_STARTS,
): Map<number, Tensor> {
  const grads = new Map<number, Tensor>();
  const lateWatches = watchedFrom.size > 0;
  for (let i = 0; i < targets.length; i++) accumulate(grads, targets[i].id, seeds[i]);
  let produced: Set<number> | null = null;
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n];
    const g = grads.get(node.output.id);
    if (g === undefined) continue;
    const inputs = node.inputs;
    const needs: boolean[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const id = inputs[i].id;
      needs[i] = connected.has(id) && !(lateWatches && (watchedFrom.get(id) ?? 0) > n);
    }
    if (node.op === "gather" && node.attrs?.axis === 0 && needs[0]) {
      produced ??= outputsOf(nodes);
      if (!produced.has(inputs[0].id)) {
        // A watched tensor or variable read through gather gets its gradient as IndexedSlices.
        accumulate(grads, inputs[0].id, gatherSlices(g, inputs[0], inputs[1]));
        continue;
      }
    }
    const rule = rules[node.op] as Rule;
    const outerRule = enterRule(node.op);
    let inputGrads;
    try {
      inputGrads = rule(g, inputs, node.output, node.attrs ?? NO_ATTRS, needs);
    } finally {
      leaveRule(outerRule);
    }
    for (let i = 0; i < inputs.length; i++) {
      const gi = inputGrads[i];
      if (!needs[i] || gi === null || gi === undefined) continue;
      const input = inputs[i];
      accumulate(grads, input.id, sumTo(gi, input.shape));
    }
  }
  return grads;
}

const NO_ATTRS: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_WATCH_STARTS: ReadonlyMap<number, number> = new Map();

/** Ids of the tensors the nodes produce. */
function outputsOf(nodes: readonly TapeNode[]): Set<number> {
  const produced = new Set<number>();
  for (let n = 0; n < nodes.length; n++) produced.add(nodes[n].output.id);
  return produced;
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
