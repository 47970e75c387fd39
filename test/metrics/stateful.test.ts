// Stateful metrics: accumulation over several batches (with and without sample weights) against the
// float64 running reference, resetState, Keras's test values, the loss-backed metrics, state
// variables, tapes (updates are never recorded) and errors (the state is unchanged by a failed update).
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as LR from "../reference/losses.js";
import * as R from "../reference/metrics.js";
import { randomValues, sizeOf } from "../util/reference.js";

const close = (got: number, want: number, tol = 2e-6) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));

interface Batch {
  values: LR.Arr;
  weights: LR.Arr | null;
}

/** Batches of varied shapes and weightings, all with 4 samples. */
function batches(seed: number): Batch[] {
  const arr = (shape: number[], s: number, lo = -2, hi = 2): LR.Arr => ({ shape, values: randomValues(sizeOf(shape), s, lo, hi).map(Math.fround) });
  return [
    { values: arr([4], seed), weights: null },
    { values: arr([4, 3], seed + 1), weights: null },
    { values: arr([4], seed + 2), weights: arr([4], seed + 3, 0, 2) },
    { values: arr([4, 3], seed + 4), weights: arr([4], seed + 5, 0, 2) },
    { values: arr([4, 3], seed + 6), weights: arr([4, 3], seed + 7, 0, 2) },
    { values: arr([4, 3], seed + 8), weights: arr([1, 3], seed + 9, 0, 2) },
    { values: arr([4], seed + 10), weights: arr([4, 1], seed + 11, 0, 2) },
    { values: arr([4, 2, 3], seed + 12), weights: arr([4, 2], seed + 13, 0, 2) },
    { values: arr([4], seed + 14), weights: { shape: [], values: [1.5] } },
    { values: { shape: [], values: [0.75] }, weights: null },
  ];
}

describe("Mean and Sum accumulate like Keras", () => {
  for (const [name, make, mean] of [
    ["Mean", () => new tf.metrics.Mean(), true],
    ["Sum", () => new tf.metrics.Sum(), false],
  ] as const) {
    it(`${name}: result after each of 10 batches of mixed shapes and weights, then resetState`, () => {
      const metric = make();
      const ref = new R.RunningState(mean);
      for (const b of batches(3)) {
        const w = b.weights === null ? undefined : tf.tensor(b.weights.values, b.weights.shape);
        metric.updateState(tf.tensor(b.values.values, b.values.shape), w);
        ref.update(b.values, b.weights);
        const result = metric.result();
        expect(result.shape).toEqual([]);
        expect(result.dtype).toBe("float32");
        close(result.item(), ref.result(), 1e-5);
      }
      metric.resetState();
      expect(metric.result().item()).toBe(0);
      metric.updateState([2, 4]);
      expect(metric.result().item()).toBe(mean ? 3 : 6);
    });
  }

  it("float64 state", () => {
    const m = new tf.metrics.Mean({ dtype: "float64" });
    const ref = new R.RunningState(true);
    for (const b of batches(20)) {
      m.updateState(b.values.values.length === 1 && b.values.shape.length === 0 ? b.values.values[0] : tf.tensor(b.values.values, b.values.shape, "float64"),
        b.weights === null ? null : tf.tensor(b.weights.values, b.weights.shape, "float64"));
      ref.update(b.values, b.weights);
    }
    expect(m.result().dtype).toBe("float64");
    close(m.result().item(), ref.result(), 1e-12);
  });

  it("Keras's values: Sum 16, 4, 9, 6; Mean 4, 2, 2 (negative weights), 3, 3; Mean of nothing is 0", () => {
    const sum = (values: number[] | number[][], w?: number[] | number[][]) => {
      const m = new tf.metrics.Sum();
      m.updateState(values, w);
      return m.result().item();
    };
    expect(sum([1, 3, 5, 7])).toBe(16);
    expect(sum([1, 3, 5, 7], [1, 1, 0, 0])).toBe(4);
    expect(sum([[1, 3], [5, 7]], [[1, 1], [1, 0]])).toBe(9);
    expect(sum([[1, 3], [5, 7]], [[1, 0]])).toBe(6);
    const mean = (values: number[] | number[][], w?: number[] | number[][]) => {
      const m = new tf.metrics.Mean();
      m.updateState(values, w);
      return m.result().item();
    };
    expect(mean([1, 3, 5, 7])).toBe(4);
    expect(mean([1, 3, 5, 7], [1, 1, 0, 0])).toBe(2);
    expect(mean([1, 3, 5, 7], [-1, -1, 0, 0])).toBe(2);
    expect(mean([[1, 3], [5, 7]], [[1, 1], [1, 0]])).toBe(3);
    expect(mean([[1, 3], [5, 7]], [[1, 0]])).toBe(3);
    expect(new tf.metrics.Mean().result().item()).toBe(0);
  });

  it("names, dtypes and state variables (non-trainable scalars named total and count)", () => {
    const m = new tf.metrics.Mean();
    expect(m.name).toBe("mean");
    expect(m.dtype).toBe("float32");
    expect(m.variables.map((v) => [v.name, v.trainable, v.shape])).toEqual([["total", false, []], ["count", false, []]]);
    expect(new tf.metrics.Sum({ name: "s" }).variables.map((v) => v.name)).toEqual(["total"]);
    expect(new tf.metrics.Sum({ name: "s" }).name).toBe("s");
    expect(String(new tf.metrics.SparseCategoricalAccuracy())).toBe("<SparseCategoricalAccuracy name=sparse_categorical_accuracy>");
    const names = [
      new tf.metrics.Accuracy(), new tf.metrics.BinaryAccuracy(), new tf.metrics.CategoricalAccuracy(), new tf.metrics.SparseCategoricalAccuracy(),
      new tf.metrics.MeanSquaredError(), new tf.metrics.MeanAbsoluteError(), new tf.metrics.SparseCategoricalCrossentropy(),
      new tf.metrics.CategoricalCrossentropy(), new tf.metrics.BinaryCrossentropy(),
    ].map((x) => x.name);
    expect(names).toEqual([
      "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mean_squared_error",
      "mean_absolute_error", "sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
    ]);
  });
});

