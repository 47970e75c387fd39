// The GradientTape examples of the five seed documents (/work/shared/seeds), translated line by line,
// asserting the values the seeds print. Parts that need optimizers or layers (Adam, Dense,
// apply_gradients, minimize) are not here.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";

describe("seed 000: loss = w * w", () => {
  it("w = 1: the gradient is 2 * w = 2", () => {
    const w = tf.constant(1);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      tape.watch(w);
      return tf.mul(w, w);
    });
    expect(tape.gradient(loss, w)!.item()).toBe(2);
  });
});

describe("seed 001: forward_pass w * x + b, loss_fn square(y_true - y_pred)", () => {
  it("Gradients of w: -4.0, Gradients of b: -2.0", () => {
    const x = tf.constant(2);
    const y = tf.constant(3);
    const w = new tf.Variable(0.5);
    const b = new tf.Variable(1);
    const forwardPass = (x: tf.Tensor): tf.Tensor => tf.add(tf.mul(w, x), b);
    const lossFn = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.square(tf.sub(yTrue, yPred));
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const yPred = forwardPass(x);
      return lossFn(y, yPred);
    });
    const gradients = tape.gradient(loss, [w, b]);
    // y_pred = 2, loss = 1, dloss/dy_pred = -2(y - y_pred) = -2.
    expect(gradients[0]!.numpy()).toBe(-4);
    expect(gradients[1]!.numpy()).toBe(-2);
  });
});

describe("seed 002: cost = w ** 2 - 10 * w + 25", () => {
  it("print(w) of tf.Variable(0, dtype=tf.float32)", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    expect(String(w)).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.0>");
  });

  it("single_train_loop's gradient at w = 0 is -10 (2w - 10)", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    const tape = new tf.GradientTape();
    const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
    const trainableVariables = [w];
    const grads = tape.gradient(cost, trainableVariables);
    expect(cost.item()).toBe(25);
    expect(grads.map((g) => g!.item())).toEqual([-10]);
  });

  it("cost_fun with x = np.array([1, -10, 25]) and with x = [5, -7, 13]: gradients -10 and -7 at 0, zero at the minimum", () => {
    const costGradient = (coefficients: number[], at: number): number => {
      const x = new Float32Array(coefficients);
      const w = new tf.Variable(at, { dtype: "float32" });
      const costFun = (): tf.Tensor => tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
      const tape = new tf.GradientTape();
      const cost = tape.record(costFun);
      return tape.gradient(cost, w)!.item();
    };
    expect(costGradient([1, -10, 25], 0)).toBe(-10);
    expect(costGradient([1, -10, 25], 5)).toBe(0); // the seed's w converges to 5.000001
    expect(costGradient([5, -7, 13], 0)).toBe(-7);
    expect(costGradient([5, -7, 13], 0.7)).toBeCloseTo(0, 5); // the seed's w converges to 0.7
  });
});

