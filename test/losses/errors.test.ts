// Errors: bad options fail when the loss is made, bad shapes, labels and weights when it is called,
// each naming the loss, the shapes and the fix. Afterwards the engine (and the same loss function,
// also inside a tape) still computes correctly, and a failed call leaves no tensors behind.
import { describe, expect, it, vi } from "vitest";
import * as tf from "../../src/index.js";

const L = tf.losses;
type Thunk = () => unknown;

/** A loss computation with a known value, run after each error. */
function stillWorks(): void {
  const loss = L.sparseCategoricalCrossentropy({ fromLogits: true });
  const logits = tf.tensor([[0, Math.log(3)]]);
  expect(loss([1], logits).item()).toBeCloseTo(-Math.log(0.75), 6);
  const tape = new tf.GradientTape();
  const out = tape.record(() => {
    tape.watch(logits);
    return loss([1], logits);
  });
  const g = Array.from(tape.gradient(out, logits)!.data());
  expect(g[0]).toBeCloseTo(0.25, 6);
  expect(g[1]).toBeCloseTo(-0.25, 6);
}

const optionErrors: [string, Thunk, RegExp][] = [
  ["unknown reduction", () => L.meanSquaredError({ reduction: "avg" as tf.losses.Reduction }),
    /meanSquaredError: Invalid value for argument reduction: "avg"\. Expected one of "sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"/],
  ["a Python-style option name", () => L.binaryCrossentropy({ from_logits: true } as never), /binaryCrossentropy: unknown option "from_logits"; options are camelCase: use fromLogits/],
  ["an unknown option", () => L.huber({ epsilon: 1 } as never), /huber: unknown option "epsilon"\. Valid options: delta, reduction, name/],
  ["fromLogits not a boolean", () => L.categoricalCrossentropy({ fromLogits: "yes" as never }), /categoricalCrossentropy: fromLogits must be true or false, got the string "yes"/],
  ["labelSmoothing above 1", () => L.categoricalCrossentropy({ labelSmoothing: 1.5 }), /categoricalCrossentropy: labelSmoothing must be in \[0, 1\], got 1\.5/],
  ["labelSmoothing negative", () => L.binaryCrossentropy({ labelSmoothing: -0.1 }), /labelSmoothing must be in \[0, 1\]/],
  ["delta of 0", () => L.huber({ delta: 0 }), /huber: delta must be in \(0, Infinity\), got 0/],
  ["delta NaN", () => L.huber({ delta: NaN }), /huber: delta must be a finite number/],
  ["ignoreClass not an integer", () => L.sparseCategoricalCrossentropy({ ignoreClass: 1.5 }), /ignoreClass must be an integer, got number 1\.5/],
  ["axis not an integer", () => L.cosineSimilarity({ axis: "last" as never }), /cosineSimilarity: axis must be an integer/],
  ["options not an object", () => L.meanAbsoluteError(3 as never), /meanAbsoluteError: options must be an object/],
  ["an empty name", () => L.poisson({ name: "" }), /poisson: name must be a non-empty string/],
];

