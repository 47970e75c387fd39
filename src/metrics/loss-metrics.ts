// Losses tracked as metrics: the mean of a loss's per-sample values over every batch seen.
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from "../losses/crossentropy.js";
import { checkOptions } from "../losses/options.js";
import { meanAbsoluteError, meanSquaredError } from "../losses/regression.js";
import type { MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reduction.js";

export interface CrossentropyMetricOptions extends MetricOptions {
  /** Whether yPred holds logits (true) or probabilities (false, the default). */
  fromLogits?: boolean;
}

export interface SmoothedCrossentropyMetricOptions extends CrossentropyMetricOptions {
  /** In [0, 1], as for the loss. Default 0. */
  labelSmoothing?: number;
}

export interface CategoricalCrossentropyMetricOptions extends SmoothedCrossentropyMetricOptions {
  /** The class axis. Default -1. */
  axis?: number;
}

/** The loss options among a metric's options (the loss factory validates their values). */
function lossOptionsOf(where: string, options: unknown, keys: readonly string[]): Record<string, unknown> {
  const record = checkOptions(where, options, ["name", "dtype", ...keys]);
  const picked: Record<string, unknown> = { reduction: "none" };
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
  return picked;
}

/** The mean of mean((yTrue - yPred)^2) over the last axis. */
export class MeanSquaredError extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "mean_squared_error";

  constructor(options: MetricOptions = {}) {
    super(meanSquaredError({ reduction: "none" }), options);
  }
}

/** The mean of mean(|yTrue - yPred|) over the last axis. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "mean_absolute_error";

  constructor(options: MetricOptions = {}) {
    super(meanAbsoluteError({ reduction: "none" }), options);
  }
}

/** The mean sparse categorical cross-entropy between integer labels and predictions. */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "sparse_categorical_crossentropy";
  protected static override readonly optionKeys: readonly string[] = ["fromLogits"];

  constructor(options: CrossentropyMetricOptions = {}) {
    const keys = SparseCategoricalCrossentropy.optionKeys;
    super(sparseCategoricalCrossentropy(lossOptionsOf("SparseCategoricalCrossentropy", options, keys)), options);
  }
}

/** The mean categorical cross-entropy between one-hot labels and predictions. */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "categorical_crossentropy";
  protected static override readonly optionKeys: readonly string[] = ["fromLogits", "labelSmoothing", "axis"];

  constructor(options: CategoricalCrossentropyMetricOptions = {}) {
    const keys = CategoricalCrossentropy.optionKeys;
    super(categoricalCrossentropy(lossOptionsOf("CategoricalCrossentropy", options, keys)), options);
  }
}

/** The mean binary cross-entropy between binary labels and predictions. */
export class BinaryCrossentropy extends MeanMetricWrapper {
  protected static override readonly defaultName: string = "binary_crossentropy";
  protected static override readonly optionKeys: readonly string[] = ["fromLogits", "labelSmoothing"];

  constructor(options: SmoothedCrossentropyMetricOptions = {}) {
    const keys = BinaryCrossentropy.optionKeys;
    super(binaryCrossentropy(lossOptionsOf("BinaryCrossentropy", options, keys)), options);
  }
}
