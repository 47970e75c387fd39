// tf.initializers: distributions (mean, spread, limits) against Keras's formulas with Keras's fan
// counts, seeding and determinism, constants, and names accepted by layers.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { moments } from "../reference/layers.js";

const TRUNCATED_STD = 0.87962566103423978; // stddev of a unit normal truncated to [-2, 2]

interface Case {
  name: string;
  make: () => tf.initializers.Initializer;
  shape: number[];
  /** Expected standard deviation of the values. */
  std: number;
  /** Bound on |value|: the uniform limit, or twice the truncated normal's stddev parameter. */
  bound?: number;
  mean?: number;
}

// fans: [200, 300] -> in 200, out 300; [3, 3, 16, 32] -> in 3*3*16 = 144, out 3*3*32 = 288; [5000] -> both 5000.
const uniformStd = (limit: number): number => limit / Math.sqrt(3);
const cases: Case[] = [
  { name: "glorotUniform", make: () => tf.initializers.glorotUniform({ seed: 1 }), shape: [200, 300], std: uniformStd(Math.sqrt(6 / 500)), bound: Math.sqrt(6 / 500) },
  { name: "glorotUniform, conv kernel", make: () => tf.initializers.glorotUniform({ seed: 2 }), shape: [3, 3, 16, 32], std: uniformStd(Math.sqrt(6 / 432)), bound: Math.sqrt(6 / 432) },
  { name: "glorotNormal", make: () => tf.initializers.glorotNormal({ seed: 3 }), shape: [200, 300], std: Math.sqrt(2 / 500), bound: (2 * Math.sqrt(2 / 500)) / TRUNCATED_STD },
  { name: "heNormal", make: () => tf.initializers.heNormal({ seed: 4 }), shape: [200, 300], std: Math.sqrt(2 / 200), bound: (2 * Math.sqrt(2 / 200)) / TRUNCATED_STD },
  { name: "heNormal, conv kernel", make: () => tf.initializers.heNormal({ seed: 5 }), shape: [3, 3, 16, 32], std: Math.sqrt(2 / 144), bound: (2 * Math.sqrt(2 / 144)) / TRUNCATED_STD },
  { name: "heUniform", make: () => tf.initializers.heUniform({ seed: 6 }), shape: [200, 300], std: uniformStd(Math.sqrt(6 / 200)), bound: Math.sqrt(6 / 200) },
  { name: "heUniform, vector", make: () => tf.initializers.heUniform({ seed: 7 }), shape: [5000], std: uniformStd(Math.sqrt(6 / 5000)), bound: Math.sqrt(6 / 5000) },
  { name: "lecunNormal", make: () => tf.initializers.lecunNormal({ seed: 8 }), shape: [200, 300], std: Math.sqrt(1 / 200), bound: (2 * Math.sqrt(1 / 200)) / TRUNCATED_STD },
  { name: "lecunUniform", make: () => tf.initializers.lecunUniform({ seed: 9 }), shape: [200, 300], std: uniformStd(Math.sqrt(3 / 200)), bound: Math.sqrt(3 / 200) },
  { name: "randomNormal defaults", make: () => tf.initializers.randomNormal({ seed: 10 }), shape: [200, 300], std: 0.05 },
  { name: "randomNormal mean 3 stddev 2", make: () => tf.initializers.randomNormal({ mean: 3, stddev: 2, seed: 11 }), shape: [200, 300], std: 2, mean: 3 },
  { name: "randomUniform defaults", make: () => tf.initializers.randomUniform({ seed: 12 }), shape: [200, 300], std: uniformStd(0.05), bound: 0.05 },
  { name: "randomUniform [2, 4)", make: () => tf.initializers.randomUniform({ minval: 2, maxval: 4, seed: 13 }), shape: [200, 300], std: uniformStd(1), mean: 3 },
  { name: "truncatedNormal", make: () => tf.initializers.truncatedNormal({ stddev: 1, seed: 14 }), shape: [200, 300], std: TRUNCATED_STD, bound: 2 },
  { name: "varianceScaling fanOut uniform", make: () => tf.initializers.varianceScaling({ scale: 3, mode: "fanOut", distribution: "uniform", seed: 15 }), shape: [200, 300], std: uniformStd(Math.sqrt(9 / 300)), bound: Math.sqrt(9 / 300) },
  { name: "varianceScaling fan_avg untruncated_normal", make: () => tf.initializers.varianceScaling({ mode: "fan_avg", distribution: "untruncated_normal", seed: 16 }), shape: [200, 300], std: Math.sqrt(1 / 250) },
];

