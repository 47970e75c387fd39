// Every loss against its float64 reference: float32 and float64, every reduction, no weights,
// per-sample weights, a [batch,1] weight column and a scalar weight, from logits and from
// probabilities, with label smoothing, rank alignment and several shapes.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as R from "../reference/losses.js";
import { expectClose } from "../util/close.js";
import { randomValues, sizeOf } from "../util/reference.js";

type Make = (options: { reduction: tf.losses.Reduction }) => tf.losses.LossFunction;
type Values = (n: number, seed: number) => number[];

interface Row {
  name: string;
  make: Make;
  ref: (f32: boolean) => R.LossRef;
  trueShape: number[];
  predShape: number[];
  labels: Values;
  preds: Values;
  /** dtype of the labels when not the predictions' (int32 class indices). */
  labelDType?: "int32";
}

const uniform =
  (lo: number, hi: number): Values =>
  (n, seed) =>
    randomValues(n, seed, lo, hi);
const integers =
  (k: number): Values =>
  (n, seed) =>
    randomValues(n, seed, 0, k).map(Math.floor);
const signs: Values = (n, seed) => randomValues(n, seed).map((x) => (x < 0 ? -1 : 1));
/** One-hot rows of `classes` entries. */
const oneHot =
  (classes: number): Values =>
  (n, seed) => {
    const picks = integers(classes)(n / classes, seed);
    return Array.from({ length: n }, (_, i) => (picks[Math.floor(i / classes)] === i % classes ? 1 : 0));
  };
/** Rows of `classes` positive entries summing to 1. */
const distributions =
  (classes: number): Values =>
  (n, seed) => {
    const raw = randomValues(n, seed, 0.05, 1);
    return raw.map((x, i) => {
      const row = Math.floor(i / classes) * classes;
      let s = 0;
      for (let j = 0; j < classes; j++) s += raw[row + j];
      return x / s;
    });
  };

const plain = (make: (o: { reduction: tf.losses.Reduction }) => tf.losses.LossFunction, ref: R.LossRef) => ({
  make,
  ref: () => ref,
});

