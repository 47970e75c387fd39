// A training loop written like the seeds (a new tape per step, gradient, an update, no dispose, tidy
// or keep) runs in bounded memory: the heap's high-water mark stops growing after the first steps.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { highWater } from "../util/high-water.js";

describe("memory without tidy", () => {
  it("the seed loop w**2 - 10w + 25 with a plain gradient-descent update, 20,000 steps", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    const { early, late } = highWater(20_000, 1_000, () => {
      const tape = new tf.GradientTape();
      const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
      const [grad] = tape.gradient(cost, [w]);
      w.assignSub(tf.mul(grad!, 0.01));
    });
    expect(late).toBe(early);
    expect(w.item()).toBeCloseTo(5, 4);
  });

  it("the persistent-tape fit_data loop of the seeds (assignSub of grad * rate), 10,000 steps", () => {
    const xTrain = tf.constant([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0]);
    const yTrain = tf.constant([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0]);
    const w = new tf.Variable(0.5);
    const b = new tf.Variable(0.5);
    const { early, late } = highWater(10_000, 500, () => {
      const tape = new tf.GradientTape({ persistent: true });
      const loss = tape.record(() => tf.abs(tf.sub(yTrain, tf.add(tf.mul(w, xTrain), b))));
      const wGrad = tape.gradient(loss, w)!;
      const bGrad = tape.gradient(loss, b)!;
      w.assignSub(tf.mul(wGrad, 0.001));
      b.assignSub(tf.mul(bGrad, 0.001));
    });
    expect(late).toBe(early);
    expect(w.item()).toBeGreaterThan(1.5);
  });

  it("an MLP step on a fresh batch each step, 2,000 steps", () => {
    const w1 = new tf.Variable(tf.random.normal([16, 32], { seed: 1, stddev: 0.2 }));
    const b1 = new tf.Variable(tf.zeros([32]));
    const w2 = new tf.Variable(tf.random.normal([32, 4], { seed: 2, stddev: 0.2 }));
    const target = tf.random.normal([4], { seed: 3 });
    let first = Infinity;
    let last = 0;
    const { early, late } = highWater(2_000, 200, (i) => {
      const x = tf.random.normal([8, 16], { seed: 100 + (i % 50) });
      const tape = new tf.GradientTape();
      const loss = tape.record(() => {
        const h = tf.relu(tf.add(tf.matmul(x, w1), b1));
        return tf.reduceMean(tf.square(tf.sub(tf.matmul(h, w2), target)));
      });
      const grads = tape.gradient(loss, [w1, b1, w2]);
      [w1, b1, w2].forEach((v, j) => v.assignSub(tf.mul(grads[j]!, 0.05)));
      if (i === 0) first = loss.item();
      last = loss.item();
    });
    expect(late).toBe(early);
    expect(last).toBeLessThan(first / 2);
  });

  it("a tensor kept from an earlier step says why it was freed and how to keep it", () => {
    const w = new tf.Variable(1);
    let old: tf.Tensor | null = null;
    for (let i = 0; i < 3; i++) {
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.mul(w, w));
      tape.gradient(y, w);
      if (i === 0) old = y;
    }
    expect(() => old!.add(1)).toThrow(/was freed when a new training step began.*tf\.keep/);
  });

  it("tf.keep, and constants every step reads, outlive the steps", () => {
    const w = new tf.Variable(2);
    let kept: tf.Tensor | null = null;
    let scale: tf.Tensor | null = null;
    for (let i = 0; i < 5; i++) {
      scale ??= tf.constant(3); // made between steps, read by every step
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.mul(tf.mul(w, w), scale!));
      expect(tape.gradient(y, w)!.item()).toBe(12);
      if (i === 0) kept = tf.keep(y.clone());
    }
    expect(kept!.item()).toBe(12);
  });
});

describe("gradients outlive the start of the next tape", () => {
  it("g1 from one tape and g2 from the next can be combined", () => {
    const x = tf.constant(3);
    const grad = (f: (v: tf.Tensor) => tf.Tensor): tf.Tensor => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return f(x);
      });
      return tape.gradient(y, x)!;
    };
    const g1 = grad((v) => tf.mul(v, v));
    const g2 = grad((v) => tf.mul(tf.mul(v, v), v));
    expect(tf.add(g1, g2).item()).toBe(6 + 27);
  });
});

describe("tf.tidy inside tape.record", () => {
  it("keeps what the tape saved for its backward pass (as tfjs does), and frees the rest", () => {
    const x = new tf.Variable([0.1, 0.2]);
    const unwatched = tf.tensor([5, 6]);
    let temporary: tf.Tensor | null = null;
    const tape = new tf.GradientTape();
    const y = tape.record(() =>
      tf.tidy(() => {
        temporary = tf.mul(unwatched, 2);
        return tf.reduceSum(tf.tanh(tf.mul(x, 3)));
      }),
    );
    expect(temporary!.freedBecause).toMatch(/tf\.tidy that created it returned/);
    const g = Array.from(tape.gradient(y, x)!.data());
    [0.1, 0.2].forEach((v, i) => expect(g[i]).toBeCloseTo(3 * (1 - Math.tanh(3 * v) ** 2), 6));
  });
});
