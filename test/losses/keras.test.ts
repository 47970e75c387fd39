// The numbers of Keras's own tests and docstrings (keras/src/losses/losses_test.py, losses.py and
// backend/tensorflow/nn.py), with Keras's tolerances: assertAlmostEqual is |a - e| < 1.5e-3 unless
// more decimals are given, assertAllClose is 1e-6 relative and absolute.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

/** Keras's assertAlmostEqual: every |actual - expected| < 1.5 * 10^-decimal. */
function almost(actual: tf.Tensor, expected: number | number[], decimal = 3): void {
  const want = typeof expected === "number" ? [expected] : expected;
  const got = Array.from(actual.data());
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `[${i}]: ${g} vs ${want[i]}`).toBeLessThan(1.5 * 10 ** -decimal));
}

/** Keras's assertAllClose (atol = rtol = 1e-6), with looser bounds where Keras gives fewer digits. */
function allClose(actual: tf.Tensor, expected: number[], atol = 1e-6): void {
  const got = Array.from(actual.data());
  expect(got.length).toBe(expected.length);
  got.forEach((g, i) => expect(Math.abs(g - expected[i]), `[${i}]: ${g} vs ${expected[i]}`).toBeLessThanOrEqual(atol + 1e-6 * Math.abs(expected[i])));
}

const T = [[1, 9, 2], [-5, -2, 6]];
const P = tf.tensor([[4, 8, 12], [8, 1, 3]], [2, 3], "float32");
const T3 = tf.tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
const P3 = tf.tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
const STEPS = tf.tensor([3, 6, 5, 0, 4, 2], [2, 3]);
const COLUMN = [[1.2], [3.4]];

describe("MeanSquaredErrorTest", () => {
  const mse = tf.losses.meanSquaredError;
  it("all correct, unweighted, scalar, sample and timestep weighted, zero weighted", () => {
    almost(mse()([[4, 8, 12], [8, 1, 3]], [[4, 8, 12], [8, 1, 3]]), 0);
    almost(mse()(T, P), 49.5);
    almost(mse()(T, P, 2.3), 113.85);
    almost(mse()(T, P, COLUMN), 767.8 / 6);
    almost(mse()(T3, P3, STEPS), 97.833336);
    almost(mse()(T, P, 0), 0);
  });
  it("base function reduction: labels [3] against predictions [3,1] give 3 per-sample losses", () => {
    expect(mse({ reduction: "none" })([4, 8, 12], [[3], [0], [1]]).shape).toEqual([3]);
  });
  it("no reduction, sum, mean_with_sample_weight", () => {
    almost(mse({ reduction: null })(T, P, 2.3), [84.3333, 143.3666]);
    almost(mse({ reduction: "sum" })(T, P, 2.3), 227.69998);
    almost(mse({ reduction: "mean_with_sample_weight" })(T, P, COLUMN), ((110 / 3) * 1.2 + (187 / 3) * 3.4) / (1.2 + 3.4));
  });
});

describe("MeanAbsoluteErrorTest", () => {
  const mae = tf.losses.meanAbsoluteError;
  it("every case", () => {
    almost(mae()([[4, 8, 12], [8, 1, 3]], [[4, 8, 12], [8, 1, 3]]), 0);
    almost(mae()(T, P), 5.5);
    almost(mae()(T, P, 2.3), 12.65);
    almost(mae()(T, P, COLUMN), 81.4 / 6);
    almost(mae()(T3, P3, STEPS), 13.833333);
    almost(mae()(T, P, 0), 0);
    almost(mae({ reduction: null })(T, P, 2.3), [10.7333, 14.5666]);
    almost(mae({ reduction: "sum" })(T, P, 2.3), 25.29999);
    almost(mae({ reduction: "mean_with_sample_weight" })(T, P, COLUMN), ((14 / 3) * 1.2 + (19 / 3) * 3.4) / (1.2 + 3.4));
  });
});

describe("MeanAbsolutePercentageErrorTest and MeanSquaredLogarithmicErrorTest", () => {
  it("mape", () => {
    const mape = tf.losses.meanAbsolutePercentageError;
    almost(mape()(T, P), 211.8518);
    almost(mape()(T, P, 2.3), 487.259);
    almost(mape()(T, P, COLUMN), 422.8888);
    almost(mape()(T3, P3, STEPS), 694.4444);
    almost(mape({ reduction: null })(T, P, 2.3), [621.8518, 352.6666]);
    almost(mape({ reduction: "mean_with_sample_weight" })(T, P, COLUMN), 183.865);
  });
  it("msle", () => {
    const msle = tf.losses.meanSquaredLogarithmicError;
    almost(msle()(T, P), 1.437);
    almost(msle()(T, P, 2.3), 3.3051);
    almost(msle()(T, P, COLUMN), 3.7856);
    almost(msle()(T3, P3, STEPS), 2.647374);
    almost(msle({ reduction: "mean_with_sample_weight" })(T, P, COLUMN), 1.646);
  });
});

