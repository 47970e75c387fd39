// Regression and distribution losses (Keras's formulas and defaults): each averages, or for the
// divergences sums, over the last axis to one value per sample.
import { abs, log, log1p, neg, rsqrt, softplus, square } from "../ops/unary.js";
import { add, div, lessEqual, maximum, mul, sub } from "../ops/binary.js";
import { reduceSum } from "../ops/reduce.js";
import { clipByValue, where } from "../ops/select.js";
import type { Tensor } from "../tensor.js";
import type { LossFunction } from "./loss.js";
import { EPSILON, integerOption, type LossOptions, lossOptions, numberOption } from "./options.js";
import { meanAlong, pairwiseLoss, sumAlong } from "./pairwise.js";

export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (> 0). Default 1. */
  delta?: number;
}

export interface CosineSimilarityOptions extends LossOptions {
  /** The axis along which vectors are compared. Default -1. */
  axis?: number;
}

/** mean((yTrue - yPred)^2) over the last axis. */
export function meanSquaredError(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("meanSquaredError", lossOptions("meanSquaredError", options), null, (t, p, axis) =>
    meanAlong(square(sub(t, p)), axis),
  );
}

/** mean(|yTrue - yPred|) over the last axis. */
export function meanAbsoluteError(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("meanAbsoluteError", lossOptions("meanAbsoluteError", options), null, (t, p, axis) =>
    meanAlong(abs(sub(t, p)), axis),
  );
}

/** 100 * mean(|(yTrue - yPred) / max(|yTrue|, 1e-7)|) over the last axis. */
export function meanAbsolutePercentageError(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("meanAbsolutePercentageError", lossOptions("meanAbsolutePercentageError", options), null, (t, p, axis) =>
    mul(meanAlong(abs(div(sub(t, p), maximum(abs(t), EPSILON))), axis), 100),
  );
}

/** mean((log(1 + max(yPred, 1e-7)) - log(1 + max(yTrue, 1e-7)))^2) over the last axis. */
export function meanSquaredLogarithmicError(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("meanSquaredLogarithmicError", lossOptions("meanSquaredLogarithmicError", options), null, (t, p, axis) =>
    meanAlong(square(sub(log1p(maximum(p, EPSILON)), log1p(maximum(t, EPSILON)))), axis),
  );
}

/** Huber loss: 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta), averaged over the last axis. */
export function huber(options: HuberOptions = {}): LossFunction {
  const o = lossOptions("huber", options, ["delta"]);
  const delta = numberOption("huber", "delta", o.record.delta, 1, 0, Infinity, true);
  return pairwiseLoss("huber", o, null, (t, p, axis) => {
    const error = sub(p, t);
    const absError = abs(error);
    const quadratic = mul(square(error), 0.5);
    const linear = mul(sub(absError, 0.5 * delta), delta);
    return meanAlong(where(lessEqual(absError, delta), quadratic, linear), axis);
  });
}

/** mean(log(cosh(yPred - yTrue))) over the last axis, as x + softplus(-2x) - log 2 so that it never overflows. */
export function logCosh(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("logCosh", lossOptions("logCosh", options), null, (t, p, axis) => {
    const x = sub(p, t);
    return meanAlong(sub(add(x, softplus(mul(x, -2))), Math.LN2), axis);
  });
}

/** mean(yPred - yTrue * log(yPred + 1e-7)) over the last axis. */
export function poisson(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("poisson", lossOptions("poisson", options), null, (t, p, axis) =>
    meanAlong(sub(p, mul(t, log(add(p, EPSILON)))), axis),
  );
}

/** Kullback-Leibler divergence sum(yTrue * log(yTrue / yPred)) over the last axis, both clipped to [1e-7, 1]. */
export function klDivergence(options: LossOptions = {}): LossFunction {
  return pairwiseLoss("klDivergence", lossOptions("klDivergence", options), null, (t, p, axis) => {
    const tc = clipByValue(t, EPSILON, 1);
    const pc = clipByValue(p, EPSILON, 1);
    return sumAlong(mul(tc, log(div(tc, pc))), axis);
  });
}

/** Keras's short name for klDivergence. */
export const kld = klDivergence;

/**
 * -sum(l2normalize(yTrue) * l2normalize(yPred)) along `axis`: -1 for vectors pointing the same way,
 * 0 when either is zero.
 */
export function cosineSimilarity(options: CosineSimilarityOptions = {}): LossFunction {
  const o = lossOptions("cosineSimilarity", options, ["axis"]);
  const axis = integerOption("cosineSimilarity", "axis", o.record.axis, -1);
  return pairwiseLoss("cosineSimilarity", o, axis, (t, p, at) => neg(sumAlong(mul(l2Normalize(t, at!), l2Normalize(p, at!)), at)));
}

/** x / max(|x|, 1e-7) along `axis`, as x * rsqrt(max(sum(x^2), 1e-14)) (finite for a zero vector). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(reduceSum(square(x), axis, true), EPSILON * EPSILON)));
}