describe("accuracy metrics: Keras's test values", () => {
  const result = (m: tf.metrics.MeanMetricWrapper, t: unknown, p: unknown, w?: unknown) => {
    m.updateState(t as tf.TensorInput, p as tf.TensorInput, w as tf.TensorInput | undefined);
    return m.result().item();
  };
  it("Accuracy", () => {
    close(result(new tf.metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]]), 0.75);
    close(result(new tf.metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]), 0.5);
    close(result(new tf.metrics.Accuracy(), [1, 2, 3, 4], [0, 2, 3, 4], [1, 1, 0, 0]), 0.5);
    close(result(new tf.metrics.Accuracy(), [[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0], [0, 1]]), 0.5);
    close(result(new tf.metrics.Accuracy(), [[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0]]), 0.5);
  });
  it("BinaryAccuracy", () => {
    const t = [[1], [1], [0], [0]];
    const p = [[0.98], [1], [0], [0.6]];
    close(result(new tf.metrics.BinaryAccuracy(), t, p), 0.75);
    close(result(new tf.metrics.BinaryAccuracy(), [1, 1, 0, 0], p), 0.75);
    close(result(new tf.metrics.BinaryAccuracy(), t, p, [1, 0, 0, 1]), 0.5);
    close(result(new tf.metrics.BinaryAccuracy(), [1, 1, 0, 0], [0.98, 1, 0, 0.6], [1, 0, 0, 1]), 0.5);
    close(result(new tf.metrics.BinaryAccuracy(), [[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0], [0, 1]]), 0.5);
    close(result(new tf.metrics.BinaryAccuracy(), [[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0]]), 1.0);
    close(result(new tf.metrics.BinaryAccuracy({ threshold: 0.3 }), t, [[0.98], [0.5], [0.1], [0.2]]), 1.0);
    close(result(new tf.metrics.BinaryAccuracy({ threshold: 0.9 }), t, [[0.98], [0.5], [0.1], [0.2]]), 0.75);
    expect(new tf.metrics.BinaryAccuracy({ threshold: 0.9 }).threshold).toBe(0.9);
    const bools = tf.tensor([true, false, true], [3, 1], "bool");
    close(result(new tf.metrics.BinaryAccuracy(), bools, bools), 1);
  });
  it("CategoricalAccuracy and SparseCategoricalAccuracy", () => {
    const p = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]];
    close(result(new tf.metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], p), 0.5);
    close(result(new tf.metrics.CategoricalAccuracy(), [[0, 0, 1], [0, 1, 0]], p, [0.7, 0.3]), 0.3);
    const q = [[0.1, 0.6, 0.3], [0.05, 0.95, 0]];
    close(result(new tf.metrics.SparseCategoricalAccuracy(), [[2], [1]], q), 0.5);
    close(result(new tf.metrics.SparseCategoricalAccuracy(), [[2], [1]], q, [0.7, 0.3]), 0.3);
    close(result(new tf.metrics.SparseCategoricalAccuracy(), [[0], [1], [2]], [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]]), 1);
    close(result(new tf.metrics.SparseCategoricalAccuracy(), tf.tensor([0, 1, 2], [3], "int32"), tf.tensor([[0.9, 0.1, 0], [0, 0.9, 0.1], [0.1, 0, 0.9]], [3, 3], "float64")), 1);
    close(result(new tf.metrics.SparseCategoricalAccuracy(), [[0], [0]], [[[0.9, 0.1, 0.0], [0.8, 0.15, 0.05]]]), 1);
  });
  it("MeanMetricWrapper of (yTrue - yPred)^2: 0.5, weighted 0.54285, broadcast weights 0.45", () => {
    const mse = (t: tf.Tensor, p: tf.Tensor) => tf.square(tf.sub(t, p));
    const t = [[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]];
    const p = [[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]];
    close(result(new tf.metrics.MeanMetricWrapper(mse), t, p), 0.5, 1e-5);
    close(result(new tf.metrics.MeanMetricWrapper(mse), t, p, [1.0, 1.5, 2.0, 2.5]), 0.54285, 1e-5);
    close(result(new tf.metrics.MeanMetricWrapper(mse), t, p, [[1.0, 0.0, 0.5, 0.0, 1.0]]), 0.45, 1e-5);
  });
});

