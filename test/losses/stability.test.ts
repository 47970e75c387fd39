// Extreme inputs: logits of +-100 (and +-1000) give finite, exact-looking losses and gradients;
// probabilities of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7] as Keras does.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";

const DTYPES = ["float32", "float64"] as const;

/** The loss per sample and its gradient with respect to the predictions. */
function lossAndGrad(loss: tf.losses.LossFunction, yTrue: tf.Tensor, yPred: tf.Tensor): { values: number[]; grad: number[] } {
  const tape = new tf.GradientTape();
  const out = tape.record(() => {
    tape.watch(yPred);
    return loss(yTrue, yPred);
  });
  const grad = tape.gradient(out, yPred)!;
  return { values: Array.from(out.data()), grad: Array.from(grad.data()) };
}

function expectFinite(xs: number[]): void {
  for (const x of xs) expect(Number.isFinite(x), `${x} is finite`).toBe(true);
}

describe("cross-entropy from extreme logits stays finite", () => {
  for (const dtype of DTYPES) {
    const tol = dtype === "float32" ? { rtol: 1e-6, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-12 };

    it(`binaryCrossentropy, logits +-100 and +-1000, ${dtype}`, () => {
      const loss = tf.losses.binaryCrossentropy({ fromLogits: true, reduction: "none" });
      const x = [100, 100, -100, -100, 1000, -1000];
      const z = [1, 0, 1, 0, 0, 1];
      const { values, grad } = lossAndGrad(loss, tf.tensor(z, [6, 1], dtype), tf.tensor(x, [6, 1], dtype));
      expectFinite([...values, ...grad]);
      // Right answers cost ~e^-100; wrong ones cost |x|. The gradient is sigmoid(x) - z.
      expectClose(values, [Math.exp(-100), 100, 100, Math.exp(-100), 1000, 1000], tol);
      expectClose(grad, [0, 1, -1, 0, 1, -1], tol);
    });

    it(`categorical and sparse categorical cross-entropy, logits +-100 and +-1000, ${dtype}`, () => {
      const sparse = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true, reduction: "none" });
      const categorical = tf.losses.categoricalCrossentropy({ fromLogits: true, reduction: "none" });
      const cases = [
        [sparse, () => tf.tensor([1, 2], [2], "int32")],
        [categorical, () => tf.tensor([[0, 1, 0], [0, 0, 1]], [2, 3], dtype)],
      ] as const;
      for (const [loss, labels] of cases) {
        const logits = tf.tensor([[100, -100, -100], [1000, -1000, 0]], [2, 3], dtype);
        const { values, grad } = lossAndGrad(loss, labels(), logits);
        expectFinite([...values, ...grad]);
        expectClose(values, [200, 1000], tol);
        // softmax - one-hot: the first class takes all the probability.
        expectClose(grad, [1, -1, 0, 1, 0, -1], tol);
      }
      const smoothed = tf.losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      expectClose([smoothed([[1, 0, 0]], tf.tensor([[100, -100, -100]], [1, 3], dtype)).item()], [(400 * 0.1) / 3], { rtol: 1e-6, atol: 1e-5 });
    });

    it(`probabilities of exactly 0 and 1 are clipped, with finite gradients, ${dtype}`, () => {
      const upper = dtype === "float32" ? Math.fround(1 - 1e-7) : 1 - 1e-7;
      const lower = dtype === "float32" ? Math.fround(1e-7) : 1e-7;
      const bce = tf.losses.binaryCrossentropy({ reduction: "none" });
      const b = lossAndGrad(bce, tf.tensor([1, 0, 1, 0], [4, 1], dtype), tf.tensor([0, 1, 1, 0], [4, 1], dtype));
      expectFinite([...b.values, ...b.grad]);
      const r = dtype === "float32" ? { rtol: 2e-6, atol: 1e-6 } : tol;
      expectClose(b.values, [-Math.log(lower), -Math.log(1 - upper), -Math.log(upper), -Math.log(1 - lower)], r);
      const scce = tf.losses.sparseCategoricalCrossentropy({ reduction: "none" });
      const s = lossAndGrad(scce, tf.tensor([0, 1], [2], "int32"), tf.tensor([[0, 1], [0, 1]], [2, 2], dtype));
      expectFinite([...s.values, ...s.grad]);
      expectClose([s.values[1]], [-Math.log(upper / (upper + lower))], r);
      expect(s.values[0]).toBeGreaterThan(15);
    });

    it(`logCosh of errors of +-100 is |e| - log 2, ${dtype}`, () => {
      const loss = tf.losses.logCosh({ reduction: "none" });
      const { values, grad } = lossAndGrad(loss, tf.tensor([0, 0], [2, 1], dtype), tf.tensor([100, -100], [2, 1], dtype));
      expectFinite([...values, ...grad]);
      expectClose(values, [100 - Math.LN2, 100 - Math.LN2], tol);
      expectClose(grad, [1, -1], tol);
    });
  }
});
