// Dense: forward values against the float64 reference for every activation and dtype, gradients by
// hand and by finite differences (first and second order, through statelessCall), lazy build,
// input checks and options.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { ACTIVATIONS, denseRef } from "../reference/layers.js";
import { expectClose } from "../util/close.js";
import { checkGradients } from "../util/gradcheck.js";
import { randomValues } from "../util/reference.js";

const DTYPES = ["float32", "float64"] as const;
const IN = 5;
const UNITS = 4;

/** A built Dense with the given weight values. */
function denseWith(activation: string, dtype: "float32" | "float64", kernel: number[], bias: number[], useBias = true): tf.layers.Dense {
  const layer = new tf.layers.Dense(UNITS, { activation, dtype, useBias });
  layer.build([null, IN]);
  layer.setWeights(useBias ? [tf.tensor(kernel, [IN, UNITS], dtype), tf.tensor(bias, [UNITS], dtype)] : [tf.tensor(kernel, [IN, UNITS], dtype)]);
  return layer;
}

function values(n: number, seed: number, dtype: string, lo = -1, hi = 1): number[] {
  const v = randomValues(n, seed, lo, hi);
  return dtype === "float32" ? v.map(Math.fround) : v;
}

describe("Dense forward against the float64 reference", () => {
  const cases = Object.keys(ACTIVATIONS).flatMap((activation) => DTYPES.map((dtype) => ({ activation, dtype })));

  it.each(cases)("$activation, $dtype: activation(x @ kernel + bias)", ({ activation, dtype }) => {
    const x = values(3 * IN, 1, dtype, -2, 2);
    const kernel = values(IN * UNITS, 2, dtype);
    const bias = values(UNITS, 3, dtype);
    const layer = denseWith(activation, dtype, kernel, bias);
    const y = layer.apply(tf.tensor(x, [3, IN], dtype));
    expect(y.shape).toEqual([3, UNITS]);
    expect(y.dtype).toBe(dtype);
    const tol = dtype === "float32" ? { rtol: 2e-5, atol: 2e-6 } : { rtol: 1e-12, atol: 1e-13 };
    expectClose(y.data(), denseRef(x, IN, kernel, UNITS, bias, ACTIVATIONS[activation]), tol);
  });

  it.each(DTYPES)("rank-3 input [2, 3, in] multiplies along the last axis, %s", (dtype) => {
    const x = values(2 * 3 * IN, 4, dtype);
    const kernel = values(IN * UNITS, 5, dtype);
    const bias = values(UNITS, 6, dtype);
    const layer = denseWith("softmax", dtype, kernel, bias);
    const y = layer.apply(tf.tensor(x, [2, 3, IN], dtype));
    expect(y.shape).toEqual([2, 3, UNITS]);
    const tol = dtype === "float32" ? { rtol: 2e-5, atol: 2e-6 } : { rtol: 1e-12, atol: 1e-13 };
    expectClose(y.data(), denseRef(x, IN, kernel, UNITS, bias, ACTIVATIONS.softmax), tol);
  });

  it("useBias: false has only a kernel, and bias is null", () => {
    const kernel = values(IN * UNITS, 7, "float64");
    const layer = denseWith("linear", "float64", kernel, [], false);
    expect(layer.variables.map((v) => v.name)).toEqual(["kernel"]);
    expect(layer.bias).toBeNull();
    const x = values(2 * IN, 8, "float64");
    expectClose(layer.apply(tf.tensor(x, [2, IN], "float64")).data(), denseRef(x, IN, kernel, UNITS, null, ACTIVATIONS.linear), {
      rtol: 1e-12,
      atol: 1e-13,
    });
  });

  it("an empty batch gives an empty output", () => {
    const layer = new tf.layers.Dense(3);
    expect(layer.apply(tf.zeros([0, 2])).shape).toEqual([0, 3]);
    expect(layer.apply(tf.zeros([2, 0, 2])).shape).toEqual([2, 0, 3]);
  });

  it("an activation function is applied as given", () => {
    const layer = new tf.layers.Dense(2, { activation: (x) => tf.mul(x, 2), kernelInitializer: "ones", biasInitializer: "ones" });
    expect(layer.apply([[1, 2, 3]]).array()).toEqual([[14, 14]]);
  });

  it("Keras's snake_case and class names are accepted for activations and initializers", () => {
    const layer = new tf.layers.Dense(2, { activation: "leaky_relu", kernelInitializer: "Ones", biasInitializer: "zeros" });
    expect(layer.apply([[-1, -2]]).data()).toEqual(new Float32Array([-0.6000000238418579, -0.6000000238418579]));
    expect(new tf.layers.Dense(2, { kernelInitializer: "glorot_uniform", activation: "LeakyReLU" }).apply([[1]]).shape).toEqual([1, 2]);
  });

  it("integer inputs take the kernel's dtype; float inputs of another dtype are cast to the layer's", () => {
    const layer = new tf.layers.Dense(1, { kernelInitializer: "ones" });
    const fromInt = layer.apply(tf.constant([[1, 2, 3]], "int32"));
    expect([fromInt.dtype, fromInt.item()]).toEqual(["float32", 6]);
    const from64 = layer.apply(tf.constant([[1, 2, 3]], "float64"));
    expect([from64.dtype, from64.item()]).toEqual(["float32", 6]);
    const layer64 = new tf.layers.Dense(1, { kernelInitializer: "ones", dtype: "float64" });
    expect(layer64.apply([[0.1, 0.2]]).dtype).toBe("float64");
    expect(layer64.kernel.dtype).toBe("float64");
  });
});

