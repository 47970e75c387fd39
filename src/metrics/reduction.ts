// Sum, Mean and MeanMetricWrapper (Keras's reduction_metrics): values are reduced to one per sample
// (weighted by sampleWeight when given), then added to the state.
import { type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { castTo, floatPredictions } from "../losses/loss.js";
import { divNoNan } from "../losses/reduction.js";
import { alignRanks, reshapedTo } from "../losses/shapes.js";
import { add, mul } from "../ops/binary.js";
import { onesLike } from "../ops/create.js";
import { reduceMean, reduceSum } from "../ops/reduce.js";
import { identity } from "../ops/unary.js";
import { broadcastShapes, describe, formatShape, shapesEqual } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { Metric, type MetricOptions } from "./metric.js";

type Reducer = (x: Tensor, axis: number[]) => Tensor;

/** Per-sample values (and weights) as Keras's reduce_to_samplewise_values computes them. */
interface Samplewise {
  values: Tensor;
  weights: Tensor | null;
}

/**
 * Reduces `values` to one value per sample (the leading axis): with weights, values beyond the
 * weights' rank are reduced first, the weights broadcast to the values and multiply them, and
 * multi-dimensional weights are reduced to one per sample too.
 */
function samplewise(where: string, values: Tensor, weights: Tensor | null, reduce: Reducer): Samplewise {
  let v = values;
  let w = weights;
  if (w !== null) {
    const [vs, ws] = alignRanks(v.shape, w.shape);
    if (vs.length > ws.length) v = reduce(reshapedTo(v, vs), range(ws.length, vs.length));
    else v = reshapedTo(v, vs);
    checkBroadcastsTo(where, ws, v.shape, weights!.shape, values.shape);
    w = mul(reshapedTo(w, ws), onesLike(v));
    v = mul(v, w);
    if (w.rank > 1) w = reduce(w, range(1, w.rank));
  }
  if (v.rank > 1) v = reduce(v, range(1, v.rank));
  return { values: v, weights: w };
}

function checkBroadcastsTo(where: string, from: readonly number[], to: readonly number[], given: readonly number[], values: readonly number[]): void {
  let fits = from.length <= to.length;
  if (fits) {
    try {
      fits = shapesEqual(broadcastShapes(from, to, where), to);
    } catch {
      fits = false;
    }
  }
  if (!fits) {
    throw new Error(
      `${where}: sampleWeight ${formatShape(given)} cannot be broadcast to the values ${formatShape(values)}; ` +
        `pass one weight per sample, one per value, or a scalar`,
    );
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Values (any shape) and optional weights as tensors of the metric's dtype. */
function asMetricValues(where: string, values: TensorInput, sampleWeight: TensorInput | null | undefined, dtype: DType): [Tensor, Tensor | null] {
  const v = castTo(toTensor(values, where, "values", dtype), dtype);
  const w = sampleWeight == null ? null : castTo(toTensor(sampleWeight, where, "sampleWeight", dtype), dtype);
  return [v, w];
}

/** The (weighted) sum of every value given. */
export class Sum extends Metric {
  protected static override readonly defaultName: string = "sum";
  private readonly total: Variable;

  constructor(options: MetricOptions = {}) {
    super(options);
    this.total = this.addVariable("total");
  }

  updateState(values: TensorInput, sampleWeight?: TensorInput | null): void {
    const where = `${this.where}.updateState`;
    this.untracked(() => {
      const [v, w] = asMetricValues(where, values, sampleWeight, this.dtype);
      const s = samplewise(where, v, w, reduceSum);
      this.total.assign(add(this.total, reduceSum(s.values)));
    });
  }

  result(): Tensor {
    return this.untracked(() => identity(this.total));
  }
}

/**
 * The (weighted) mean of every value given: values of rank > 1 count once per sample (the mean
 * of their row), and the count is the number of samples, or the sum of their weights.
 */
export class Mean extends Metric {
  protected static override readonly defaultName: string = "mean";
  private readonly total: Variable;
  private readonly count: Variable;

  constructor(options: MetricOptions = {}) {
    super(options);
    this.total = this.addVariable("total");
    this.count = this.addVariable("count");
  }

  updateState(values: TensorInput, sampleWeight?: TensorInput | null): void {
    const where = `${this.where}.updateState`;
    this.untracked(() => {
      const [v, w] = asMetricValues(where, values, sampleWeight, this.dtype);
      this.accumulate(where, v, w);
    });
  }

  result(): Tensor {
    return this.untracked(() => divNoNan(this.total, this.count));
  }

  /** Adds values (of the metric's dtype) to the state; called inside untracked. */
  protected accumulate(where: string, values: Tensor, weights: Tensor | null): void {
    const s = samplewise(where, values, weights, reduceMean);
    const samples = s.weights !== null ? reduceSum(s.weights) : s.values.rank >= 1 ? s.values.shape[0] : 1;
    this.total.assign(add(this.total, reduceSum(s.values)));
    this.count.assign(add(this.count, samples));
  }
}

/** A per-sample function of labels and predictions (tensors; predictions are float). */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The mean of a per-sample function `fn(yTrue, yPred)` over every sample seen (Keras's MeanMetricWrapper). */
export class MeanMetricWrapper extends Mean {
  protected static override readonly defaultName: string = "mean_metric_wrapper";
  private readonly fn: MetricFunction;

  constructor(fn: MetricFunction, options: MetricOptions = {}) {
    // Checked before super() makes the state variables, which a throw here would leave behind.
    if (typeof fn !== "function") {
      throw new TypeError(`MeanMetricWrapper: expected a function fn(yTrue, yPred) returning per-sample values, got ${describe(fn)}`);
    }
    super(options);
    this.fn = fn;
  }

  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    const where = `${this.where}.updateState`;
    this.untracked(() => {
      const predictions = floatPredictions(yPred, where);
      const labels = toTensor(yTrue, where, "yTrue", predictions.dtype);
      const values = castTo(this.fn(labels, predictions), this.dtype);
      const weights = sampleWeight == null ? null : castTo(toTensor(sampleWeight, where, "sampleWeight", this.dtype), this.dtype);
      this.accumulate(where, values, weights);
    });
  }
}
