// Layers in a training loop written like the seeds (a new tape per step, gradients of the model's
// trainable variables, manual SGD with assignSub, no dispose or tidy): memory stays flat and the
// loss goes down.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { highWater } from "../util/high-water.js";

describe("training with layers, no tidy", () => {
  it("a Sequential MLP, 2,000 steps of manual SGD on fresh batches", () => {
    const model = new tf.Sequential([
      new tf.layers.Dense(32, { activation: "relu", inputShape: [16], kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
      new tf.layers.Dense(4, { kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ]);
    const target = tf.random.normal([4], { seed: 3 });
    let first = 0;
    let last = 0;
    const { early, late } = highWater(2_000, 200, (i) => {
      const x = tf.random.normal([8, 16], { seed: 100 + (i % 50) });
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(tf.sub(model.apply(x), target))));
      const vars = model.trainableVariables;
      const grads = tape.gradient(loss, vars);
      vars.forEach((v, j) => v.assignSub(tf.mul(grads[j]!, 0.05)));
      if (i === 0) first = loss.item();
      last = loss.item();
    });
    expect(late).toBe(early);
    expect(last).toBeLessThan(first / 4);
  });

  it("a subclassed model with Dropout, built lazily inside the first step, 2,000 steps", () => {
    class Net extends tf.Model {
      hidden = new tf.layers.Dense(16, { activation: "tanh", kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) });
      dropout = new tf.layers.Dropout(0.1, { seed: 5 });
      out = new tf.layers.Dense(1, { kernelInitializer: tf.initializers.glorotNormal({ seed: 6 }) });
      override call(x: tf.Tensor): tf.Tensor {
        return this.out.apply(this.dropout.apply(this.hidden.apply(x)));
      }
    }
    const model = new Net();
    const x = tf.random.uniform([32, 2], { minval: -1, maxval: 1, seed: 7 });
    const y = tf.reduceSum(tf.mul(x, tf.constant([1.5, -0.5])), 1, true);
    let first = 0;
    let last = 0;
    const { early, late } = highWater(2_000, 200, (i) => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(tf.sub(model.apply(x, { training: true }), y))));
      const grads = tape.gradient(loss, model.trainableVariables);
      model.trainableVariables.forEach((v, j) => v.assignSub(tf.mul(grads[j]!, 0.1)));
      if (i === 0) first = loss.item();
      last = loss.item();
    });
    expect(late).toBe(early);
    expect(model.variables.length).toBe(4);
    expect(last).toBeLessThan(first / 4);
  });
});