describe("random initializers", () => {
  it.each(cases)("$name: mean, standard deviation and bounds", ({ make, shape, std, bound, mean = 0 }) => {
    const values = make()(shape).data();
    const n = values.length;
    const m = moments(values);
    expect(Math.abs(m.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(n));
    expect(Math.abs(m.std / std - 1)).toBeLessThan(0.03);
    if (bound !== undefined) {
      let max = 0;
      for (const v of values) max = Math.max(max, Math.abs(v - mean));
      expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(max).toBeGreaterThan(bound * 0.97); // the bound is reached, not a narrower one
    }
  });

  it("float64 values are float64 and follow the same law", () => {
    const t = tf.initializers.heNormal({ seed: 1 })([100, 400], "float64");
    expect(t.dtype).toBe("float64");
    expect(Math.abs(moments(t.data()).std / Math.sqrt(2 / 100) - 1)).toBeLessThan(0.03);
  });

  it("a seed gives the same values on every call, and the same for a new initializer with that seed", () => {
    const init = tf.initializers.glorotUniform({ seed: 42 });
    const a = init([4, 5]).data();
    expect(init([4, 5]).data()).toEqual(a);
    expect(tf.initializers.glorotUniform({ seed: 42 })([4, 5]).data()).toEqual(a);
    expect(tf.initializers.glorotUniform({ seed: 43 })([4, 5]).data()).not.toEqual(a);
  });

  it("without a seed, an initializer draws one when made: stable across its calls, different between initializers, reproducible after setSeed", () => {
    tf.random.setSeed(7);
    const first = tf.initializers.heNormal();
    const second = tf.initializers.heNormal();
    const a = first([3, 3]).data();
    expect(first([3, 3]).data()).toEqual(a);
    expect(second([3, 3]).data()).not.toEqual(a);
    tf.random.setSeed(7);
    expect(tf.initializers.heNormal()([3, 3]).data()).toEqual(a);
    tf.random.setSeed(null);
  });

  it("layers made after the same setSeed get the same weights; two layers get different ones", () => {
    const kernels = (): Float32Array[] => {
      tf.random.setSeed(11);
      const model = new tf.Sequential([new tf.layers.Dense(3, { inputShape: [2] }), new tf.layers.Dense(3)]);
      return [model.variables[0].data() as Float32Array, model.variables[2].data() as Float32Array];
    };
    const [a1, a2] = kernels();
    const [b1, b2] = kernels();
    expect([b1, b2]).toEqual([a1, a2]);
    expect(a1.slice(0, 3)).not.toEqual(a2.slice(0, 3));
    tf.random.setSeed(null);
  });
});

describe("constant initializers", () => {
  it("zeros, ones and constant fill every value; int32 works where it means something", () => {
    expect(tf.initializers.zeros()([2, 2]).array()).toEqual([[0, 0], [0, 0]]);
    expect(tf.initializers.ones()([3], "float64").array()).toEqual([1, 1, 1]);
    expect(tf.initializers.zeros()([2], "int32").dtype).toBe("int32");
    expect(tf.initializers.constant(0.5)([2]).array()).toEqual([0.5, 0.5]);
    expect(tf.initializers.constant({ value: -2 })([1, 2]).array()).toEqual([[-2, -2]]);
    expect(tf.initializers.constant()([1]).array()).toEqual([0]);
  });

  it("a scalar weight has fans of 1", () => {
    const limit = Math.sqrt(6 / 2);
    const v = tf.initializers.glorotUniform({ seed: 3 })([]);
    expect(v.shape).toEqual([]);
    expect(Math.abs(v.item())).toBeLessThan(limit);
  });

  it("initializers are usable through Dense and addWeight by any Keras spelling", () => {
    for (const name of ["ones", "Ones", "ONES"]) {
      const layer = new tf.layers.Dense(2, { kernelInitializer: name });
      layer.build([null, 2]);
      expect(layer.kernel.numpy()).toEqual([[1, 1], [1, 1]]);
    }
    for (const name of ["he_normal", "HeNormal", "glorot_normal", "lecun_uniform", "random_normal", "truncated_normal", "variance_scaling", "constant"]) {
      expect(new tf.layers.Dense(2, { kernelInitializer: name }).apply([[1, 2]]).shape).toEqual([1, 2]);
    }
  });
});

describe("initializer errors", () => {
  it("name the initializer and what to pass", () => {
    expect(() => tf.initializers.glorotUniform({ scale: 2 } as tf.initializers.SeedOptions)).toThrow(/initializers\.glorotUniform: unknown option "scale"/);
    expect(() => tf.initializers.heNormal({ seed: 1.5 })).toThrow(/seed must be a safe integer/);
    expect(() => tf.initializers.varianceScaling({ mode: "fan_sum" as tf.initializers.FanMode })).toThrow(/unknown mode "fan_sum"/);
    expect(() => tf.initializers.varianceScaling({ distribution: "cauchy" as tf.initializers.Distribution })).toThrow(/unknown distribution "cauchy"/);
    expect(() => tf.initializers.varianceScaling({ scale: 0 })).toThrow(/scale must be positive/);
    expect(() => tf.initializers.randomNormal({ stddev: "1" as unknown as number })).toThrow(/stddev must be a number/);
    expect(() => tf.initializers.heNormal({ seed: 1 })([2, -1])).toThrow(/every dimension must be a non-negative integer/);
    expect(() => tf.initializers.heNormal({ seed: 1 })([2, 2], "int32")).toThrow(/dtype "int32" is not supported/);
  });

  it("an initializer that returns the wrong shape is caught by addWeight", () => {
    class Odd extends tf.Layer {
      override build(inputShape: tf.layers.ShapeLike): void {
        this.addWeight({ name: "w", shape: [2, inputShape.length], initializer: () => tf.zeros([3]) });
      }
    }
    expect(() => new Odd({ name: "odd" }).build([null, 1])).toThrow(
      /Odd 'odd'\.addWeight: the initializer of 'w' returned Tensor#\d+ \(float32 \[3\]\); it must return a float32 tensor of shape \[2,2\]/,
    );
  });
});
