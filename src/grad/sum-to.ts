// Undoing broadcasting, once, in the backprop walk: a gradient of the broadcast shape is summed
// down to the shape of the input it flows into (PyTorch's sum_to, JAX's _unbroadcast).
import { reshape } from "../ops/movement.js";
import { reduceSum } from "../ops/reduce.js";
import { shapesEqual } from "../shape.js";
import type { Tensor } from "../tensor.js";

export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? reduceSum(g, axes) : g;
  return reshape(summed, shape.slice());
}