describe("accuracy and loss metrics over several batches against the references", () => {
  it("SparseCategoricalAccuracy, BinaryAccuracy and the loss metrics, with and without weights", () => {
    const metrics = {
      sparse: new tf.metrics.SparseCategoricalAccuracy(),
      binary: new tf.metrics.BinaryAccuracy({ threshold: 0.4 }),
      mse: new tf.metrics.MeanSquaredError(),
      mae: new tf.metrics.MeanAbsoluteError(),
      scce: new tf.metrics.SparseCategoricalCrossentropy({ fromLogits: true }),
      cce: new tf.metrics.CategoricalCrossentropy({ labelSmoothing: 0.1 }),
      bce: new tf.metrics.BinaryCrossentropy({ fromLogits: true }),
    };
    const refs = Object.fromEntries(Object.keys(metrics).map((k) => [k, new R.RunningState(true)])) as Record<keyof typeof metrics, R.RunningState>;
    for (let step = 0; step < 6; step++) {
      const rows = 3 + step;
      const classes = 4;
      const labels = randomValues(rows, 10 + step, 0, classes).map(Math.floor);
      const oneHot = labels.flatMap((k) => Array.from({ length: classes }, (_, j) => (j === k ? 1 : 0)));
      const logits = randomValues(rows * classes, 20 + step, -3, 3).map(Math.fround);
      const probs = randomValues(rows * classes, 30 + step, 0.05, 1).map(Math.fround);
      const bits = randomValues(rows * classes, 40 + step).map((x) => (x < 0 ? 0 : 1));
      const weights = step % 2 === 0 ? null : { shape: [rows], values: randomValues(rows, 50 + step, 0, 2).map(Math.fround) };
      const w = weights === null ? undefined : tf.tensor(weights.values, weights.shape);
      const shape = [rows, classes];
      const t = { shape: [rows], values: labels };
      const oh = { shape, values: oneHot };
      const lg = { shape, values: logits };
      const pr = { shape, values: probs };
      const bt = { shape, values: bits };
      const probsRow = probs.map((x) => x / 2);
      metrics.sparse.updateState(tf.tensor(labels, [rows], "int32"), tf.tensor(logits, shape), w);
      refs.sparse.update(R.sparseCategoricalAccuracy(t, lg), weights);
      metrics.binary.updateState(tf.tensor(bits, shape), tf.tensor(probsRow, shape), w);
      refs.binary.update(R.binaryAccuracy(bt, { shape, values: probsRow.map(Math.fround) }, 0.4), weights);
      metrics.mse.updateState(tf.tensor(oneHot, shape), tf.tensor(probs, shape), w);
      refs.mse.update(LR.mse(oh, pr).out, weights);
      metrics.mae.updateState(tf.tensor(oneHot, shape), tf.tensor(logits, shape), w);
      refs.mae.update(LR.mae(oh, lg).out, weights);
      metrics.scce.updateState(tf.tensor(labels, [rows], "int32"), tf.tensor(logits, shape), w);
      refs.scce.update(LR.sparseCategoricalCrossentropy({ fromLogits: true })(t, lg).out, weights);
      metrics.cce.updateState(tf.tensor(oneHot, shape), tf.tensor(probs, shape), w);
      refs.cce.update(LR.categoricalCrossentropy({ labelSmoothing: 0.1, f32: true })(oh, pr).out, weights);
      metrics.bce.updateState(tf.tensor(bits, shape), tf.tensor(logits, shape), w);
      refs.bce.update(LR.binaryCrossentropy({ fromLogits: true })(bt, lg).out, weights);
      for (const key of Object.keys(metrics) as (keyof typeof metrics)[]) close(metrics[key].result().item(), refs[key].result(), 1e-5);
    }
    for (const m of Object.values(metrics)) {
      m.resetState();
      expect(m.result().item()).toBe(0);
    }
  });
});