describe("seed 003: taping only trainable variables, fit_data, higher order", () => {
  it("t = tf.Variable(3.0); y = x**2 gives 6", () => {
    const x = new tf.Variable(3); // the seed names it t but differentiates x
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.pow(x, 2));
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
  });

  it("a watched constant: 6", () => {
    const x = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.pow(x, 2);
    });
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
  });

  // The seed's loop: subgradient descent on sum |y - (w x + b)| with a persistent tape, 500 steps.
  const xTrain = [-1, 0, 1, 2, 3, 4];
  const yTrain = [-3, -1, 1, 3, 5, 7]; // y = 2*x - 1
  const learningRate = 0.001;

  /** The same loop in plain float32 arithmetic: every op rounds once, as the engine's kernels do. */
  function referenceFit(w0: number, b0: number, steps: number): [number, number] {
    const f = Math.fround;
    const lr = f(learningRate);
    let w = f(w0);
    let b = f(b0);
    for (let s = 0; s < steps; s++) {
      let wGrad = 0;
      let bGrad = 0;
      for (let i = 0; i < xTrain.length; i++) {
        const residual = f(yTrain[i] - f(f(w * xTrain[i]) + b));
        wGrad -= Math.sign(residual) * xTrain[i];
        bGrad -= Math.sign(residual);
      }
      w = f(w - f(wGrad * lr));
      b = f(b - f(bGrad * lr));
    }
    return [w, b];
  }

  const l1 = (w: number, b: number): number => xTrain.reduce((s, x, i) => s + Math.abs(yTrain[i] - (w * x + b)), 0);

  // random.random() starting points, fixed so the test is repeatable.
  it.each([
    [0.5, 0.5],
    [0.1, 0.9],
    [0.9, 0.1],
    [0, 0],
    [0.3745401, 0.9507143],
  ])("fit_data from w = %f, b = %f trends toward y = 2x - 1", (w0, b0) => {
    const w = new tf.Variable(w0, { trainable: true });
    const b = new tf.Variable(b0, { trainable: true });
    const simpleLoss = (realY: tf.TensorInput, predY: tf.Tensor): tf.Tensor => tf.abs(tf.sub(realY, predY));
    const fitData = (realX: number[], realY: number[]): void => {
      const tape = new tf.GradientTape({ persistent: true });
      const regLoss = tape.record(() => {
        const predY = tf.add(tf.mul(w, realX), b);
        return simpleLoss(realY, predY);
      });
      const wGrad = tape.gradient(regLoss, w)!;
      const bGrad = tape.gradient(regLoss, b)!;
      w.assignSub(tf.mul(wGrad, learningRate));
      b.assignSub(tf.mul(bGrad, learningRate));
    };
    for (let i = 0; i < 500; i++) fitData(xTrain, yTrain);
    const [wRef, bRef] = referenceFit(w0, b0, 500);
    expectClose([w.item(), b.item()], [wRef, bRef], { rtol: 1e-6, atol: 1e-6 });
    // Toward the exact fit w = 2, b = -1: the L1 loss falls and both parameters move closer.
    expect(l1(w.item(), b.item())).toBeLessThan(l1(w0, b0) / 4);
    expect(Math.abs(w.item() - 2)).toBeLessThan(Math.abs(w0 - 2) / 4);
    expect(Math.abs(b.item() + 1)).toBeLessThan(Math.abs(b0 + 1));
  });

  it("x = Variable(1.0), y = x * x * x through tape_2 and tape_1: 6", () => {
    const x = new tf.Variable(1);
    const tape2 = new tf.GradientTape();
    const dyDx = tape2.record(() => {
      const tape1 = new tf.GradientTape();
      const y = tape1.record(() => tf.mul(tf.mul(x, x), x));
      return tape1.gradient(y, x)!;
    });
    const d2yDx2 = tape2.gradient(dyDx, x);
    expect(d2yDx2!.numpy()).toBe(6);
  });
});

describe("seed 004: computing gradients, what the tape watches", () => {
  it("x @ w + b, reduce_mean(y**2): the printed dl_dw and dl_db", () => {
    // w came from tf.random.normal; dl_db = y = x @ w (b = 0) is printed, so take any w with that
    // product: dl_dw is then x^T dl_db, the rows printed.
    const printedDb = [4.3425727, 0.26980785];
    const w = new tf.Variable(tf.tensor([printedDb, [0, 0], [0, 0]]), { name: "w" });
    const b = new tf.Variable(tf.zeros([2], "float32"), { name: "b" });
    const x = [[1, 2, 3]];
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const y = tf.add(tf.matmul(x, w), b);
      return tf.reduceMean(tf.pow(y, 2));
    });
    const [dlDw, dlDb] = tape.gradient(loss, [w, b]);
    expect(dlDw!.shape).toEqual([3, 2]);
    expect(dlDb!.shape).toEqual([2]);
    expectClose(dlDb!.data(), printedDb);
    expectClose(dlDw!.data(), [4.3425727, 0.26980785, 8.685145, 0.5396157, 13.027718, 0.80942357]);
    expect(String(dlDb)).toBe("tf.Tensor([4.3425727  0.26980785], shape=(2,), dtype=float32)");
  });

  it("x0 trainable, x1 not, x2 a tensor, x3 a constant: 6.0 None None None", () => {
    const x0 = new tf.Variable(3, { name: "x0" });
    const x1 = new tf.Variable(3, { name: "x1", trainable: false });
    const x2 = tf.add(new tf.Variable(2, { name: "x2" }), 1);
    const x3 = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.add(tf.add(tf.pow(x0, 2), tf.pow(x1, 2)), tf.pow(x2, 2)));
    const grad = tape.gradient(y, [x0, x1, x2, x3]);
    expect(grad.map((g) => (g === null ? "None" : String(g)))).toEqual([
      "tf.Tensor(6.0, shape=(), dtype=float32)",
      "None",
      "None",
      "None",
    ]);
  });

  it("watch(x) on a constant: 6.0; watchAccessedVariables: false leaves variables unwatched", () => {
    const x = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.pow(x, 2);
    });
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
    const v = new tf.Variable(3);
    const quiet = new tf.GradientTape({ watchAccessedVariables: false });
    const z = quiet.record(() => tf.pow(v, 2));
    expect(quiet.gradient(z, v)).toBeNull();
    expect(quiet.watchedVariables()).toEqual([]);
  });
});
