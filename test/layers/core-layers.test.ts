// Activation, ReLU, Flatten and Dropout.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { ACTIVATIONS } from "../reference/layers.js";
import { expectClose } from "../util/close.js";
import { randomValues } from "../util/reference.js";

describe("Activation and ReLU", () => {
  it.each(["relu", "tanh", "softmax", "gelu", "selu"])("Activation(%s) against the reference, float64", (name) => {
    const x = randomValues(12, 3, -3, 3);
    const y = new tf.layers.Activation(name, { dtype: "float64" }).apply(tf.tensor(x, [3, 4], "float64"));
    const expected = [0, 1, 2].flatMap((r) => ACTIVATIONS[name](x.slice(4 * r, 4 * r + 4)));
    expectClose(y.data(), expected, { rtol: 1e-12, atol: 1e-13 });
  });

  it("a float64 input to a float32 layer is cast to float32, as Keras autocasts", () => {
    expect(new tf.layers.Activation("tanh").apply(tf.ones([1, 2], "float64")).dtype).toBe("float32");
  });

  it("ReLU is max(x, 0); both keep the input shape and are built when made", () => {
    const relu = new tf.layers.ReLU();
    expect(relu.built).toBe(true);
    expect(relu.apply([[-1, 2], [3, -4]]).array()).toEqual([[0, 2], [3, 0]]);
    expect(relu.computeOutputShape([null, 5, 2])).toEqual([null, 5, 2]);
    expect(new tf.layers.Activation("sigmoid").computeOutputShape([null, 3])).toEqual([null, 3]);
    expect(() => new tf.layers.Activation("nope")).toThrow(/Activation: unknown activation "nope"/);
  });
});

describe("Flatten", () => {
  it("keeps the batch dimension and flattens the rest", () => {
    const flatten = new tf.layers.Flatten();
    const x = tf.reshape(tf.range(0, 24), [2, 3, 4]);
    const y = flatten.apply(x);
    expect(y.shape).toEqual([2, 12]);
    expect(y.data()).toEqual(x.data());
    expect(flatten.apply([1, 2, 3]).shape).toEqual([3, 1]);
    expect(flatten.apply(tf.zeros([0, 2, 2])).shape).toEqual([0, 4]);
    expect(flatten.computeOutputShape([null, 28, 28])).toEqual([null, 784]);
    expect(flatten.computeOutputShape([null, null, 3])).toEqual([null, null]);
    expect(() => flatten.apply(3)).toThrow(/expected min_ndim=1, found ndim=0/);
  });

  it("passes gradients back in the input's shape", () => {
    const x = tf.reshape(tf.range(0, 6, 1, "float32"), [1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(new tf.layers.Flatten().apply(x), tf.range(0, 6, 1, "float32")));
    });
    expect(tape.gradient(y, x)!.array()).toEqual([[[0, 1, 2], [3, 4, 5]]]);
  });
});

describe("Dropout", () => {
  it("returns its input unchanged unless training", () => {
    const x = tf.ones([4, 4]);
    const dropout = new tf.layers.Dropout(0.5);
    expect(dropout.apply(x)).toBe(x);
    expect(dropout.apply(x, { training: false })).toBe(x);
    expect(new tf.layers.Dropout(0).apply(x, { training: true })).toBe(x);
  });

  it.each([0.1, 0.5, 0.9])("rate %s: drops that fraction and scales the rest by 1 / (1 - rate)", (rate) => {
    const n = 20000;
    const y = new tf.layers.Dropout(rate, { seed: 3 }).apply(tf.ones([1, n]), { training: true }).data();
    let dropped = 0;
    for (const v of y) {
      if (v === 0) dropped++;
      else expect(v).toBeCloseTo(1 / (1 - rate), 5);
    }
    expect(Math.abs(dropped / n - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / n));
  });

  it("rate 1 drops everything; float64 stays float64", () => {
    expect(new tf.layers.Dropout(1).apply([[1, 2]], { training: true }).array()).toEqual([[0, 0]]);
    expect(new tf.layers.Dropout(0.5, { dtype: "float64" }).apply(tf.ones([2, 2], "float64"), { training: true }).dtype).toBe("float64");
  });

  it("a seed fixes the sequence of masks: each call draws the next one", () => {
    const masks = (): number[][] => {
      const dropout = new tf.layers.Dropout(0.5, { seed: 9 });
      return [0, 1, 2].map(() => Array.from(dropout.apply(tf.ones([1, 64]), { training: true }).data()));
    };
    const a = masks();
    expect(masks()).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[2]).not.toEqual(a[1]);
  });

  it("noiseShape broadcasts one mask over the null-free dimensions", () => {
    const dropout = new tf.layers.Dropout(0.5, { seed: 1, noiseShape: [null, 1, null] });
    const y = dropout.apply(tf.ones([2, 5, 16]), { training: true }).array() as number[][][];
    for (const example of y) for (const step of example) expect(step).toEqual(example[0]);
    expect(() => dropout.apply(tf.ones([2, 16]), { training: true })).toThrow(/noiseShape has 3 dimensions but the input has 2/);
  });

  it("the gradient is the mask times the scale", () => {
    const x = tf.ones([1, 100]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return new tf.layers.Dropout(0.25, { seed: 5 }).apply(x, { training: true });
    });
    expect(Array.from(tape.gradient(y, x)!.data())).toEqual(Array.from(y.data()));
  });

  it("checks its arguments", () => {
    for (const rate of [-0.1, 1.5, NaN, "0.5"]) expect(() => new tf.layers.Dropout(rate as number)).toThrow(/rate must be a number in \[0, 1\]/);
    expect(() => new tf.layers.Dropout(0.5, { seed: 0.5 })).toThrow(/seed must be a safe integer/);
    expect(() => new tf.layers.Dropout(0.5, { noise_shape: [1] } as tf.layers.DropoutOptions)).toThrow(/unknown option "noise_shape"/);
  });
});
