// tf.metrics: per-sample accuracy functions and stateful metrics (Keras's metrics, TypeScript idiom:
// metric.updateState(yTrue, yPred, sampleWeight?), metric.result(), metric.resetState()).
export {
  accuracy,
  binaryAccuracy,
  type BinaryAccuracyOptions,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
} from "./accuracy.js";
export { Metric, type MetricOptions } from "./metric.js";
export { Mean, MeanMetricWrapper, type MetricFunction, Sum } from "./reduction.js";
export {
  Accuracy,
  BinaryAccuracy,
  type BinaryAccuracyMetricOptions,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
} from "./accuracy-metrics.js";
export {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  type CategoricalCrossentropyMetricOptions,
  type CrossentropyMetricOptions,
  MeanAbsoluteError,
  MeanSquaredError,
  type SmoothedCrossentropyMetricOptions,
  SparseCategoricalCrossentropy,
} from "./loss-metrics.js";
