// Activation functions by name, as Keras's `activation="relu"` (camelCase, snake_case or lower case).
import { add, div, minimum, mul } from "../ops/binary.js";
import { logSoftmax, softmax } from "../ops/softmax.js";
import { abs, elu, exp, gelu, leakyRelu, relu, sigmoid, softplus, tanh } from "../ops/unary.js";
import { describe } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { normalizeName } from "./initializer-lookup.js";

export type ActivationFn = (x: Tensor) => Tensor;
/** A name such as "relu" or "leakyRelu" (or Keras's "leaky_relu"), or a function of a tensor. */
export type ActivationSpec = string | ActivationFn;

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

// Keras 3's definitions and default parameters.
const BY_NAME: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: (x) => relu(x),
  relu6: (x) => minimum(relu(x), 6),
  leakyRelu: (x) => leakyRelu(x, 0.2),
  elu: (x) => elu(x),
  selu: (x) => mul(add(relu(x), mul(minimum(elu(x), 0), SELU_ALPHA)), SELU_SCALE),
  gelu: (x) => gelu(x),
  sigmoid: (x) => sigmoid(x),
  hardSigmoid: (x) => div(minimum(relu(add(x, 3)), 6), 6),
  tanh: (x) => tanh(x),
  softplus: (x) => softplus(x),
  softsign: (x) => div(x, add(abs(x), 1)),
  silu: (x) => mul(x, sigmoid(x)),
  swish: (x) => mul(x, sigmoid(x)),
  mish: (x) => mul(x, tanh(softplus(x))),
  exponential: (x) => exp(x),
  softmax: (x) => softmax(x, -1),
  logSoftmax: (x) => logSoftmax(x, -1),
};

const NORMALIZED = new Map(Object.entries(BY_NAME).map(([name, fn]) => [normalizeName(name), fn]));

/** The activation `spec` names, `spec` itself if it is a function, or null for none (linear). */
export function getActivation(spec: ActivationSpec | null | undefined, where: string): ActivationFn | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === "function") return spec;
  if (typeof spec === "string") {
    const fn = NORMALIZED.get(normalizeName(spec));
    if (fn !== undefined) return fn;
  }
  throw new TypeError(
    `${where}: unknown activation ${typeof spec === "string" ? JSON.stringify(spec) : describe(spec)}; use one of ` +
      `${Object.keys(BY_NAME).map((n) => JSON.stringify(n)).join(", ")} (Keras's snake_case names work too), ` +
      `or a function (x) => tf.Tensor`,
  );
}
