// tf.optimizers: Keras 3's optimizers and learning rate schedules.
export { Optimizer } from "./optimizer.js";
export type { GradientAndVariable } from "./checks.js";
export type { LearningRate, OptimizerOptions } from "./options.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export * as schedules from "./schedules.js";
