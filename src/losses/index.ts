// tf.losses: factories that return loss functions, with Keras's formulas, options and defaults.
// const lossFn = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true }); lossFn(labels, logits)
export type { LossFunction } from "./loss.js";
export type { LossOptions, Reduction } from "./options.js";
export {
  binaryCrossentropy,
  type BinaryCrossentropyOptions,
  categoricalCrossentropy,
  type CategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
} from "./crossentropy.js";
export {
  cosineSimilarity,
  type CosineSimilarityOptions,
  huber,
  type HuberOptions,
  klDivergence,
  kld,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
  poisson,
} from "./regression.js";
export { categoricalHinge, hinge, squaredHinge } from "./hinge.js";
