// A training loop with a loss from tf.losses and metrics updated every step, written with no
// dispose, tidy or keep, runs in bounded memory: the heap's high-water mark stops growing after
// warm-up, whether the metrics are updated between the steps or inside the tape's record.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { highWater } from "../util/high-water.js";

describe("metrics in a training loop without tidy", () => {
  for (const inside of [false, true]) {
    it(`2,000 steps, metrics updated ${inside ? "inside the tape's record" : "after each step"}`, () => {
      const w = new tf.Variable(tf.random.normal([8, 4], { seed: 1, stddev: 0.3 }));
      const lossFn = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
      const accuracy = new tf.metrics.SparseCategoricalAccuracy();
      const meanLoss = new tf.metrics.Mean();
      const crossentropy = new tf.metrics.SparseCategoricalCrossentropy({ fromLogits: true });
      const weights = [1, 0.5, 2, 1, 1, 0, 1, 1];
      let firstLoss = 0;
      let lastAccuracy = 0;
      const { early, late } = highWater(2_000, 300, (i) => {
        const x = tf.random.normal([8, 8], { seed: 100 + (i % 20) });
        const labels = tf.argMax(tf.slice(x, [0, 0], [8, 4]), 1);
        const tape = new tf.GradientTape();
        let logits: tf.Tensor | null = null;
        const loss = tape.record(() => {
          logits = tf.matmul(x, w);
          const l = lossFn(labels, logits);
          if (inside) {
            accuracy.updateState(labels, logits, weights);
            meanLoss.updateState(l);
          }
          return l;
        });
        const [g] = tape.gradient(loss, [w]);
        w.assignSub(tf.mul(g!, 0.2));
        if (!inside) {
          accuracy.updateState(labels, logits!, weights);
          meanLoss.updateState(loss);
        }
        crossentropy.updateState(labels, logits!);
        if (i === 0) firstLoss = meanLoss.result().item();
        if (i % 100 === 99) {
          lastAccuracy = accuracy.result().item();
          expect(crossentropy.result().item()).toBeGreaterThan(0);
          accuracy.resetState();
          meanLoss.resetState();
          crossentropy.resetState();
        }
      });
      expect(late).toBe(early);
      // The labels are the argmax of the first 4 inputs: a linear model learns them.
      expect(lastAccuracy).toBeGreaterThan(0.9);
      expect(firstLoss).toBeGreaterThan(0.5);
    });
  }

  it("2,000 updates with no tape at all leave no tensor behind", () => {
    const m = new tf.metrics.CategoricalAccuracy();
    const yTrue = tf.keep(tf.oneHot(tf.tensor([0, 2, 1], [3], "int32"), 3));
    const yPred = tf.keep(tf.tensor([[0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]));
    const tensors = tf.memory().numTensors;
    const { early, late } = highWater(2_000, 100, () => m.updateState(yTrue, yPred, [1, 1, 2]));
    expect(late).toBe(early);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(m.result().item()).toBeCloseTo(0.5, 6);
  });
});
