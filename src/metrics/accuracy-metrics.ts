// Stateful accuracy metrics: the mean of the per-sample accuracy functions over every batch seen.
import { checkOptions, numberOption } from "../losses/options.js";
import type { MetricOptions } from "./metric.js";
import { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from "./accuracy.js";
import { MeanMetricWrapper } from "./reduction.js";

export interface BinaryAccuracyMetricOptions extends MetricOptions {
  /** Predictions above it count as 1. Default 0.5. */
  threshold?: number;
}

/** How often predictions equal labels. */
export class Accuracy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "accuracy";

  constructor(options: MetricOptions = {}) {
    super(accuracy, options);
  }
}

/** How often predictions above the threshold match binary labels. */
export class BinaryAccuracy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "binary_accuracy";
  protected static override readonly optionKeys: readonly string[] = ["threshold"];
  readonly threshold: number;

  constructor(options: BinaryAccuracyMetricOptions = {}) {
    const record = checkOptions("BinaryAccuracy", options, ["name", "dtype", "threshold"]);
    const threshold = numberOption("BinaryAccuracy", "threshold", record.threshold, 0.5, -Infinity, Infinity);
    super((t, p) => binaryAccuracy(t, p, threshold), options);
    this.threshold = threshold;
  }
}

/** How often the top prediction is the class of one-hot labels. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "categorical_accuracy";

  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, options);
  }
}

/** How often the top prediction is the integer label. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "sparse_categorical_accuracy";

  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, options);
  }
}
