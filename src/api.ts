// Every public name except the loader; shared by the default entry and gradtape/core.
import "./methods.js";

export type { DType, TypedArray } from "./dtype.js";
export type { NestedValues, TensorInput, TensorLike } from "./convert.js";
export { ready } from "./engine/wasm.js";
export { keep, memory, tidy, type MemoryInfo } from "./lifetime.js";
export { Tensor, type NestedArray } from "./tensor.js";
export { Variable, type VariableOptions } from "./variable.js";
export {
  GradientTape,
  type GradientOptions,
  type GradientTapeOptions,
  type UnconnectedGradients,
} from "./tape/gradient-tape.js";
export type { Gradients, Source, Sources } from "./tape/structure.js";
export { IndexedSlices } from "./tape/indexed-slices.js";
export { ForwardAccumulator, type JvpOptions, type Tangents } from "./tape/forward-accumulator.js";
export type { JacobianOptions } from "./tape/jacobian.js";
export { customGradient, type CustomGrad, type CustomGradientOutput, type InputGradients } from "./tape/custom-gradient.js";
export { grad, grads, valueAndGrad, valueAndGrads } from "./tape/functional.js";
export * from "./ops/index.js";
export * as debugging from "./debugging/index.js";
export * as math from "./math.js";
export * as random from "./random.js";
export * as io from "./io/index.js";
export * as losses from "./losses/index.js";
export * as metrics from "./metrics/index.js";
export * as layers from "./layers/index.js";
export * as initializers from "./initializers.js";
export { Layer, Model, Sequential } from "./layers/index.js";
export * as optimizers from "./optimizers/index.js";
export { zip } from "./optimizers/zip.js";
