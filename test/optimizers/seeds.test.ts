// The optimizer parts of the seed documents (/work/shared/seeds), translated line by line: the
// printed values must match TensorFlow's float32 output exactly.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const printed = (numpy: string): string => `<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=${numpy}>`;

describe("seed 002: Adam(learning_rate=0.1) on cost = w ** 2 - 10 * w + 25", () => {
  it("single_train_loop with tape.gradient and apply_gradients(zip(grads, trainable_variables))", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    const optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
    expect(String(w)).toBe(printed("0.0"));
    const singleTrainLoop = (): void => {
      const tape = new tf.GradientTape();
      const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
      const trainableVariables = [w];
      const grads = tape.gradient(cost, trainableVariables);
      optimizer.applyGradients(tf.zip(grads, trainableVariables));
    };
    singleTrainLoop();
    expect(String(w)).toBe(printed("0.09999931"));
    for (let i = 0; i < 1000; i++) singleTrainLoop();
    expect(String(w)).toBe(printed("5.000001"));
  });

  it("optimizer.minimize(cost_fun, [w]) with x = np.array([1.0, -10.0, 25.0], dtype=np.float32)", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    const optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
    const x = new Float32Array([1.0, -10.0, 25.0]);
    const costFun = (): tf.Tensor => tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
    optimizer.minimize(costFun, [w]);
    expect(String(w)).toBe(printed("0.09999931"));
    const training = (x: Float32Array, w: tf.Variable, optimizer: tf.optimizers.Optimizer, numIterations = 1000): tf.Variable => {
      const costFun = (): tf.Tensor => tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
      for (let i = 0; i < numIterations; i++) optimizer.minimize(costFun, [w]);
      return w;
    };
    expect(String(training(x, w, optimizer))).toBe(printed("5.000001"));
  });

  it("training with x = [5.0, -7.0, 13.0] from w = 0: 0.7", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    const optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
    const x = new Float32Array([5.0, -7.0, 13.0]);
    const costFun = (): tf.Tensor => tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
    for (let i = 0; i < 1000; i++) optimizer.minimize(costFun, [w]);
    expect(String(w)).toBe(printed("0.7"));
  });
});
