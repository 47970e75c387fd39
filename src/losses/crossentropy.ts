// Cross-entropy losses, computed as Keras's TensorFlow backend does: from logits through logSoftmax
// (or the stable sigmoid form), from probabilities after clipping them into [1e-7, 1 - 1e-7].
import { tidy } from "../lifetime.js";
import { cast } from "../ops/cast.js";
import { add, div, equal, greaterEqual, mul, notEqual, sub } from "../ops/binary.js";
import { oneHot } from "../ops/movement-gather.js";
import { expandDims } from "../ops/movement-shape.js";
import { reduceMax, reduceMean, reduceMin, reduceSum } from "../ops/reduce.js";
import { clipByValue, where } from "../ops/select.js";
import { logSoftmax } from "../ops/softmax.js";
import { exp, log, log1p, neg } from "../ops/unary.js";
import { formatShape, normalizeAxis, type Shape, shapesEqual } from "../shape.js";
import { warnOnce } from "../tape/warn.js";
import type { Tensor } from "../tensor.js";
import { castTo, type LossFunction, lossFunction } from "./loss.js";
import { booleanOption, EPSILON, integerOption, type LossOptions, lossOptions, numberOption } from "./options.js";
import { alignRanks, reshapedTo, withoutAxis } from "./shapes.js";

const SPARSE = "sparseCategoricalCrossentropy";
const CATEGORICAL = "categoricalCrossentropy";
const BINARY = "binaryCrossentropy";

export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  /** Whether yPred holds logits (true) or probabilities (false, the default). */
  fromLogits?: boolean;
  /** A label value whose entries are left out of the loss (their loss is 0 and they are not counted). */
  ignoreClass?: number | null;
}

export interface CategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  /** In [0, 1]: labels become yTrue * (1 - s) + s / numClasses. Default 0. */
  labelSmoothing?: number;
  /** The class axis. Default -1. */
  axis?: number;
}

export interface BinaryCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  /** In [0, 1]: labels become yTrue * (1 - s) + s / 2. Default 0. */
  labelSmoothing?: number;
  /** The axis averaged to per-sample losses. Default -1. */
  axis?: number;
}

/**
 * Cross-entropy between integer class labels (int32, or floats holding integers, which are truncated
 * as Keras's cast does) and predicted class scores along yPred's last axis. yTrue has yPred's shape
 * without its last axis (or with a last axis of 1). A label outside [0, numClasses) throws.
 */
export function sparseCategoricalCrossentropy(options: SparseCategoricalCrossentropyOptions = {}): LossFunction {
  const o = lossOptions(SPARSE, options, ["fromLogits", "ignoreClass"]);
  const fromLogits = booleanOption(SPARSE, "fromLogits", o.record.fromLogits, false);
  const ignoreClass = o.record.ignoreClass == null ? null : integerOption(SPARSE, "ignoreClass", o.record.ignoreClass, 0);
  return lossFunction(SPARSE, o.name, o.reduction, (yTrue, yPred) => {
    if (yPred.rank === 0) {
      throw new RangeError(`${SPARSE}: yPred must have a class axis (rank >= 1), got shape ${formatShape(yPred.shape)}`);
    }
    const classes = yPred.shape[yPred.rank - 1];
    const rows = yPred.shape.slice(0, -1);
    const labelShape =
      yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 ? yTrue.shape.slice(0, -1) : yTrue.shape.slice();
    if (!shapesEqual(labelShape, rows)) {
      throw new Error(
        `${SPARSE}: Arguments yTrue and yPred must have the same shape up until the last dimension: ` +
          `yTrue ${formatShape(yTrue.shape)}, yPred ${formatShape(yPred.shape)}; give one class index per row of yPred ` +
          `(shape ${formatShape(rows)}), or use categoricalCrossentropy for one-hot labels`,
      );
    }
    checkLabelRange(SPARSE, yTrue, classes, ignoreClass);
    return {
      shape: rows,
      masked: ignoreClass !== null,
      compute: () => {
        let labels = castTo(reshapedTo(yTrue, rows), "int32");
        let scores = yPred;
        let valid: Tensor | null = null;
        if (ignoreClass !== null) {
          valid = notEqual(labels, ignoreClass);
          labels = where(valid, labels, 0);
          scores = where(expandDims(valid, -1), scores, 0);
        }
        const logProbabilities = logSoftmax(fromLogits ? scores : log(clipProbabilities(scores)));
        let values = neg(reduceSum(mul(oneHot(labels, classes, 1, 0, yPred.dtype), logProbabilities), -1));
        if (valid !== null) values = where(valid, values, 0);
        return { values, mask: valid };
      },
    };
  });
}

/**
 * Cross-entropy between one-hot (or soft) labels and predicted class scores along `axis`; yTrue and
 * yPred have the same shape. Probabilities are first renormalized to sum to 1 along `axis`.
 */
