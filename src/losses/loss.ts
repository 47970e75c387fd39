// What every loss function does around its own formula: convert the arguments, check them (shapes,
// labels, weights) before computing anything, compute the per-sample losses, weight and reduce.
import { type TensorInput, toTensor } from "../convert.js";
import { type DType, isFloat } from "../dtype.js";
import { cast } from "../ops/cast.js";
import { formatShape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Reduction } from "./options.js";
import { checkWeightShape, reduceWeighted } from "./reduction.js";

/** A loss: labels and predictions (and optional sample weights) in, the reduced loss out. */
export type LossFunction = (yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null) => Tensor;

/** Per-sample losses and, where some labels are ignored, a bool mask of the kept entries. */
export interface LossValues {
  values: Tensor;
  mask: Tensor | null;
}

/** A checked call: the shape of its per-sample losses, whether it masks, and how to compute them. */
export interface CheckedLoss {
  shape: number[];
  masked: boolean;
  compute(): LossValues;
}

/**
 * Checks one call (every error is thrown here, before any tensor is computed). `yPred` is a float
 * tensor; `yTrue` is as given (numbers took yPred's dtype).
 */
export type CheckLoss = (yTrue: Tensor, yPred: Tensor) => CheckedLoss;

/**
 * Builds a loss function from its per-sample check-and-compute and a reduction. Errors name the loss
 * `where` (the factory); the function's own `name` property is `name`.
 */
export function lossFunction(where: string, name: string, reduction: Reduction, check: CheckLoss): LossFunction {
  const loss = (yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): Tensor => {
    const predictions = floatPredictions(yPred, where);
    const labels = toTensor(yTrue, where, "yTrue", predictions.dtype);
    const weights = sampleWeight == null ? null : toTensor(sampleWeight, where, "sampleWeight", predictions.dtype);
    const checked = check(labels, predictions);
    if (weights !== null) {
      const inputs = `yTrue ${formatShape(labels.shape)}, yPred ${formatShape(predictions.shape)}`;
      checkWeightShape(where, checked.shape, weights.shape, checked.masked, inputs);
    }
    const { values, mask } = checked.compute();
    return reduceWeighted(values, weights === null ? null : castTo(weights, values.dtype), mask, reduction);
  };
  Object.defineProperty(loss, "name", { value: name });
  return loss;
}

/** Predictions as a float tensor (Keras computes losses in floats: int or bool predictions become float32). */
export function floatPredictions(yPred: TensorInput, where: string): Tensor {
  const t = toTensor(yPred, where, "yPred");
  return isFloat(t.dtype) ? t : cast(t, "float32");
}

export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : cast(t, dtype);
}
