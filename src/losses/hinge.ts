// Hinge losses for labels in {-1, 1}; labels given as {0, 1} are converted, as Keras does.
import { tidy } from "../lifetime.js";
import { cast } from "../ops/cast.js";
import { add, equal, maximum, mul, sub } from "../ops/binary.js";
import { reduceMax, reduceMin } from "../ops/reduce.js";
import { square } from "../ops/unary.js";
import type { Tensor } from "../tensor.js";
import type { LossFunction } from "./loss.js";
import { type LossOptions, lossOptions } from "./options.js";
import { meanAlong, pairwiseLoss, sumAlong } from "./pairwise.js";

/** mean(max(1 - yTrue * yPred, 0)) over the last axis. */
export function hinge(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("hinge", lossOptions("hinge", options), null, (t, p, axis) => meanAlong(margins(t, p), axis));
}

/** mean(max(1 - yTrue * yPred, 0)^2) over the last axis. */
export function squaredHinge(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("squaredHinge", lossOptions("squaredHinge", options), null, (t, p, axis) =>
    meanAlong(square(margins(t, p)), axis),
  );
}

/**
 * max(neg - pos + 1, 0) with pos = sum(yTrue * yPred) and neg = max((1 - yTrue) * yPred) over the
 * last axis, for one-hot labels.
 */
export function categoricalHinge(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("categoricalHinge", lossOptions("categoricalHinge", options), null, (t, p, axis) => {
    const pos = sumAlong(mul(t, p), axis);
    const negative = mul(sub(1, t), p);
    const neg = axis === null ? negative : reduceMax(negative, axis);
    return maximum(add(sub(neg, pos), 1), 0);
  });
}

/** max(1 - t * p, 0), with labels that are all 0 or 1 mapped to -1 and 1 first. */
function margins(t: Tensor, p: Tensor): Tensor {
  const labels = allBinary(t) ? sub(mul(t, 2), 1) : t;
  return maximum(sub(1, mul(labels, p)), 0);
}

function allBinary(t: Tensor): boolean {
  if (t.size === 0) return false;
  return tidy(() => reduceMin(add(cast(equal(t, 0), t.dtype), cast(equal(t, 1), t.dtype))).item() === 1);
}