describe("HingeTest, SquaredHingeTest, CategoricalHingeTest", () => {
  const t = [[0, 1], [0, 0]];
  const p = [[0.6, 0.4], [0.4, 0.6]];
  const cases = [
    { loss: tf.losses.hinge, mean: 1.3, sum: 2.6, none: [1.1, 1.5], weightedMean: 0.55, weightedSum: 1.1, weightedNone: [1.1, 0] },
    { loss: tf.losses.squaredHinge, mean: 1.86, sum: 3.72, none: [1.46, 2.26], weightedMean: 0.73, weightedSum: 1.46, weightedNone: [1.46, 0] },
    { loss: tf.losses.categoricalHinge, mean: 1.4, sum: 2.8, none: [1.2, 1.6], weightedMean: 0.6, weightedSum: 1.2, weightedNone: [1.2, 0] },
  ];
  for (const c of cases) {
    it(c.loss.name, () => {
      almost(c.loss({ reduction: "sum_over_batch_size" })(t, p), c.mean);
      almost(c.loss({ reduction: "sum" })(t, p), c.sum);
      allClose(c.loss({ reduction: null })(t, p), c.none);
      almost(c.loss()(t, p, [1, 0]), c.weightedMean);
      almost(c.loss({ reduction: "sum" })(t, p, [1, 0]), c.weightedSum);
      almost(c.loss({ reduction: null })(t, p, [1, 0]), c.weightedNone);
      expect(c.loss()(t, p, 0).item()).toBe(0);
      expect(() => c.loss({ reduction: "abc" as tf.losses.Reduction })).toThrow(/Invalid value for argument/);
    });
  }
});

describe("docstring examples", () => {
  it("huber 0.155, logCosh 0.108, cosineSimilarity per sample, kl and poisson shapes", () => {
    almost(tf.losses.huber()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]), 0.155);
    almost(tf.losses.logCosh()([[0, 1], [0, 0]], [[1, 1], [0, 0]]), 0.108);
    const cos = tf.losses.cosineSimilarity({ reduction: "none" })([[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]]);
    allClose(cos, [0, -0.99999994, 0.99999994]);
  });
  it("binary_crossentropy [0.916, 0.714]; categorical_crossentropy [0.0513, 2.303]", () => {
    almost(tf.losses.binaryCrossentropy({ reduction: "none" })([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]), [0.916, 0.714]);
    const p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
    almost(tf.losses.categoricalCrossentropy({ reduction: "none" })([[0, 1, 0], [0, 0, 1]], p), [0.0513, 2.303]);
    almost(tf.losses.sparseCategoricalCrossentropy({ reduction: "none" })([1, 2], p), [0.0513, 2.303]);
  });
  it("SparseCategoricalCrossentropy class docstring: 1.177, weighted 0.814, sum 2.354", () => {
    const p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
    almost(tf.losses.sparseCategoricalCrossentropy()([1, 2], p), 1.177);
    almost(tf.losses.sparseCategoricalCrossentropy()([1, 2], p, [0.3, 0.7]), 0.814);
    almost(tf.losses.sparseCategoricalCrossentropy({ reduction: "sum" })([1, 2], p), 2.354);
  });
  it("the TensorFlow backend's categorical_crossentropy: [0.10536, 0.11653, 0.06188]", () => {
    const a = tf.eye(3);
    const b = [[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]];
    almost(tf.losses.categoricalCrossentropy({ reduction: "none" })(a, b), [0.10536, 0.11653, 0.06188], 5);
    almost(tf.losses.categoricalCrossentropy({ reduction: "none" })(a, a), [0, 0, 0], 5);
  });
  it("BinaryCrossentropy from logits: 0.8654 for one row of 4 and for two rows of 2", () => {
    almost(tf.losses.binaryCrossentropy({ fromLogits: true })([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]), 0.8654);
    almost(tf.losses.binaryCrossentropy({ fromLogits: true })([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]]), 0.8654);
  });
});