describe("metrics and tapes", () => {
  it("an update inside a tape's record is not recorded: the tape saves nothing for it and gradients are unchanged", () => {
    const w = new tf.Variable([[0.5, -1, 2]]);
    const metric = new tf.metrics.MeanSquaredError();
    const accuracy = new tf.metrics.CategoricalAccuracy();
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const p = tf.mul(w, 3);
      const saved = p.savedByTapes;
      metric.updateState(tf.zeros([1, 3]), p);
      accuracy.updateState([[0, 0, 1]], p);
      expect(p.savedByTapes).toBe(saved);
      return tf.reduceSum(tf.square(p));
    });
    expect(Array.from(tape.gradient(loss, w)!.data())).toEqual([9, -18, 36]);
    close(metric.result().item(), (1.5 ** 2 + 3 ** 2 + 6 ** 2) / 3);
    expect(accuracy.result().item()).toBe(1);
  });

  it("state variables are never watched, even by a tape that watches accessed variables", () => {
    const metric = new tf.metrics.Mean();
    const tape = new tf.GradientTape({ persistent: true });
    tape.record(() => {
      metric.updateState([1, 2]);
      metric.result();
    });
    expect(tape.watchedVariables()).toEqual([]);
  });

  it("updates inside a ForwardAccumulator's record work, and the result is a constant to it", () => {
    const x = tf.constant([1, 2], "float64");
    const metric = new tf.metrics.Mean({ dtype: "float64" });
    const acc = new tf.ForwardAccumulator(x, tf.ones([2], "float64"));
    const y = acc.record(() => {
      metric.updateState(tf.mul(x, 2));
      return tf.mul(x, metric.result());
    });
    // The result is a constant to the accumulator: d(x * 3)/dx . t = 3 t.
    expect(Array.from(acc.jvp(y)!.data())).toEqual([3, 3]);
  });
});

