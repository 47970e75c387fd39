// Losses that compare labels and predictions entry by entry (with NumPy broadcasting after Keras's
// rank alignment) and then reduce along one axis to per-sample values.
import { reduceMean, reduceSum } from "../ops/reduce.js";
import { normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { castTo, type LossFunction, lossFunction } from "./loss.js";
import type { ReadLossOptions } from "./options.js";
import { alignRanks, broadcastOrThrow, reshapedTo, withoutAxis } from "./shapes.js";

/**
 * Per-sample losses from aligned float labels `t` and predictions `p`, reduced along `axis` (null
 * for scalar inputs, which have no axis to reduce).
 */
export type PairwiseLoss = (t: Tensor, p: Tensor, axis: number | null) => Tensor;

/**
 * A loss over labels and predictions of broadcastable shapes. `axis` is the reduced axis: a fixed
 * one (scalars are then an error), or null for the last one (scalars are then kept as they are).
 */
export function pairwiseLoss(where: string, options: ReadLossOptions, axis: number | null, perSample: PairwiseLoss): LossFunction {
  return lossFunction(where, options.name, options.reduction, (yTrue, yPred) => {
    const [trueShape, predShape] = alignRanks(yTrue.shape, yPred.shape);
    const shape = broadcastOrThrow(
      where,
      trueShape,
      "yTrue",
      predShape,
      "yPred",
      "give labels the predictions' shape (labels [batch] against predictions [batch,1] are aligned automatically)",
    );
    const at = axis === null ? (shape.length === 0 ? null : shape.length - 1) : normalizeAxis(axis, shape.length, where);
    return {
      shape: at === null ? [] : withoutAxis(shape, at),
      masked: false,
      compute: () => {
        const t = castTo(reshapedTo(yTrue, trueShape), yPred.dtype);
        return { values: perSample(t, reshapedTo(yPred, predShape), at), mask: null };
      },
    };
  });
}

export function meanAlong(x: Tensor, axis: number | null): Tensor {
  return axis === null ? x : reduceMean(x, axis);
}

export function sumAlong(x: Tensor, axis: number | null): Tensor {
  return axis === null ? x : reduceSum(x, axis);
}