const rows: Row[] = [
  { name: "meanSquaredError [4,3]", ...plain(tf.losses.meanSquaredError, R.mse), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanSquaredError labels [5] against predictions [5,1]", ...plain(tf.losses.meanSquaredError, R.mse), trueShape: [5], predShape: [5, 1], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanSquaredError labels [2,3,1] against predictions [2,3]", ...plain(tf.losses.meanSquaredError, R.mse), trueShape: [2, 3, 1], predShape: [2, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanSquaredError broadcast labels [1,4] against [3,4]", ...plain(tf.losses.meanSquaredError, R.mse), trueShape: [1, 4], predShape: [3, 4], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanSquaredError rank 3", ...plain(tf.losses.meanSquaredError, R.mse), trueShape: [2, 3, 4], predShape: [2, 3, 4], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanAbsoluteError", ...plain(tf.losses.meanAbsoluteError, R.mae), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "meanAbsolutePercentageError", ...plain(tf.losses.meanAbsolutePercentageError, R.mape), trueShape: [4, 3], predShape: [4, 3], labels: uniform(0.5, 3), preds: uniform(-2, 2) },
  { name: "meanSquaredLogarithmicError", ...plain(tf.losses.meanSquaredLogarithmicError, R.msle), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-0.5, 3), preds: uniform(-0.5, 3) },
  { name: "huber delta 1", ...plain((o) => tf.losses.huber(o), R.huber(1)), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "huber delta 0.5", ...plain((o) => tf.losses.huber({ ...o, delta: 0.5 }), R.huber(0.5)), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "logCosh", ...plain(tf.losses.logCosh, R.logCosh), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-3, 3), preds: uniform(-3, 3) },
  { name: "poisson", ...plain(tf.losses.poisson, R.poisson), trueShape: [4, 3], predShape: [4, 3], labels: integers(4), preds: uniform(0.1, 4) },
  { name: "klDivergence", ...plain(tf.losses.klDivergence, R.kld), trueShape: [4, 3], predShape: [4, 3], labels: distributions(3), preds: distributions(3) },
  { name: "kld (alias) with a zero label", ...plain(tf.losses.kld, R.kld), trueShape: [4, 3], predShape: [4, 3], labels: oneHot(3), preds: distributions(3) },
  { name: "cosineSimilarity", ...plain(tf.losses.cosineSimilarity, R.cosineSimilarity()), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "cosineSimilarity axis 0", ...plain((o) => tf.losses.cosineSimilarity({ ...o, axis: 0 }), R.cosineSimilarity(0)), trueShape: [4, 3], predShape: [4, 3], labels: uniform(-2, 2), preds: uniform(-2, 2) },
  { name: "hinge, labels in {0,1}", ...plain(tf.losses.hinge, R.hinge), trueShape: [4, 3], predShape: [4, 3], labels: integers(2), preds: uniform(-2, 2) },
  { name: "hinge, labels in {-1,1}", ...plain(tf.losses.hinge, R.hinge), trueShape: [4, 3], predShape: [4, 3], labels: signs, preds: uniform(-2, 2) },
  { name: "hinge, labels neither", ...plain(tf.losses.hinge, R.hinge), trueShape: [4, 3], predShape: [4, 3], labels: integers(3), preds: uniform(-2, 2) },
  { name: "squaredHinge", ...plain(tf.losses.squaredHinge, R.squaredHinge), trueShape: [4, 3], predShape: [4, 3], labels: integers(2), preds: uniform(-2, 2) },
  { name: "categoricalHinge", ...plain(tf.losses.categoricalHinge, R.categoricalHinge), trueShape: [4, 3], predShape: [4, 3], labels: oneHot(3), preds: uniform(-2, 2) },
  {
    name: "binaryCrossentropy from probabilities",
    make: tf.losses.binaryCrossentropy,
    ref: (f32) => R.binaryCrossentropy({ f32 }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: integers(2),
    preds: uniform(0.02, 0.98),
  },
  {
    name: "binaryCrossentropy from probabilities, soft labels, [5] against [5,1]",
    make: tf.losses.binaryCrossentropy,
    ref: (f32) => R.binaryCrossentropy({ f32 }),
    trueShape: [5],
    predShape: [5, 1],
    labels: uniform(0, 1),
    preds: uniform(0.02, 0.98),
  },
  {
    name: "binaryCrossentropy from logits",
    make: (o) => tf.losses.binaryCrossentropy({ ...o, fromLogits: true }),
    ref: () => R.binaryCrossentropy({ fromLogits: true }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: integers(2),
    preds: uniform(-6, 6),
  },
  {
    name: "binaryCrossentropy from logits, label smoothing 0.2, axis 0",
    make: (o) => tf.losses.binaryCrossentropy({ ...o, fromLogits: true, labelSmoothing: 0.2, axis: 0 }),
    ref: () => R.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2, axis: 0 }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: integers(2),
    preds: uniform(-6, 6),
  },
  {
    name: "binaryCrossentropy from probabilities, label smoothing 0.1",
    make: (o) => tf.losses.binaryCrossentropy({ ...o, labelSmoothing: 0.1 }),
    ref: (f32) => R.binaryCrossentropy({ labelSmoothing: 0.1, f32 }),
    trueShape: [2, 3, 2],
    predShape: [2, 3, 2],
    labels: integers(2),
    preds: uniform(0.02, 0.98),
  },
  {
    name: "categoricalCrossentropy from probabilities",
    make: tf.losses.categoricalCrossentropy,
    ref: (f32) => R.categoricalCrossentropy({ f32 }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: oneHot(3),
    preds: distributions(3),
  },
  {
    name: "categoricalCrossentropy from unnormalized probabilities",
    make: tf.losses.categoricalCrossentropy,
    ref: (f32) => R.categoricalCrossentropy({ f32 }),
    trueShape: [4, 5],
    predShape: [4, 5],
    labels: distributions(5),
    preds: uniform(0.05, 1),
  },
  {
    name: "categoricalCrossentropy from logits",
    make: (o) => tf.losses.categoricalCrossentropy({ ...o, fromLogits: true }),
    ref: () => R.categoricalCrossentropy({ fromLogits: true }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: oneHot(3),
    preds: uniform(-5, 5),
  },
  {
    name: "categoricalCrossentropy from logits, label smoothing 0.1",
    make: (o) => tf.losses.categoricalCrossentropy({ ...o, fromLogits: true, labelSmoothing: 0.1 }),
    ref: () => R.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    trueShape: [4, 3],
    predShape: [4, 3],
    labels: oneHot(3),
    preds: uniform(-5, 5),
  },
  {
    name: "categoricalCrossentropy from probabilities, axis 1 of rank 3, smoothing 0.3",
    make: (o) => tf.losses.categoricalCrossentropy({ ...o, axis: 1, labelSmoothing: 0.3 }),
    ref: (f32) => R.categoricalCrossentropy({ axis: 1, labelSmoothing: 0.3, f32 }),
    trueShape: [2, 3, 2],
    predShape: [2, 3, 2],
    labels: uniform(0, 1),
    preds: uniform(0.05, 1),
  },
  {
    name: "sparseCategoricalCrossentropy from probabilities, float labels",
    make: tf.losses.sparseCategoricalCrossentropy,
    ref: (f32) => R.sparseCategoricalCrossentropy({ f32 }),
    trueShape: [4],
    predShape: [4, 3],
    labels: integers(3),
    preds: distributions(3),
  },
  {
    name: "sparseCategoricalCrossentropy from logits, int32 labels",
    make: (o) => tf.losses.sparseCategoricalCrossentropy({ ...o, fromLogits: true }),
    ref: () => R.sparseCategoricalCrossentropy({ fromLogits: true }),
    trueShape: [6],
    predShape: [6, 5],
    labels: integers(5),
    preds: uniform(-5, 5),
    labelDType: "int32",
  },
  {
    name: "sparseCategoricalCrossentropy from logits, labels [4,1]",
    make: (o) => tf.losses.sparseCategoricalCrossentropy({ ...o, fromLogits: true }),
    ref: () => R.sparseCategoricalCrossentropy({ fromLogits: true }),
    trueShape: [4, 1],
    predShape: [4, 3],
    labels: integers(3),
    preds: uniform(-5, 5),
  },
  {
    name: "sparseCategoricalCrossentropy from logits, segmentation [2,3] against [2,3,4]",
    make: (o) => tf.losses.sparseCategoricalCrossentropy({ ...o, fromLogits: true }),
    ref: () => R.sparseCategoricalCrossentropy({ fromLogits: true }),
    trueShape: [2, 3],
    predShape: [2, 3, 4],
    labels: integers(4),
    preds: uniform(-5, 5),
    labelDType: "int32",
  },
  {
    name: "sparseCategoricalCrossentropy from logits, ignoreClass -1",
    make: (o) => tf.losses.sparseCategoricalCrossentropy({ ...o, fromLogits: true, ignoreClass: -1 }),
    ref: () => R.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 }),
    trueShape: [2, 4],
    predShape: [2, 4, 3],
    labels: (n, seed) => integers(4)(n, seed).map((x) => x - 1),
    preds: uniform(-5, 5),
    labelDType: "int32",
  },
  {
    name: "sparseCategoricalCrossentropy from probabilities, ignoreClass 2",
    make: (o) => tf.losses.sparseCategoricalCrossentropy({ ...o, ignoreClass: 2 }),
    ref: (f32) => R.sparseCategoricalCrossentropy({ ignoreClass: 2, f32 }),
    trueShape: [5],
    predShape: [5, 3],
    labels: integers(3),
    preds: distributions(3),
  },
];

const REDUCTIONS: tf.losses.Reduction[] = ["sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"];
const DTYPES = ["float32", "float64"] as const;

/** Weight variants for per-sample losses of `shape`: none, one per sample, a [batch,1] column, a scalar. */
function weightVariants(shape: number[]): [string, R.Arr | null][] {
  const variants: [string, R.Arr | null][] = [["no weights", null]];
  const perSample = randomValues(sizeOf(shape), 99, 0, 2).map((w, i) => (i % 3 === 1 ? 0 : w));
  variants.push(["per-sample weights", { shape, values: perSample }]);
  if (shape.length === 1) variants.push(["a [batch,1] weight column", { shape: [shape[0], 1], values: perSample }]);
  variants.push(["a scalar weight", { shape: [], values: [2.3] }]);
  return variants;
}

const round = (dtype: string, xs: number[]): number[] => (dtype === "float32" ? xs.map(Math.fround) : xs);

describe("losses against the float64 reference", () => {
  for (const row of rows) {
    for (const dtype of DTYPES) {
      it(`${row.name}, ${dtype}: every reduction and weighting`, () => {
        const labels = round(dtype, row.labels(sizeOf(row.trueShape), 11));
        const preds = round(dtype, row.preds(sizeOf(row.predShape), 12));
        const yTrue = tf.tensor(labels, row.trueShape, row.labelDType ?? dtype);
        const yPred = tf.tensor(preds, row.predShape, dtype);
        const ref = row.ref(dtype === "float32");
        const t = { shape: row.trueShape, values: labels };
        const p = { shape: row.predShape, values: preds };
        const perSampleShape = ref(t, p).out.shape;
        const tol = dtype === "float32" ? { rtol: 3e-5, atol: 3e-6 } : { rtol: 1e-11, atol: 1e-12 };
        for (const reduction of REDUCTIONS) {
          const loss = row.make({ reduction });
          for (const [what, weights] of weightVariants(perSampleShape)) {
            const expected = R.lossRef(ref, t, p, weights, reduction);
            const w = weights === null ? undefined : tf.tensor(round(dtype, weights.values), weights.shape, dtype);
            const got = loss(yTrue, yPred, w);
            expect(got.shape, `${reduction}, ${what}: shape`).toEqual(expected.shape);
            expect(got.dtype).toBe(dtype);
            const scale = Math.max(1, ...expected.values.map(Math.abs));
            try {
              expectClose(got.data(), expected.values, { rtol: tol.rtol, atol: tol.atol * scale });
            } catch (e) {
              throw new Error(`${reduction}, ${what}: ${(e as Error).message}`);
            }
          }
        }
      });
    }
  }
});

describe("defaults and conversions", () => {
  it("the default reduction is sum_over_batch_size, and null means none", () => {
    const t = [[0, 1], [1, 0]];
    const p = [[0.3, 0.6], [0.8, 0.1]];
    const perSample = tf.losses.meanSquaredError({ reduction: null })(t, p);
    expect(perSample.shape).toEqual([2]);
    const values = Array.from(perSample.data());
    expect(tf.losses.meanSquaredError()(t, p).item()).toBeCloseTo((values[0] + values[1]) / 2, 7);
  });

  it("int and bool predictions are computed in float32; numbers take the predictions' dtype", () => {
    const got = tf.losses.meanAbsoluteError()(tf.tensor([1, 2, 3], [3], "int32"), tf.tensor([2, 2, 5], [3], "int32"));
    expect(got.dtype).toBe("float32");
    expect(got.item()).toBeCloseTo(1, 7);
    const bools = tf.losses.binaryCrossentropy()(tf.tensor([1, 0], [2], "bool"), tf.tensor([0.9, 0.2], [2], "float64"));
    expect(bools.dtype).toBe("float64");
    expect(bools.item()).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });

  it("Variables work as labels and predictions, and the function is named after the loss", () => {
    const v = new tf.Variable([[2, 0]]);
    const loss = tf.losses.meanSquaredError();
    expect(loss(v, [[0, 0]]).item()).toBe(2);
    expect(loss.name).toBe("meanSquaredError");
    expect(tf.losses.huber({ name: "h" }).name).toBe("h");
  });

  it("an empty batch has a loss of 0 for the averaging reductions and the sum", () => {
    for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight"] as const) {
      const got = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true, reduction })(tf.zeros([0], "int32"), tf.zeros([0, 3]));
      expect(got.shape).toEqual([]);
      expect(got.item()).toBe(0);
    }
    expect(tf.losses.meanSquaredError({ reduction: "none" })(tf.zeros([0, 2]), tf.zeros([0, 2])).shape).toEqual([0]);
  });

  it("ignoreClass with every label ignored gives 0 (nothing to average)", () => {
    const loss = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 7 });
    expect(loss([7, 7], [[1, 2], [3, 4]]).item()).toBe(0);
  });
});
