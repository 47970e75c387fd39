// The per-sample accuracy functions against float64 references, Keras's test values, and their errors.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as R from "../reference/metrics.js";
import { randomValues, sizeOf } from "../util/reference.js";

const DTYPES = ["float32", "float64"] as const;

function expectMatches(got: tf.Tensor, expected: { shape: number[]; values: number[] }): void {
  expect(got.dtype).toBe("float32");
  expect(got.shape).toEqual(expected.shape);
  expect(Array.from(got.data())).toEqual(expected.values);
}

const ints = (n: number, seed: number, k: number) => randomValues(n, seed, 0, k).map(Math.floor);

describe("accuracy functions against the reference", () => {
  for (const dtype of DTYPES) {
    it(`accuracy, ${dtype}: equal shapes, [n] against [n,1], broadcasting`, () => {
      for (const [ts, ps] of [[[4, 3], [4, 3]], [[6], [6, 1]], [[6, 1], [6]], [[1, 3], [4, 3]]]) {
        const t = ints(sizeOf(ts), 1, 3);
        const p = ints(sizeOf(ps), 2, 3);
        expectMatches(tf.metrics.accuracy(tf.tensor(t, ts, dtype), tf.tensor(p, ps, dtype)), R.accuracy({ shape: ts, values: t }, { shape: ps, values: p }));
      }
    });

    it(`binaryAccuracy, ${dtype}: thresholds 0.5 (default), 0.3 and as an option; predictions equal to the threshold are 0`, () => {
      const t = ints(12, 3, 2);
      const p = randomValues(12, 4, 0, 1);
      p[0] = 0.5;
      for (const threshold of [undefined, 0.3]) {
        const want = R.binaryAccuracy({ shape: [4, 3], values: t }, { shape: [4, 3], values: p.map((x) => (dtype === "float32" ? Math.fround(x) : x)) }, threshold ?? 0.5);
        expectMatches(tf.metrics.binaryAccuracy(tf.tensor(t, [4, 3], dtype), tf.tensor(p, [4, 3], dtype), threshold), want);
        expectMatches(tf.metrics.binaryAccuracy(tf.tensor(t, [4, 3], dtype), tf.tensor(p, [4, 3], dtype), { threshold }), want);
      }
    });

    it(`categoricalAccuracy and sparseCategoricalAccuracy, ${dtype}, rank 2 and 3`, () => {
      for (const shape of [[5, 4], [2, 3, 4]]) {
        const rows = shape.slice(0, -1);
        const classes = shape[shape.length - 1];
        const labels = ints(sizeOf(rows), 5, classes);
        const oneHot = labels.flatMap((k) => Array.from({ length: classes }, (_, j) => (j === k ? 1 : 0)));
        const p = randomValues(sizeOf(shape), 6);
        const pRef = { shape, values: dtype === "float32" ? p.map(Math.fround) : p };
        const yPred = tf.tensor(p, shape, dtype);
        expectMatches(tf.metrics.categoricalAccuracy(tf.tensor(oneHot, shape, dtype), yPred), R.categoricalAccuracy({ shape, values: oneHot }, pRef));
        const sparse = R.sparseCategoricalAccuracy({ shape: rows, values: labels }, pRef);
        expectMatches(tf.metrics.sparseCategoricalAccuracy(tf.tensor(labels, rows, "int32"), yPred), sparse);
        expectMatches(tf.metrics.sparseCategoricalAccuracy(tf.tensor(labels, [...rows, 1], dtype), yPred), sparse);
      }
    });
  }

  it("ties in predictions go to the first class, as argmax does", () => {
    expectMatches(tf.metrics.sparseCategoricalAccuracy([0, 1], [[0.5, 0.5], [0.5, 0.5]]), { shape: [2], values: [1, 0] });
    expectMatches(tf.metrics.categoricalAccuracy([[0, 1]], [[0.2, 0.2]]), { shape: [1], values: [0] });
  });

  it("bool labels and predictions, int predictions", () => {
    expectMatches(tf.metrics.binaryAccuracy(tf.tensor([true, false, true], [3], "bool"), tf.tensor([true, true, false], [3], "bool")), { shape: [3], values: [1, 0, 0] });
    expectMatches(tf.metrics.accuracy([1, 2, 3], tf.tensor([1, 0, 3], [3], "int32")), { shape: [3], values: [1, 0, 1] });
  });
});

describe("Keras's accuracy function examples", () => {
  it("accuracy and binary_accuracy", () => {
    expectMatches(tf.metrics.accuracy([[1], [2], [3], [4]], [[0], [2], [3], [4]]), { shape: [4, 1], values: [0, 1, 1, 1] });
    expectMatches(tf.metrics.binaryAccuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]), { shape: [4, 1], values: [1, 1, 1, 0] });
    expectMatches(tf.metrics.binaryAccuracy([1, 1, 0, 0], [[0.98], [1], [0], [0.6]]), { shape: [4, 1], values: [1, 1, 1, 0] });
  });
  it("categorical_accuracy and sparse_categorical_accuracy", () => {
    expectMatches(tf.metrics.categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), { shape: [2], values: [0, 1] });
    expectMatches(tf.metrics.sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]), { shape: [2], values: [0, 1] });
    // Labels [2,1] against predictions [1,2,3]: the matches broadcast to [2,2].
    expectMatches(tf.metrics.sparseCategoricalAccuracy([[0], [0]], [[[0.9, 0.1, 0.0], [0.8, 0.15, 0.05]]]), { shape: [2, 2], values: [1, 1, 1, 1] });
  });
});

describe("accuracy function errors", () => {
  it.each([
    ["accuracy shapes", () => tf.metrics.accuracy([1, 2, 3], [1, 2]), /accuracy: yTrue \[3\] does not match yPred \[2\]; give labels the predictions' shape/],
    ["binaryAccuracy threshold", () => tf.metrics.binaryAccuracy([1], [1], { threshold: "x" as never }), /binaryAccuracy: threshold must be a finite number/],
    ["binaryAccuracy option name", () => tf.metrics.binaryAccuracy([1], [1], { thresh: 1 } as never), /binaryAccuracy: unknown option "thresh"/],
    ["categorical shapes", () => tf.metrics.categoricalAccuracy([[0, 1], [1, 0], [1, 0]], [[0, 1], [1, 0]]), /categoricalAccuracy: yTrue \[3,2\] does not match yPred \[2,2\]/],
    ["categorical scalars", () => tf.metrics.categoricalAccuracy(1, 1), /categoricalAccuracy: yTrue must have a class axis/],
    ["sparse shapes", () => tf.metrics.sparseCategoricalAccuracy([0, 1, 2], [[0, 1], [1, 0]]), /sparseCategoricalAccuracy: yTrue \[3\] does not match yPred \[2,2\]; give one class index per row/],
    ["sparse no classes", () => tf.metrics.sparseCategoricalAccuracy(tf.zeros([2]), tf.zeros([2, 0])), /sparseCategoricalAccuracy: yPred \[2,0\] has no classes/],
  ] as const)("%s", (_, thunk, message) => {
    expect(thunk).toThrow(message);
    expect(Array.from(tf.metrics.sparseCategoricalAccuracy([1], [[0, 1]]).data())).toEqual([1]);
  });
});