describe("BinaryCrossentropyTest", () => {
  const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const logits = [[10, -10, 10], [10, 10, -10]];
  const t = [[1, 0, 1], [0, 1, 1]];
  const t22 = [[1, 0], [1, 0]];
  const p22 = [[1, 1], [1, 0]];
  it("all correct, from probabilities and from logits", () => {
    almost(tf.losses.binaryCrossentropy()(eye, eye), 0);
    const sure = [[10, -10, -10], [-10, 10, -10], [-10, -10, 10]];
    almost(tf.losses.binaryCrossentropy({ fromLogits: true })(eye, sure), 0);
  });
  it("unweighted, scalar weighted, sample weighted, no reduction, label smoothing", () => {
    const bce = tf.losses.binaryCrossentropy();
    const logit = tf.losses.binaryCrossentropy({ fromLogits: true });
    allClose(bce(eye, [[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]]), [0.20046903]);
    almost(bce(t22, p22), 3.98559);
    almost(logit(t, logits), 3.3333);
    almost(bce(t22, p22, 2.3), 9.1668);
    almost(logit(t, logits, 2.3), 7.666);
    almost(bce(t22, p22, COLUMN), 4.7827);
    almost(logit(t, logits, [4, 3]), 10.0);
    allClose(tf.losses.binaryCrossentropy({ fromLogits: true, reduction: null })(t, logits), [0, 6.666], 1e-3);
    const smoothed = tf.losses.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    almost(smoothed([[1, 0, 1]], [[10, -10, -10]]), (10 + 5 * 0.1) / 3);
  });
  it("shape mismatch", () => {
    expect(() => tf.losses.binaryCrossentropy()([[0], [1], [2]], [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])).toThrow(
      /must have the same shape/,
    );
  });
});

describe("CategoricalCrossentropyTest and SparseCategoricalCrossentropyTest", () => {
  const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const p = tf.tensor([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], [3, 3], "float32");
  const logits = [[8, 1, 1], [0, 9, 1], [2, 3, 5]];
  const weights = [[1.2], [3.4], [5.6]];
  const cases = [
    { name: "categorical", labels: eye, make: tf.losses.categoricalCrossentropy },
    { name: "sparse, labels [3]", labels: [0, 1, 2], make: tf.losses.sparseCategoricalCrossentropy },
    { name: "sparse, labels [3,1]", labels: [[0], [1], [2]], make: tf.losses.sparseCategoricalCrossentropy },
  ];
  for (const c of cases) {
    it(`${c.name}: all correct, unweighted, scalar and sample weighted, no reduction`, () => {
      const probs = c.make();
      const fromLogits = c.make({ fromLogits: true });
      almost(probs(c.labels, eye), 0);
      almost(fromLogits(c.labels, [[10, 0, 0], [0, 10, 0], [0, 0, 10]]), 0);
      almost(probs(c.labels, p), 0.3239);
      almost(fromLogits(c.labels, logits), 0.0573);
      almost(probs(c.labels, p, 2.3), 0.7449);
      almost(fromLogits(c.labels, logits, 2.3), 0.1317);
      almost(probs(c.labels, p, weights), 1.0696);
      almost(fromLogits(c.labels, logits, weights), 0.31829);
      allClose(c.make({ fromLogits: true, reduction: null })(c.labels, logits), [0.001822, 0.000459, 0.169846], 2e-6);
    });
  }
  it("label smoothing, with logits of +-100, and along axis 1", () => {
    const cce = tf.losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    almost(cce([[1, 0, 0]], [[100, -100, -100]]), (400 * 0.1) / 3);
    const yTrue = [[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]];
    const yPred = [[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]], [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]];
    // -sum(smoothed * log(yPred)) along axis 1, averaged: each column holds one 0.8 at a label.
    const s = 0.1;
    const perColumn = -((1 - s + s / 3) * Math.log(0.8) + (s / 3) * Math.log(0.1) * 2);
    almost(tf.losses.categoricalCrossentropy({ labelSmoothing: s, axis: 1 })(yTrue, yPred), perColumn, 5);
  });
  it("shape mismatch", () => {
    expect(() => tf.losses.categoricalCrossentropy()([[0], [1], [2]], p)).toThrow(/must have the same shape/);
  });
  it("ignore_class: [[-1, 2]] against one row of two logit vectors gives [[0, 1.480129]]", () => {
    const loss = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: null });
    const logitsRow = [[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]];
    allClose(loss([[-1, 2]], logitsRow), [0, 1.480129]);
    allClose(loss([[[-1], [2]]], logitsRow), [0, 1.480129]);
    expect(loss([[-1, 2]], logitsRow).shape).toEqual([1, 2]);
  });
  it("binary segmentation: exact probabilities give 0; two wrong pixels give their mean over 16", () => {
    const yTrue = [[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]];
    const exact = yTrue.map((row) => row.map((k) => (k === 0 ? [1, 0] : [0, 1])));
    allClose(tf.losses.sparseCategoricalCrossentropy()(yTrue, exact), [0]);
    const off = exact.map((row) => row.map((v) => v.slice()));
    off[0][3] = [0.2, 0.8];
    off[3][3] = [0.6, 0.4];
    allClose(tf.losses.sparseCategoricalCrossentropy()(yTrue, off), [(-Math.log(0.2) - Math.log(0.4)) / 16]);
  });
});
