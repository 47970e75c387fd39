// `tf.layers`: Keras-style layers and models. Layer, Model and Sequential are also top-level names.
export { Activation, ReLU } from "./activation.js";
export type { ActivationFn, ActivationSpec } from "./activations.js";
export type { ShapeLike } from "./checks.js";
export { Dense, type DenseOptions } from "./dense.js";
export { Dropout, type DropoutOptions } from "./dropout.js";
export { Flatten } from "./flatten.js";
export type { InitializerSpec } from "./initializer-lookup.js";
export type { InputSpec } from "./input-spec.js";
export { type AddWeightOptions, type CallOptions, Layer, type LayerOptions } from "./layer.js";
export { Model } from "./model.js";
export { clearSession } from "./naming.js";
export { Sequential, type SequentialOptions } from "./sequential.js";
