// From per-sample losses to the returned loss, as Keras's reduce_weighted_values: a mask of ignored
// entries is merged into the sample weights, the weights (after rank alignment) multiply the
// values with NumPy broadcasting, and the reduction sums or averages.
import type { TensorInput } from "../convert.js";
import { cast } from "../ops/cast.js";
import { div, equal, mul } from "../ops/binary.js";
import { reduceSum } from "../ops/reduce.js";
import { where } from "../ops/select.js";
import { broadcastShapes, formatShape, type Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Reduction } from "./options.js";
import { alignRanks, reshapedTo } from "./shapes.js";

/**
 * Checks that sample weights of `weightShape` fit per-sample losses of `valuesShape` (and their mask
 * when `masked`), following reduceWeighted's steps on shapes only. `inputs` describes the call.
 */
export function checkWeightShape(where: string, valuesShape: Shape, weightShape: Shape, masked: boolean, inputs: string): void {
  let weights = weightShape;
  if (masked) {
    const [m, w] = alignRanks(valuesShape, weights);
    weights = fit(where, m, w, weightShape, valuesShape, inputs);
  }
  const [v, w] = alignRanks(valuesShape, weights);
  fit(where, v, w, weightShape, valuesShape, inputs);
}

function fit(where: string, v: Shape, w: Shape, given: Shape, values: Shape, inputs: string): number[] {
  try {
    return broadcastShapes(w, v, where);
  } catch {
    throw new Error(
      `${where}: sampleWeight ${formatShape(given)} does not fit the per-sample losses ${formatShape(values)} (${inputs}): ` +
        `the shapes cannot be broadcast together; pass one weight per sample, one per element, or a scalar`,
    );
  }
}

/** `values` weighted by `weights` (or null) and `mask` (bool, values' shape, or null), then reduced. */
export function reduceWeighted(values: Tensor, weights: Tensor | null, mask: Tensor | null, reduction: Reduction): Tensor {
  let w = weights;
  if (mask !== null) {
    const m = maskWeights(mask, values.dtype, reduction);
    if (w === null) w = m;
    else {
      const [ms, ws] = alignRanks(m.shape, w.shape);
      w = mul(reshapedTo(w, ws), reshapedTo(m, ms));
    }
  }
  let v = values;
  if (w !== null) {
    const [vs, ws] = alignRanks(v.shape, w.shape);
    v = mul(reshapedTo(v, vs), reshapedTo(w, ws));
  }
  if (reduction === "none" || v.rank === 0) return v;
  const total = reduceSum(v);
  if (reduction === "sum") return total;
  if (reduction === "mean_with_sample_weight" && w !== null) return divNoNan(total, reduceSum(w));
  // An empty batch has a loss of 0 (its sum), where dividing by its size would give NaN.
  return v.size === 0 ? total : div(total, v.size);
}

/**
 * Weights of the entries a mask keeps. For the averaging reductions they are total / valid, so that
 * the average runs over the kept entries only (0 when none is kept), as Keras's apply_mask does.
 */
function maskWeights(mask: Tensor, dtype: Tensor["dtype"], reduction: Reduction): Tensor {
  const kept = cast(mask, dtype);
  if (reduction !== "sum_over_batch_size" && reduction !== "mean") return kept;
  return where(mask, divNoNan(mask.size, reduceSum(kept)), 0);
}

/** a / b, and 0 where b is 0 (the division never sees a zero, so its gradient stays finite). */
export function divNoNan(a: TensorInput, b: TensorInput): Tensor {
  const zero = equal(b, 0);
  return where(zero, 0, div(a, where(zero, 1, b)));
}
