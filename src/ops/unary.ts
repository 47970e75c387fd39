// Element-wise unary ops. Each takes a tensor (or anything tf.constant accepts) and returns a new
// tensor of the same shape and dtype. Float ops take float32 and float64; neg, abs, sign, square and
// relu also take int32 (wrapping, as in TensorFlow); identity and stopGradient take every dtype.
import { type TensorInput, toTensor } from "../convert.js";
import { describe } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import type { Tensor } from "../tensor.js";
import { FLOAT, KernelFamily, NUMERIC } from "../engine/kernels.js";
import { copyOf, unary, unaryWithAttribute, unaryWithoutGradient } from "./unary-kernel.js";

/** -x */
export const neg = unary("neg", NUMERIC);
/** |x| */
export const abs = unary("abs", NUMERIC);
/** -1, 0 or 1 by the sign of x (±0 and NaN are returned as they are). */
export const sign = unaryWithoutGradient("sign", NUMERIC);
/** x * x */
export const square = unary("square", NUMERIC);
/** √x */
export const sqrt = unary("sqrt", FLOAT);
/** 1 / √x */
export const rsqrt = unary("rsqrt", FLOAT);
/** 1 / x */
export const reciprocal = unary("reciprocal", FLOAT);
/** e^x */
export const exp = unary("exp", FLOAT);
/** e^x - 1, accurate for small x. */
export const expm1 = unary("expm1", FLOAT);
/** Natural logarithm. */
export const log = unary("log", FLOAT);
/** log(1 + x), accurate for small x. */
export const log1p = unary("log1p", FLOAT);
export const sin = unary("sin", FLOAT);
export const cos = unary("cos", FLOAT);
export const tan = unary("tan", FLOAT);
export const floor = unaryWithoutGradient("floor", FLOAT);
export const ceil = unaryWithoutGradient("ceil", FLOAT);
/** Rounds to the nearest integer, halves to even (like TensorFlow: round(2.5) = 2, round(-0.5) = -0). */
export const round = unaryWithoutGradient("round", FLOAT);
/** max(x, 0) */
export const relu = unary("relu", NUMERIC);
/** 1 / (1 + e^-x) */
export const sigmoid = unary("sigmoid", FLOAT);
export const tanh = unary("tanh", FLOAT);
/** log(1 + e^x) */
export const softplus = unary("softplus", FLOAT);
/** x for x > 0, e^x - 1 otherwise. */
export const elu = unary("elu", FLOAT);

/** A new tensor with the values of x. */
export function identity(x: TensorInput): Tensor {
  const t = toTensor(x, "identity");
  const out = copyOf(t, "identity");
  if (recording()) recordOp("identity", [t], out);
  return out;
}

/** The values of x, as a new tensor through which no gradient flows. */
export function stopGradient(x: TensorInput): Tensor {
  return copyOf(x, "stopGradient");
}

const leakyReluKernels = new KernelFamily("leakyRelu", FLOAT);

/** x for x > 0, alpha * x otherwise. `alpha` may also be given as `{ alpha }`. */
export function leakyRelu(x: TensorInput, alpha: number | { alpha?: number } = 0.2): Tensor {
  const a = typeof alpha === "object" && alpha !== null ? (alpha.alpha ?? 0.2) : alpha;
  if (typeof a !== "number") {
    throw new TypeError(`leakyRelu: alpha must be a number, got ${describe(a)}`);
  }
  return unaryWithAttribute(leakyReluKernels, "leakyRelu", x, a, { alpha: a });
}

const geluKernels = new KernelFamily("gelu", FLOAT);

/**
 * Gaussian error linear unit, x Φ(x) = 0.5 x erfc(-x / √2) as tf.nn.gelu computes it. With
 * `approximate` (or `{ approximate: true }`) it is the tanh form 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))).
 * gelu(-Infinity) is -0, the limit (TensorFlow's formula gives NaN there).
 */
export function gelu(x: TensorInput, approximate: boolean | { approximate?: boolean } = false): Tensor {
  const tanhForm = typeof approximate === "object" && approximate !== null ? (approximate.approximate ?? false) : approximate;
  if (typeof tanhForm !== "boolean") {
    throw new TypeError(`gelu: approximate must be true or false, got ${describe(tanhForm)}`);
  }
  return unaryWithAttribute(geluKernels, "gelu", x, tanhForm ? 1 : 0, { approximate: tanhForm });
}
