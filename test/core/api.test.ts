// Every op name in the API contract exists as a tf.* function, and as a Tensor method where its
// first argument is a tensor.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const METHOD_OPS = `unsortedSegmentSum add sub mul div neg pow square sqrt rsqrt reciprocal exp expm1 log log1p abs sign maximum minimum
  sin cos tan floor ceil round identity relu sigmoid tanh softplus leakyRelu elu gelu softmax logSoftmax matmul
  reduceSum reduceMean reduceMax reduceMin argMax argMin reshape transpose expandDims squeeze slice gather tile pad
  equal notEqual greater greaterEqual less lessEqual where clipByValue cast oneHot stopGradient clipByNorm
  zerosLike onesLike`.split(/\s+/);
const FUNCTION_ONLY = `grad grads valueAndGrad valueAndGrads customGradient constant tensor zeros ones fill eye range linspace concat stack addN clipByGlobalNorm
  convertToTensor tidy keep memory ready`.split(/\s+/);
const MATH = `add subtract multiply divide negative exp log sqrt square abs sign maximum minimum sigmoid tanh
  reduceSum reduceMean argMax softmax`.split(/\s+/);

describe("API surface", () => {
  it.each(METHOD_OPS)("tf.%s is a function and a method", (name) => {
    expect(typeof (tf as unknown as Record<string, unknown>)[name]).toBe("function");
    expect(typeof (tf.Tensor.prototype as unknown as Record<string, unknown>)[name]).toBe("function");
  });

  it.each(FUNCTION_ONLY)("tf.%s is a function", (name) => {
    expect(typeof (tf as unknown as Record<string, unknown>)[name]).toBe("function");
  });

  it.each(MATH)("tf.math.%s is a function", (name) => {
    expect(typeof (tf.math as unknown as Record<string, unknown>)[name]).toBe("function");
  });

  it("the tape classes are exported", () => {
    for (const name of ["GradientTape", "Variable", "ForwardAccumulator", "IndexedSlices", "Tensor"]) {
      expect(typeof (tf as unknown as Record<string, unknown>)[name]).toBe("function");
    }
    expect(typeof tf.GradientTape.prototype.jacobian).toBe("function");
    expect(typeof tf.GradientTape.prototype.batchJacobian).toBe("function");
  });

  it("tf.random has normal, uniform, truncatedNormal and setSeed", () => {
    for (const name of ["normal", "uniform", "truncatedNormal", "setSeed"]) {
      expect(typeof (tf.random as unknown as Record<string, unknown>)[name]).toBe("function");
    }
  });

  it("methods compute what the functions compute", () => {
    const x = tf.constant([[1, -2], [3, -4]]);
    expect(x.relu().array()).toEqual(tf.relu(x).array());
    expect(x.add(1).mul(2).array()).toEqual([[4, -2], [8, -6]]);
    expect(x.reshape([4]).array()).toEqual([1, -2, 3, -4]);
    expect(x.matmul(x, { transposeB: true }).array()).toEqual([[5, 11], [11, 25]]);
    expect(tf.greater(x, 0).where(x, 0).array()).toEqual([[1, 0], [3, 0]]);
  });
});