const callErrors: [string, Thunk, RegExp][] = [
  ["mse shapes that do not broadcast", () => L.meanSquaredError()(tf.zeros([2, 3]), tf.zeros([2, 4])),
    /meanSquaredError: yTrue \[2,3\] and yPred \[2,4\] cannot be broadcast together/],
  ["binary cross-entropy shapes differ", () => L.binaryCrossentropy()(tf.zeros([3, 1]), tf.zeros([3, 3])),
    /binaryCrossentropy: Arguments yTrue and yPred must have the same shape\. Received: yTrue \[3,1\], yPred \[3,3\]/],
  ["categorical labels as indices", () => L.categoricalCrossentropy()([[0], [1], [2]], tf.ones([3, 3])),
    /categoricalCrossentropy: .*must have the same shape.*yTrue \[3,1\], yPred \[3,3\]; for integer class labels use sparseCategoricalCrossentropy/],
  ["categorical scalars", () => L.categoricalCrossentropy()(1, 0.5), /categoricalCrossentropy: yTrue and yPred must have at least one dimension/],
  ["categorical axis out of range", () => L.categoricalCrossentropy({ axis: 2 })(tf.ones([2, 3]), tf.ones([2, 3])), /categoricalCrossentropy: axis 2 is out of range for a tensor of rank 2/],
  ["sparse rows differ", () => L.sparseCategoricalCrossentropy()([0, 1, 2], tf.ones([2, 3])),
    /sparseCategoricalCrossentropy: Arguments yTrue and yPred must have the same shape up until the last dimension: yTrue \[3\], yPred \[2,3\]/],
  ["sparse scalar predictions", () => L.sparseCategoricalCrossentropy()(0, 0.5), /sparseCategoricalCrossentropy: yPred must have a class axis/],
  ["sparse label too large", () => L.sparseCategoricalCrossentropy()([0, 3], tf.ones([2, 3])),
    /sparseCategoricalCrossentropy: Received a label value of 3 which is outside the valid range of \[0, 3\): yTrue\[1\] of yTrue \[2\]/],
  ["sparse negative label", () => L.sparseCategoricalCrossentropy({ fromLogits: true })(tf.tensor([[0], [-1]], [2, 1], "int32"), tf.ones([2, 4])),
    /Received a label value of -1 which is outside the valid range of \[0, 4\): yTrue\[1,0\]/],
  ["sparse float label truncating out of range", () => L.sparseCategoricalCrossentropy()([3.5], tf.ones([1, 3])), /Received a label value of 3 which/],
  ["sparse label below ignoreClass", () => L.sparseCategoricalCrossentropy({ ignoreClass: -1 })([-1, -2], tf.ones([2, 3])),
    /Received a label value of -2 .*\(entries equal to ignoreClass -1 are allowed\)/],
  ["sample weights that do not fit", () => L.meanSquaredError()(tf.zeros([2, 3]), tf.zeros([2, 3]), [1, 2, 3]),
    /meanSquaredError: sampleWeight \[3\] does not fit the per-sample losses \[2\] \(yTrue \[2,3\], yPred \[2,3\]\)/],
  ["sample weights that do not fit a masked loss", () => L.sparseCategoricalCrossentropy({ ignoreClass: 0 })([[1, 0]], tf.ones([1, 2, 3]), [1, 2, 3]),
    /sparseCategoricalCrossentropy: sampleWeight \[3\] does not fit the per-sample losses \[1,2\]/],
  ["a disposed prediction", () => {
    const p = tf.ones([2]);
    p.dispose();
    return L.meanSquaredError()([1, 1], p);
  }, /meanSquaredError: Tensor#\d+ \(float32 \[2\]\) was disposed/],
  ["labels that are not tensors", () => L.meanSquaredError()("a" as never, [1]), /meanSquaredError: argument yTrue must be a Tensor/],
];

describe("loss errors", () => {
  it.each(optionErrors)("factory: %s", (_, thunk, message) => {
    expect(thunk).toThrow(message);
    stillWorks();
  });

  it.each(callErrors)("call: %s", (_, thunk, message) => {
    expect(thunk).toThrow(message);
    stillWorks();
  });

  it("types: RangeError for values out of range, TypeError for wrong types", () => {
    expect(() => L.huber({ delta: -1 })).toThrow(RangeError);
    expect(() => L.huber({ delta: "1" as never })).toThrow(TypeError);
    expect(() => L.sparseCategoricalCrossentropy()([5], tf.ones([1, 3]))).toThrow(RangeError);
  });

  it("a call that fails its checks leaves no tensors behind", () => {
    const loss = L.sparseCategoricalCrossentropy();
    const labels = tf.tensor([0, 9], [2], "int32");
    const preds = tf.ones([2, 3]);
    const wide = tf.ones([2, 4]);
    const weights = tf.ones([3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(() => loss(labels, preds)).toThrow(/label value of 9/);
    expect(() => L.meanSquaredError()(preds, wide)).toThrow(/cannot be broadcast/);
    expect(() => L.categoricalCrossentropy()(preds, preds, weights)).toThrow(/does not fit/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("an error inside a tape's record leaves the tape and the loss usable", () => {
    const loss = L.sparseCategoricalCrossentropy({ fromLogits: true });
    const w = new tf.Variable([[1, 2, 3]]);
    const tape = new tf.GradientTape({ persistent: true });
    expect(() => tape.record(() => loss([7], w))).toThrow(/label value of 7/);
    const out = tape.record(() => loss([2], w));
    const g = Array.from(tape.gradient(out, w)!.data());
    const e = [1, 2, 3].map(Math.exp);
    const z = e[0] + e[1] + e[2];
    [e[0] / z, e[1] / z, e[2] / z - 1].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 6));
  });

  it("categoricalCrossentropy warns once that one class makes the loss 0, as Keras does", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (let i = 0; i < 2; i++) expect(L.categoricalCrossentropy()([[1], [1]], [[0.5], [0.5]]).item()).toBeCloseTo(0, 6);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/expected y_pred\.shape to be \(batch_size, num_classes\) with num_classes > 1/);
    } finally {
      warn.mockRestore();
    }
  });
});
