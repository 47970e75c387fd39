// Float64 references for the layers: activations by Keras's definitions and Dense's
// activation(x @ kernel + bias), in plain TypeScript on number arrays.
import { elu, gelu, leakyRelu, relu, sigmoid, softplus, tanh } from "./unary.js";

/** An activation on one row (the last axis); most are element-wise. */
export type RowActivation = (row: number[]) => number[];

const each = (f: (x: number) => number): RowActivation => (row) => row.map(f);

function softmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function logSoftmaxRow(row: number[]): number[] {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)) + max;
  return row.map((v) => v - logSum);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export const ACTIVATIONS: Record<string, RowActivation> = {
  linear: (row) => row.slice(),
  relu: each(relu),
  relu6: each((x) => Math.min(Math.max(x, 0), 6)),
  leakyRelu: each((x) => leakyRelu(x, 0.2)),
  elu: each(elu),
  selu: each((x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x))),
  gelu: each(gelu),
  sigmoid: each(sigmoid),
  hardSigmoid: each((x) => Math.min(Math.max(x + 3, 0), 6) / 6),
  tanh: each(tanh),
  softplus: each(softplus),
  softsign: each((x) => x / (1 + Math.abs(x))),
  silu: each((x) => x * sigmoid(x)),
  swish: each((x) => x * sigmoid(x)),
  mish: each((x) => x * Math.tanh(softplus(x))),
  exponential: each(Math.exp),
  softmax: softmaxRow,
  logSoftmax: logSoftmaxRow,
};

/**
 * activation(x @ kernel + bias) along the last axis of x (shape [..., inputDim]); kernel is
 * [inputDim, units] row-major, bias [units] or null. Returns the flat output, shape [..., units].
 */
export function denseRef(
  x: readonly number[],
  inputDim: number,
  kernel: readonly number[],
  units: number,
  bias: readonly number[] | null,
  activation: RowActivation,
): number[] {
  const rows = x.length / inputDim;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const z = new Array<number>(units);
    for (let j = 0; j < units; j++) {
      let s = bias === null ? 0 : bias[j];
      for (let i = 0; i < inputDim; i++) s += x[r * inputDim + i] * kernel[i * units + j];
      z[j] = s;
    }
    out.push(...activation(z));
  }
  return out;
}

/** Sample mean and standard deviation. */
export function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}