export function categoricalCrossentropy(options: CategoricalCrossentropyOptions = {}): LossFunction {
  const o = lossOptions(CATEGORICAL, options, ["fromLogits", "labelSmoothing", "axis"]);
  const fromLogits = booleanOption(CATEGORICAL, "fromLogits", o.record.fromLogits, false);
  const smoothing = numberOption(CATEGORICAL, "labelSmoothing", o.record.labelSmoothing, 0, 0, 1);
  const axis = integerOption(CATEGORICAL, "axis", o.record.axis, -1);
  return lossFunction(CATEGORICAL, o.name, o.reduction, (yTrue, yPred) => {
    const shape = sameShape(CATEGORICAL, yTrue, yPred);
    const at = normalizeAxis(axis, shape.length, CATEGORICAL);
    if (shape[at] === 1) {
      warnOnce(
        "categoricalCrossentropy-one-class",
        `${CATEGORICAL}: expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. Received: yPred shape ` +
          `${formatShape(yPred.shape)} with one class on axis ${at}, so the loss is always 0. ` +
          `Consider using binaryCrossentropy if you only have 2 classes.`,
      );
    }
    return {
      shape: withoutAxis(shape, at),
      masked: false,
      compute: () => {
        let t = castTo(reshapedTo(yTrue, shape), yPred.dtype);
        const p = reshapedTo(yPred, shape);
        if (smoothing > 0) t = add(mul(t, 1 - smoothing), smoothing / shape[at]);
        const logProbabilities = fromLogits ? logSoftmax(p, at) : log(clipProbabilities(div(p, reduceSum(p, at, true))));
        return { values: neg(reduceSum(mul(t, logProbabilities), at)), mask: null };
      },
    };
  });
}

/**
 * Cross-entropy of independent binary labels (0 or 1, or soft labels in between) against predicted
 * probabilities or logits, averaged over `axis`; yTrue and yPred have the same shape. From logits it
 * is max(x, 0) - x z + log(1 + exp(-|x|)), finite for any logit.
 */
export function binaryCrossentropy(options: BinaryCrossentropyOptions = {}): LossFunction {
  const o = lossOptions(BINARY, options, ["fromLogits", "labelSmoothing", "axis"]);
  const fromLogits = booleanOption(BINARY, "fromLogits", o.record.fromLogits, false);
  const smoothing = numberOption(BINARY, "labelSmoothing", o.record.labelSmoothing, 0, 0, 1);
  const axis = integerOption(BINARY, "axis", o.record.axis, -1);
  return lossFunction(BINARY, o.name, o.reduction, (yTrue, yPred) => {
    const shape = sameShape(BINARY, yTrue, yPred);
    const at = normalizeAxis(axis, shape.length, BINARY);
    return {
      shape: withoutAxis(shape, at),
      masked: false,
      compute: () => {
        let t = castTo(reshapedTo(yTrue, shape), yPred.dtype);
        const p = reshapedTo(yPred, shape);
        if (smoothing > 0) t = add(mul(t, 1 - smoothing), 0.5 * smoothing);
        return { values: reduceMean(fromLogits ? sigmoidCrossentropy(t, p) : binaryFromProbabilities(t, p), at), mask: null };
      },
    };
  });
}

/**
 * max(x, 0) - x z + log1p(exp(-|x|)), written with one comparison so that at x = 0 the gradient is
 * sigmoid(0) - z exactly (TensorFlow's sigmoid_cross_entropy_with_logits does the same).
 */
function sigmoidCrossentropy(z: Tensor, x: Tensor): Tensor {
  const positive = greaterEqual(x, 0);
  const relu = where(positive, x, 0);
  const negAbs = where(positive, neg(x), x);
  return add(sub(relu, mul(x, z)), log1p(exp(negAbs)));
}

function binaryFromProbabilities(t: Tensor, p: Tensor): Tensor {
  const q = clipProbabilities(p);
  return neg(add(mul(t, log(q)), mul(sub(1, t), log(sub(1, q)))));
}

function clipProbabilities(p: Tensor): Tensor {
  return clipByValue(p, EPSILON, 1 - EPSILON);
}

/** The common shape of labels and predictions after rank alignment; they must match exactly. */
function sameShape(loss: string, yTrue: Tensor, yPred: Tensor): Shape {
  const [trueShape, predShape] = alignRanks(yTrue.shape, yPred.shape);
  if (!shapesEqual(trueShape, predShape)) {
    throw new Error(
      `${loss}: Arguments yTrue and yPred must have the same shape. Received: yTrue ${formatShape(yTrue.shape)}, ` +
        `yPred ${formatShape(yPred.shape)}` +
        (loss === CATEGORICAL ? "; for integer class labels use sparseCategoricalCrossentropy" : ""),
    );
  }
  if (predShape.length === 0) {
    throw new RangeError(`${loss}: yTrue and yPred must have at least one dimension, got scalars; reshape them to [1]`);
  }
  return predShape;
}

/** Throws TensorFlow's message for the first label outside [0, classes) (labels equal to ignoreClass aside). */
function checkLabelRange(loss: string, yTrue: Tensor, classes: number, ignoreClass: number | null): void {
  if (yTrue.size === 0) return;
  const bad = tidy(() => {
    let labels = cast(yTrue, "int32");
    if (ignoreClass !== null) labels = where(equal(labels, ignoreClass), 0, labels);
    if (reduceMin(labels).item() >= 0 && reduceMax(labels).item() < classes) return null;
    const values = labels.data();
    const at = values.findIndex((v) => v < 0 || v >= classes);
    return { value: values[at], index: indexOf(at, yTrue.shape) };
  });
  if (bad === null) return;
  const ignored = ignoreClass === null ? "" : ` (entries equal to ignoreClass ${ignoreClass} are allowed)`;
  throw new RangeError(
    `${loss}: Received a label value of ${bad.value} which is outside the valid range of [0, ${classes}): ` +
      `yTrue${bad.index} of yTrue ${formatShape(yTrue.shape)}; labels are class indices into the last axis of yPred${ignored}`,
  );
}

/** "[i,j]" for flat position `at` of `shape` (row-major). */
function indexOf(at: number, shape: Shape): string {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = at % shape[d];
    at = Math.floor(at / shape[d]);
  }
  return `[${index.join(",")}]`;
}