describe("Dense gradients", () => {
  it("seed 004: Dense(2, relu) on [[1, 2, 3]], loss = mean(y ** 2): trainable variables kernel (3, 2) and bias (2,)", () => {
    const layer = new tf.layers.Dense(2, { activation: "relu" });
    const x = tf.constant([[1, 2, 3]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const y = layer.apply(x);
      return tf.reduceMean(tf.pow(y, 2));
    });
    const grad = tape.gradient(loss, layer.trainableVariables);
    const printed = layer.trainableVariables.map((v, i) => `${v.name}, shape: ${pythonShape(grad[i]!.shape)}`);
    expect(printed).toEqual(["kernel, shape: (3, 2)", "bias, shape: (2,)"]);
    // By hand from the kernel values: z = x W (bias 0), y = relu(z), dL/dz_j = 2 y_j / 2 = y_j.
    const W = layer.kernel.numpy() as number[][];
    const z = [0, 1].map((j) => 1 * W[0][j] + 2 * W[1][j] + 3 * W[2][j]);
    const dz = z.map((zj) => Math.max(zj, 0));
    expectClose(grad[0]!.data(), [1, 2, 3].flatMap((xi) => dz.map((d) => xi * d)), { rtol: 1e-6, atol: 1e-6 });
    expectClose(grad[1]!.data(), dz, { rtol: 1e-6, atol: 1e-6 });
    expectClose([loss.item()], [(dz[0] ** 2 + dz[1] ** 2) / 2], { rtol: 1e-6, atol: 1e-7 });
  });

  it("by hand with one active and one inactive unit", () => {
    const layer = new tf.layers.Dense(2, { activation: "relu", dtype: "float64" });
    layer.build([null, 3]);
    layer.setWeights([[[0.5, -0.2], [0.1, -0.3], [0.2, 0.1]], [0.1, -0.05]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(tf.pow(layer.apply([[1, 2, 3]]), 2)));
    const [dW, db] = tape.gradient(loss, [layer.kernel, layer.bias!]);
    const z0 = 0.5 + 0.2 + 0.6 + 0.1; // 1.4 > 0; z1 = -0.2 - 0.6 + 0.3 - 0.05 < 0
    expectClose(dW!.data(), [z0, 0, 2 * z0, 0, 3 * z0, 0], { rtol: 1e-14, atol: 1e-15 });
    expectClose(db!.data(), [z0, 0], { rtol: 1e-14, atol: 1e-15 });
  });

  const activations = ["linear", "relu", "sigmoid", "tanh", "softmax", "gelu", "elu", "softplus", "leakyRelu", "selu", "silu", "logSoftmax"];
  it.each(activations)("%s: first and second order with respect to input, kernel and bias", (activation) => {
    const layer = new tf.layers.Dense(3, { activation, dtype: "float64" });
    layer.build([null, 4]);
    const shapes = [[2, 4], [4, 3], [3]];
    checkGradients({
      run: (x, kernel, bias) => layer.statelessCall([kernel, bias], [], x)[0],
      ref: ([x, kernel, bias]) => denseRef(x, 4, kernel, 3, bias, ACTIVATIONS[activation]),
      shapes,
      values: shapes.map((s, i) => randomValues(s.reduce((a, b) => a * b, 1), 40 + i, -1, 1)),
    });
  });

  it("float32, first order, rank-3 input", () => {
    const layer = new tf.layers.Dense(3, { activation: "tanh" });
    layer.build([null, null, 2]);
    checkGradients({
      run: (x, kernel, bias) => layer.statelessCall([kernel, bias], [], x)[0],
      ref: ([x, kernel, bias]) => denseRef(x, 2, kernel, 3, bias, ACTIVATIONS.tanh),
      shapes: [[2, 2, 2], [2, 3], [3]],
      dtype: "float32",
    });
  });

  it("statelessCall leaves the variables as they were", () => {
    const layer = new tf.layers.Dense(2, { kernelInitializer: "ones" });
    const [y, nonTrainable] = (() => {
      layer.build([null, 2]);
      return layer.statelessCall([tf.fill([2, 2], 3), tf.ones([2])], [], [[1, 1]]);
    })();
    expect(y.array()).toEqual([[7, 7]]);
    expect(nonTrainable).toEqual([]);
    expect(layer.kernel.numpy()).toEqual([[1, 1], [1, 1]]);
    expect(layer.apply([[1, 1]]).array()).toEqual([[2, 2]]);
    expect(() => layer.statelessCall([tf.ones([2, 2])], [], [[1, 1]])).toThrow(/statelessCall: expected 2 values \(kernel, bias\) but got 1/);
    expect(() => new tf.layers.Dense(1).statelessCall([], [], [[1]])).toThrow(/must be built first/);
  });
});

describe("Dense build and input checks", () => {
  it("builds on the first call from the input's last dimension", () => {
    const layer = new tf.layers.Dense(4);
    expect(layer.built).toBe(false);
    expect(layer.variables).toEqual([]);
    expect(() => layer.kernel).toThrow(/Dense '.*'\.kernel: the layer is not built yet/);
    expect(() => layer.countParams()).toThrow(/countParams: the layer is not built/);
    layer.apply(tf.ones([2, 3]));
    expect(layer.built).toBe(true);
    expect(layer.variables.map((v) => [v.name, v.shape])).toEqual([
      ["kernel", [3, 4]],
      ["bias", [4]],
    ]);
    expect(layer.countParams()).toBe(16);
  });

  it("an input of another last dimension throws, naming the layer and both shapes; the layer still works", () => {
    const layer = new tf.layers.Dense(4, { name: "probe" });
    layer.apply(tf.ones([2, 3]));
    expect(() => layer.apply(tf.ones([2, 5]))).toThrow(
      /Dense 'probe'\.apply: input 0 of layer 'probe' is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape \[2,5\]\. The layer was built for inputs of shape \[2,3\]/,
    );
    expect(layer.apply(tf.ones([1, 3])).shape).toEqual([1, 4]);
  });

  it("a rank-1 input throws expected min_ndim=2", () => {
    const layer = new tf.layers.Dense(2);
    expect(() => layer.apply([1, 2, 3])).toThrow(/expected min_ndim=2, found ndim=1\. Full shape received: \[3\]/);
    expect(layer.built).toBe(false);
  });

  it("build with an unknown last dimension throws; build([null, 3]) creates the weights", () => {
    expect(() => new tf.layers.Dense(2).build([null, null])).toThrow(/the last dimension of the input shape must be known/);
    const layer = new tf.layers.Dense(2);
    layer.build([null, 3]);
    expect([layer.built, layer.kernel.shape]).toEqual([true, [3, 2]]);
  });

  it("checks its arguments", () => {
    for (const units of [0, 2.5, -1, "3"]) expect(() => new tf.layers.Dense(units as number)).toThrow(/units must be a positive integer/);
    expect(() => new tf.layers.Dense(2, { activation: "relux" })).toThrow(/unknown activation "relux"; use one of "linear", "relu", .*"softmax"/);
    expect(() => new tf.layers.Dense(2, { kernelInitializer: "glorot" })).toThrow(/unknown initializer "glorot"; use one of "zeros", "ones", .*"glorotUniform"/);
    expect(() => new tf.layers.Dense(2, { use_bias: false } as tf.layers.DenseOptions)).toThrow(/Dense: unknown option "use_bias"/);
    expect(() => new tf.layers.Dense(2, { dtype: "int32" })).toThrow(/dtype must be "float32" or "float64"/);
    expect(() => new tf.layers.Dense(2, { name: "a/b" })).toThrow(/name must be a non-empty string without "\/"/);
  });

  it("a disposed input throws the use-after-free error", () => {
    const x = tf.ones([1, 2]);
    x.dispose();
    expect(() => new tf.layers.Dense(1).apply(x)).toThrow(/disposed by dispose\(\)/);
  });
});

/** Python's tuple repr of a shape: (3, 2), (2,), (). */
function pythonShape(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
