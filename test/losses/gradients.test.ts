// Gradients of every loss with respect to the predictions (probabilities or logits), and for some
// with respect to labels and sample weights: first order against central differences of the float64
// reference, second order (H v) through nested tapes. Piecewise-linear losses have H v = 0.
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import * as R from "../reference/losses.js";
import { awayFrom, checkGradients, type GradCase } from "../util/gradcheck.js";
import { randomValues, sizeOf } from "../util/reference.js";

type Make = () => tf.losses.LossFunction;
const S = [3, 4];
const N = sizeOf(S);

/** A case differentiating the loss with respect to yPred, with fixed labels (and weights). */
function wrtPred(
  make: Make,
  ref: R.LossRef,
  labels: { shape: number[]; values: number[] },
  predShape: number[],
  preds: number[],
  options: { weights?: R.Arr; reduction?: R.Reduction; secondOrder?: GradCase["secondOrder"] } = {},
): GradCase {
  const loss = make();
  const yTrue = tf.keep(tf.tensor(labels.values, labels.shape, "float64"));
  const w = options.weights;
  const weights = w === undefined ? undefined : tf.keep(tf.tensor(w.values, w.shape, "float64"));
  return {
    run: (p) => loss(yTrue, p, weights),
    ref: ([p]) => R.lossRef(ref, labels, { shape: predShape, values: p }, w ?? null, options.reduction ?? "sum_over_batch_size").values,
    shapes: [predShape],
    values: [preds],
    secondOrder: options.secondOrder,
  };
}

const labels = (values: number[], shape = S) => ({ shape, values });
const reals = randomValues(N, 1, -2, 2);
const offsets = (kinks: number[], seed: number) => awayFrom(kinks, N, seed, -2, 2, 0.05);
const plus = (a: number[], b: number[]) => a.map((x, i) => x + b[i]);
const binary = randomValues(N, 2).map((x) => (x < 0 ? 0 : 1));
const oneHot = (rows: number, classes: number, seed: number) => {
  const picks = randomValues(rows, seed, 0, classes).map(Math.floor);
  return Array.from({ length: rows * classes }, (_, i) => (picks[Math.floor(i / classes)] === i % classes ? 1 : 0));
};
const probabilities = (n: number, seed: number) => randomValues(n, seed, 0.05, 0.95);
const logits = (n: number, seed: number) => randomValues(n, seed, -3, 3);
const perSampleWeights: R.Arr = { shape: [3], values: [0.5, 2, 1.25] };