describe("metric errors", () => {
  it.each([
    ["an unknown option", () => new tf.metrics.Mean({ threshold: 1 } as never), /Mean: unknown option "threshold"\. Valid options: name, dtype/],
    ["a Python-style option", () => new tf.metrics.SparseCategoricalCrossentropy({ from_logits: true } as never), /SparseCategoricalCrossentropy: unknown option "from_logits"; options are camelCase: use fromLogits/],
    ["an int dtype", () => new tf.metrics.Sum({ dtype: "int32" as never }), /Sum: dtype must be "float32" or "float64", got the string "int32"/],
    ["a bad threshold", () => new tf.metrics.BinaryAccuracy({ threshold: NaN }), /BinaryAccuracy: threshold must be a finite number/],
    ["a bad label smoothing", () => new tf.metrics.CategoricalCrossentropy({ labelSmoothing: 2 }), /labelSmoothing must be in \[0, 1\]/],
    ["a wrapper without a function", () => new tf.metrics.MeanMetricWrapper(3 as never), /MeanMetricWrapper: expected a function fn\(yTrue, yPred\)/],
  ] as const)("constructor: %s", (_, thunk, message) => {
    expect(thunk).toThrow(message);
  });

  it("a failed update leaves the state unchanged and the metric usable", () => {
    const m = new tf.metrics.SparseCategoricalAccuracy();
    m.updateState([1, 0], [[0, 1], [0, 1]]);
    const before = tf.memory().numTensors;
    expect(() => m.updateState([1, 0, 1], [[0, 1], [0, 1]])).toThrow(/sparseCategoricalAccuracy: yTrue \[3\] does not match yPred \[2,2\]/);
    expect(() => m.updateState([1, 0], [[0, 1], [0, 1]], [1, 2, 3])).toThrow(
      /SparseCategoricalAccuracy\.updateState: sampleWeight \[3\] cannot be broadcast to the values \[2\]/,
    );
    const s = new tf.metrics.SparseCategoricalCrossentropy();
    expect(() => s.updateState([5], [[0.5, 0.5]])).toThrow(/label value of 5/);
    const mean = new tf.metrics.Mean();
    expect(() => mean.updateState([[1, 2], [3, 4]], [[1, 2, 3]])).toThrow(/Mean\.updateState: sampleWeight \[1,3\] cannot be broadcast to the values \[2,2\]/);
    expect(() => mean.updateState("a" as never)).toThrow(/Mean\.updateState: argument values must be a Tensor/);
    // The failed calls converted their array arguments and freed them; only the new metrics' state remains.
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(m.result().item()).toBe(0.5);
    m.updateState([1], [[0, 1]]);
    close(m.result().item(), 2 / 3);
    expect(mean.result().item()).toBe(0);
  });
});

describe("a Metric subclass written like Keras's BinaryTruePositives example", () => {
  class BinaryTruePositives extends tf.metrics.Metric {
    protected static override readonly defaultName: string = "binary_true_positives";
    private readonly truePositives = this.addVariable("true_positives");

    constructor(options: tf.metrics.MetricOptions = {}) {
      super(options);
    }

    updateState(yTrue: tf.TensorInput, yPred: tf.TensorInput, sampleWeight?: tf.TensorInput | null): void {
      this.untracked(() => {
        let values = tf.cast(tf.mul(tf.cast(yTrue, "float32"), tf.cast(yPred, "float32")), this.dtype);
        if (sampleWeight != null) values = tf.mul(values, tf.cast(sampleWeight, this.dtype));
        this.truePositives.assign(tf.add(this.truePositives, tf.reduceSum(values)));
      });
    }

    result(): tf.Tensor {
      return this.untracked(() => this.truePositives.value());
    }
  }

  it("counts, resets, and updates without leaving tensors behind", () => {
    const m = new BinaryTruePositives();
    expect(m.name).toBe("binary_true_positives");
    const yTrue = tf.keep(tf.tensor([1, 0, 1, 1], [4], "int32"));
    const yPred = tf.keep(tf.tensor([true, true, false, true], [4], "bool"));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) m.updateState(yTrue, yPred, [1, 1, 1, 0.5]);
    expect(tf.memory().numTensors).toBe(before);
    expect(m.result().item()).toBe(15);
    m.resetState();
    expect(m.result().item()).toBe(0);
  });
});
