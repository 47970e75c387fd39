// Per-sample accuracy functions (Keras's accuracy_metrics): float32 tensors of 1 (match) and 0.
// None of them is differentiable. A rejected call frees what it converted (freedIfThrows).
import { type TensorInput, toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { freedIfThrows } from "../lifetime.js";
import { alignRanks, reshapedTo } from "../losses/shapes.js";
import { castTo, floatPredictions } from "../losses/loss.js";
import { checkOptions, numberOption } from "../losses/options.js";
import { equal, greater } from "../ops/binary.js";
import { cast } from "../ops/cast.js";
import { argMax } from "../ops/reduce.js";
import { broadcastShapes, formatShape, type Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";

export interface BinaryAccuracyOptions {
  /** Predictions above it count as 1. Default 0.5. */
  threshold?: number;
}

/** 1 where yTrue equals yPred, element by element (after Keras's rank alignment). */
export function accuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return freedIfThrows(() => {
    const p = toTensor(yPred, "accuracy", "yPred");
    const t = castTo(toTensor(yTrue, "accuracy", "yTrue", p.dtype), p.dtype);
    const [ts, ps] = alignRanks(t.shape, p.shape);
    checkBroadcast("accuracy", ts, ps, t.shape, p.shape);
    return cast(equal(reshapedTo(t, ts), reshapedTo(p, ps)), "float32");
  });
}

/** 1 where yTrue equals (yPred > threshold), element by element. */
export function binaryAccuracy(yTrue: TensorInput, yPred: TensorInput, threshold: number | BinaryAccuracyOptions = 0.5): Tensor {
  return freedIfThrows(() => {
    const limit = thresholdOf("binaryAccuracy", threshold);
    const p = floatPredictions(yPred, "binaryAccuracy");
    const t = toTensor(yTrue, "binaryAccuracy", "yTrue", p.dtype);
    const [ts, ps] = alignRanks(t.shape, p.shape);
    checkBroadcast("binaryAccuracy", ts, ps, t.shape, p.shape);
    const predicted = cast(greater(reshapedTo(p, ps), limit), t.dtype);
    return cast(equal(reshapedTo(t, ts), predicted), "float32");
  });
}

/** 1 where the largest entry of yPred is at the position of the largest of yTrue (one-hot labels), along the last axis. */
export function categoricalAccuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return freedIfThrows(() => {
    const p = floatPredictions(yPred, "categoricalAccuracy");
    const t = toTensor(yTrue, "categoricalAccuracy", "yTrue", p.dtype);
    checkClassAxis("categoricalAccuracy", "yTrue", t);
    checkClassAxis("categoricalAccuracy", "yPred", p);
    checkBroadcast("categoricalAccuracy", t.shape.slice(0, -1), p.shape.slice(0, -1), t.shape, p.shape);
    const labels = argMax(isFloat(t.dtype) || t.dtype === "int32" ? t : cast(t, "int32"), -1);
    return cast(equal(labels, argMax(p, -1)), "float32");
  });
}

/**
 * 1 where the largest entry of yPred along its last axis is at the class index yTrue (shape yPred's
 * without the last axis, or with a last axis of 1).
 */
export function sparseCategoricalAccuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return freedIfThrows(() => {
    const p = floatPredictions(yPred, "sparseCategoricalAccuracy");
    const t = castTo(toTensor(yTrue, "sparseCategoricalAccuracy", "yTrue", p.dtype), p.dtype);
    checkClassAxis("sparseCategoricalAccuracy", "yPred", p);
    const squeezed = t.rank === p.rank && t.shape[t.rank - 1] === 1;
    const labelShape = squeezed ? t.shape.slice(0, -1) : t.shape;
    const matchShape = checkBroadcast("sparseCategoricalAccuracy", labelShape, p.shape.slice(0, -1), t.shape, p.shape);
    const matches = cast(equal(reshapedTo(t, labelShape), cast(argMax(p, -1), p.dtype)), "float32");
    // Keras drops a trailing axis of 1 from the matches.
    return matchShape.length > 1 && matchShape[matchShape.length - 1] === 1 ? reshapedTo(matches, matchShape.slice(0, -1)) : matches;
  });
}

/** @internal The threshold argument of binaryAccuracy: a number or { threshold }. */
export function thresholdOf(where: string, threshold: number | BinaryAccuracyOptions): number {
  if (typeof threshold === "number") return numberOption(where, "threshold", threshold, 0.5, -Infinity, Infinity);
  const record = checkOptions(where, threshold, ["threshold"]);
  return numberOption(where, "threshold", record.threshold, 0.5, -Infinity, Infinity);
}

function checkClassAxis(where: string, name: string, t: Tensor): void {
  if (t.rank === 0) throw new RangeError(`${where}: ${name} must have a class axis (rank >= 1), got a scalar`);
  if (t.shape[t.rank - 1] === 0) throw new RangeError(`${where}: ${name} ${formatShape(t.shape)} has no classes on its last axis`);
}

const FIX: Readonly<Record<string, string>> = {
  accuracy: "give labels the predictions' shape",
  binaryAccuracy: "give labels the predictions' shape",
  categoricalAccuracy: "give one-hot labels the predictions' shape, or use sparseCategoricalAccuracy for class indices",
  sparseCategoricalAccuracy: "give one class index per row of yPred (yPred's shape without its last axis)",
};

function checkBroadcast(where: string, a: Shape, b: Shape, trueShape: Shape, predShape: Shape): number[] {
  try {
    return broadcastShapes(a, b, where);
  } catch {
    throw new Error(`${where}: yTrue ${formatShape(trueShape)} does not match yPred ${formatShape(predShape)}; ${FIX[where]}`);
  }
}