const L = tf.losses;
const rows: [string, () => GradCase][] = [
  ["meanSquaredError", () => wrtPred(L.meanSquaredError, R.mse, labels(reals), S, randomValues(N, 3, -2, 2))],
  ["meanSquaredError, sum, per-sample weights", () =>
    wrtPred(() => L.meanSquaredError({ reduction: "sum" }), R.mse, labels(reals), S, randomValues(N, 3, -2, 2), { weights: perSampleWeights, reduction: "sum" })],
  ["meanSquaredError, mean_with_sample_weight", () =>
    wrtPred(() => L.meanSquaredError({ reduction: "mean_with_sample_weight" }), R.mse, labels(reals), S, randomValues(N, 3, -2, 2), {
      weights: perSampleWeights,
      reduction: "mean_with_sample_weight",
    })],
  ["meanSquaredError, none", () =>
    wrtPred(() => L.meanSquaredError({ reduction: "none" }), R.mse, labels(reals), S, randomValues(N, 3, -2, 2), { reduction: "none" })],
  ["meanAbsoluteError", () => wrtPred(L.meanAbsoluteError, R.mae, labels(reals), S, plus(reals, offsets([0], 4)), { secondOrder: "zero" })],
  ["meanAbsolutePercentageError", () =>
    wrtPred(L.meanAbsolutePercentageError, R.mape, labels(randomValues(N, 5, 0.5, 2)), S, plus(randomValues(N, 5, 0.5, 2), offsets([0], 6)), {
      secondOrder: "zero",
    })],
  ["meanSquaredLogarithmicError", () =>
    wrtPred(L.meanSquaredLogarithmicError, R.msle, labels(randomValues(N, 7, 0, 3)), S, randomValues(N, 8, 0.1, 3))],
  ["huber", () => wrtPred(L.huber, R.huber(1), labels(reals), S, plus(reals, offsets([-1, 1], 9)))],
  ["huber delta 0.3", () => wrtPred(() => L.huber({ delta: 0.3 }), R.huber(0.3), labels(reals), S, plus(reals, offsets([-0.3, 0.3], 10)))],
  ["logCosh", () => wrtPred(L.logCosh, R.logCosh, labels(reals), S, randomValues(N, 11, -3, 3))],
  ["poisson", () => wrtPred(L.poisson, R.poisson, labels(randomValues(N, 12, 0, 3).map(Math.floor)), S, randomValues(N, 13, 0.2, 3))],
  ["klDivergence", () => wrtPred(L.klDivergence, R.kld, labels(probabilities(N, 14)), S, probabilities(N, 15))],
  ["cosineSimilarity", () => wrtPred(L.cosineSimilarity, R.cosineSimilarity(), labels(reals), S, randomValues(N, 16, -2, 2))],
  ["cosineSimilarity axis 0", () =>
    wrtPred(() => L.cosineSimilarity({ axis: 0 }), R.cosineSimilarity(0), labels(reals), S, randomValues(N, 17, -2, 2))],
  ["hinge", () => wrtPred(L.hinge, R.hinge, labels(binary), S, offsets([-1, 1], 18), { secondOrder: "zero" })],
  ["squaredHinge", () => wrtPred(L.squaredHinge, R.squaredHinge, labels(binary), S, offsets([-1, 1], 19))],
  ["categoricalHinge", () => wrtPred(L.categoricalHinge, R.categoricalHinge, labels(oneHot(3, 4, 20)), S, randomValues(N, 21, -2, 2), { secondOrder: "zero" })],
  ["binaryCrossentropy from probabilities", () => wrtPred(L.binaryCrossentropy, R.binaryCrossentropy(), labels(binary), S, probabilities(N, 22))],
  ["binaryCrossentropy from logits", () =>
    wrtPred(() => L.binaryCrossentropy({ fromLogits: true }), R.binaryCrossentropy({ fromLogits: true }), labels(binary), S, logits(N, 23))],
  ["binaryCrossentropy from logits at 0 and large logits", () =>
    wrtPred(() => L.binaryCrossentropy({ fromLogits: true }), R.binaryCrossentropy({ fromLogits: true }), labels(binary), S, [
      0, 0, 8, -8, 15, -15, 0.5, 0, -0.5, 3, -3, 0,
    ])],
  ["binaryCrossentropy from logits, smoothing 0.2, sum", () =>
    wrtPred(
      () => L.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2, reduction: "sum" }),
      R.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }),
      labels(binary),
      S,
      logits(N, 24),
      { reduction: "sum", weights: perSampleWeights },
    )],
  ["categoricalCrossentropy from probabilities", () =>
    wrtPred(L.categoricalCrossentropy, R.categoricalCrossentropy(), labels(oneHot(3, 4, 25)), S, probabilities(N, 26))],
  ["categoricalCrossentropy from logits", () =>
    wrtPred(() => L.categoricalCrossentropy({ fromLogits: true }), R.categoricalCrossentropy({ fromLogits: true }), labels(oneHot(3, 4, 27)), S, logits(N, 28))],
  ["categoricalCrossentropy from logits, smoothing 0.1, axis 0, none", () =>
    wrtPred(
      () => L.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: 0, reduction: "none" }),
      R.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: 0 }),
      labels(probabilities(N, 29)),
      S,
      logits(N, 30),
      { reduction: "none" },
    )],
  ["sparseCategoricalCrossentropy from probabilities", () =>
    wrtPred(L.sparseCategoricalCrossentropy, R.sparseCategoricalCrossentropy(), labels([0, 3, 1], [3]), S, probabilities(N, 31))],
  ["sparseCategoricalCrossentropy from logits, weighted", () =>
    wrtPred(
      () => L.sparseCategoricalCrossentropy({ fromLogits: true }),
      R.sparseCategoricalCrossentropy({ fromLogits: true }),
      labels([2, 0, 3], [3]),
      S,
      logits(N, 32),
      { weights: perSampleWeights },
    )],
  ["sparseCategoricalCrossentropy from logits, ignoreClass, rank 3", () =>
    wrtPred(
      () => L.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 }),
      R.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 }),
      labels([2, -1, 0, 1, 1, -1], [2, 3]),
      [2, 3, 3],
      logits(18, 33),
    )],
];

