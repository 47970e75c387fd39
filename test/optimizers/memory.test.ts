// Optimizer steps in a loop with no tidy or dispose run in bounded memory: the heap's high-water mark
// is flat after warm-up, for the fused kernels, the clipping path (temporaries) and sparse gradients.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { highWater } from "../util/high-water.js";

/** An MLP-like set of variables and a loss over a fresh batch each step. */
function mlp(seed: number) {
  const w1 = new tf.Variable(tf.random.normal([16, 32], { seed, stddev: 0.2 }), { name: "dense/kernel" });
  const b1 = new tf.Variable(tf.zeros([32]), { name: "dense/bias" });
  const w2 = new tf.Variable(tf.random.normal([32, 4], { seed: seed + 1, stddev: 0.2 }), { name: "dense_1/kernel" });
  const b2 = new tf.Variable(tf.zeros([4]), { name: "dense_1/bias" });
  const target = tf.random.normal([4], { seed: seed + 2 });
  const vars = [w1, b1, w2, b2];
  const loss = (i: number) => {
    const x = tf.random.normal([8, 16], { seed: 100 + (i % 50) });
    return () => {
      const h = tf.relu(tf.add(tf.matmul(x, w1), b1));
      return tf.reduceMean(tf.square(tf.sub(tf.add(tf.matmul(h, w2), b2), target)));
    };
  };
  return { vars, loss };
}

describe("memory of optimizer steps", () => {
  it("2,000 Adam steps on an MLP's variables (tape, gradient, applyGradients): flat heap, the loss goes down", () => {
    const { vars, loss } = mlp(1);
    const opt = new tf.optimizers.Adam({ learningRate: 0.01 });
    let first = 0;
    let last = 0;
    const { early, late } = highWater(2_000, 200, (i) => {
      const tape = new tf.GradientTape();
      const value = tape.record(loss(i));
      const grads = tape.gradient(value, vars);
      opt.applyGradients(tf.zip(grads, vars));
      if (i === 0) first = value.item();
      last = value.item();
    });
    expect(late).toBe(early);
    expect(last).toBeLessThan(first / 2);
    expect(opt.iterations.item()).toBe(2_000);
  });

  it("2,000 AdamW steps through minimize, with global norm clipping and a schedule: flat heap", () => {
    const { vars, loss } = mlp(5);
    const schedule = new tf.optimizers.schedules.CosineDecay({ initialLearningRate: 0.01, decaySteps: 2_000, warmupTarget: 0.02, warmupSteps: 100 });
    const opt = new tf.optimizers.AdamW({ learningRate: schedule, globalClipnorm: 1 });
    opt.excludeFromWeightDecay({ varNames: ["bias"] });
    const { early, late } = highWater(2_000, 200, (i) => {
      opt.minimize(loss(i), vars);
    });
    expect(late).toBe(early);
  });

  it("2,000 Adagrad steps with sparse gradients of an embedding table: flat heap", () => {
    const table = new tf.Variable(tf.random.normal([50, 8], { seed: 9 }));
    const opt = new tf.optimizers.Adagrad({ learningRate: 0.1 });
    const { early, late } = highWater(2_000, 200, (i) => {
      const ids = [i % 50, (i * 7) % 50, (i * 7) % 50];
      const tape = new tf.GradientTape();
      const value = tape.record(() => tf.reduceSum(tf.square(tf.gather(table, ids))));
      opt.applyGradients([[tape.gradient(value, table), table]]);
    });
    expect(late).toBe(early);
  });
});