describe("loss gradients with respect to predictions (float64, first and second order)", () => {
  it.each(rows)("%s", (_, make) => checkGradients(make()));
});

describe("gradients with respect to labels and sample weights", () => {
  it("meanSquaredError with respect to yTrue and yPred together", () => {
    const loss = L.meanSquaredError();
    checkGradients({
      run: (t, p) => loss(t, p),
      ref: ([t, p], shapes) => R.lossRef(R.mse, { shape: shapes[0], values: t }, { shape: shapes[1], values: p }, null, "sum_over_batch_size").values,
      shapes: [S, S],
    });
  });

  it("categoricalCrossentropy from logits with respect to soft labels and logits", () => {
    const loss = L.categoricalCrossentropy({ fromLogits: true });
    checkGradients({
      run: (t, p) => loss(t, p),
      ref: ([t, p], shapes) =>
        R.lossRef(R.categoricalCrossentropy({ fromLogits: true }), { shape: shapes[0], values: t }, { shape: shapes[1], values: p }, null, "sum_over_batch_size")
          .values,
      shapes: [S, S],
      values: [probabilities(N, 40), logits(N, 41)],
    });
  });

  it("binaryCrossentropy from probabilities with respect to the sample weights (mean_with_sample_weight)", () => {
    const loss = L.binaryCrossentropy({ reduction: "mean_with_sample_weight" });
    const t = labels(binary);
    const p = probabilities(N, 42);
    const yTrue = tf.tensor(t.values, S, "float64");
    const yPred = tf.tensor(p, S, "float64");
    checkGradients({
      run: (w) => loss(yTrue, yPred, w),
      ref: ([w]) => R.lossRef(R.binaryCrossentropy(), t, { shape: S, values: p }, { shape: [3], values: w }, "mean_with_sample_weight").values,
      shapes: [[3]],
      domain: [0.5, 2],
    });
  });
});

describe("float32 first-order gradients", () => {
  const f32 = (c: GradCase): GradCase => ({ ...c, dtype: "float32" });
  const f32Rows: [string, () => GradCase][] = [
    ["sparseCategoricalCrossentropy from logits", () =>
      f32(wrtPred(() => L.sparseCategoricalCrossentropy({ fromLogits: true }), R.sparseCategoricalCrossentropy({ fromLogits: true }), labels([2, 0, 3], [3]), S, logits(N, 50)))],
    ["categoricalCrossentropy from logits", () =>
      f32(wrtPred(() => L.categoricalCrossentropy({ fromLogits: true }), R.categoricalCrossentropy({ fromLogits: true }), labels(oneHot(3, 4, 51)), S, logits(N, 52)))],
    ["binaryCrossentropy from probabilities", () =>
      f32(wrtPred(L.binaryCrossentropy, R.binaryCrossentropy({ f32: true }), labels(binary), S, probabilities(N, 53)))],
  ];
  it.each(f32Rows)("%s", (_, make) => checkGradients(make()));
});
