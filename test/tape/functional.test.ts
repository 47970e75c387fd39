// tfjs-style tf.grad, tf.grads, tf.valueAndGrad, tf.valueAndGrads against closed forms.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { F64_TOL, expectClose } from "../util/close.js";
import { randomValues } from "../util/reference.js";

const xs = randomValues(5, 21, -2, 2);
const x64 = () => tf.tensor(xs, [5], "float64");

describe("grad and valueAndGrad", () => {
  const cases: { name: string; f: (x: tf.Tensor) => tf.Tensor; value: (x: number) => number; slope: (x: number) => number }[] = [
    { name: "sum(x sin x)", f: (x) => tf.reduceSum(tf.mul(x, tf.sin(x))), value: (x) => x * Math.sin(x), slope: (x) => Math.sin(x) + x * Math.cos(x) },
    { name: "tanh(x) (not scalar: summed)", f: (x) => tf.tanh(x), value: Math.tanh, slope: (x) => 1 - Math.tanh(x) ** 2 },
    { name: "mean(exp(x / 2))", f: (x) => tf.reduceMean(tf.exp(tf.div(x, 2))), value: (x) => Math.exp(x / 2) / 5, slope: (x) => Math.exp(x / 2) / 10 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expectClose(tf.grad(c.f)(x64()).data(), xs.map(c.slope), F64_TOL);
      const { value, grad } = tf.valueAndGrad(c.f)(x64());
      const values = xs.map(c.value);
      expectClose(value.data(), value.rank === 0 ? [values.reduce((a, b) => a + b, 0)] : values, F64_TOL);
      expectClose(grad.data(), xs.map(c.slope), F64_TOL);
    });
  }

  it("dy weights the outputs", () => {
    const dy = tf.tensor([1, -2, 0.5, 0, 3], [5], "float64");
    expectClose(tf.grad((x) => tf.mul(x, x))(x64(), dy).data(), xs.map((x, i) => 2 * x * [1, -2, 0.5, 0, 3][i]), F64_TOL);
    expect(tf.valueAndGrad((x) => tf.mul(x, 3))(tf.tensor([1, 2]), [1, 2]).grad.array()).toEqual([3, 6]);
  });

  it("takes numbers, arrays and variables as x", () => {
    expect(tf.grad((x) => tf.mul(x, x))(3).item()).toBe(6);
    expect(tf.grad((x) => tf.reduceSum(tf.square(x)))([1, 2]).array()).toEqual([2, 4]);
    const v = new tf.Variable(tf.tensor([1, -1]));
    expect(tf.grad((x) => tf.reduceSum(tf.mul(x, x)))(v).array()).toEqual([2, -2]);
  });

  it("nests: grad of grad is the second derivative, three deep the third", () => {
    const sin = (x: tf.Tensor) => tf.sin(x);
    const d2 = tf.grad((x) => tf.grad(sin)(x));
    expectClose(d2(x64()).data(), xs.map((x) => -Math.sin(x)), F64_TOL);
    const d3 = tf.grad((x) => d2(x));
    expectClose(d3(x64()).data(), xs.map((x) => -Math.cos(x)), F64_TOL);
  });

  it("frees a call's temporaries", () => {
    const f = tf.grad((x) => tf.reduceSum(tf.exp(tf.mul(tf.sin(x), x))));
    const x = x64();
    // Two warm-up calls: each call's tape begins a training step, which also frees what earlier tests left.
    f(x).dispose();
    f(x).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) f(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("grads and valueAndGrads", () => {
  it("one gradient per argument", () => {
    const a = tf.tensor([1, 2, 3], [3], "float64");
    const b = tf.tensor([-1, 0.5, 2], [3], "float64");
    const f = (p: tf.Tensor, q: tf.Tensor) => tf.reduceSum(tf.mul(tf.mul(p, p), q));
    const [ga, gb] = tf.grads(f)([a, b]);
    expect(ga.array()).toEqual([-2, 2, 12]);
    expect(gb.array()).toEqual([1, 4, 9]);
    const { value, grads } = tf.valueAndGrads(f)([a, b]);
    expect(value.item()).toBe(-1 + 2 + 18);
    expect(grads.map((g) => g.array())).toEqual([[-2, 2, 12], [1, 4, 9]]);
    const [gx, gy] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.mul(p, q))([tf.tensor([2, 3]), tf.tensor([5, 7])], tf.tensor([1, 10]));
    expect([gx.array(), gy.array()]).toEqual([[5, 70], [2, 30]]);
  });
});

describe("errors", () => {
  it("names the problem, and the engine keeps working", () => {
    expect(() => tf.grad(3 as never)).toThrow(/grad: The f passed in grad\(f\) must be a function, got number 3/);
    expect(() => tf.grad((x) => tf.mul(tf.cast(x, "int32"), 2))(tf.tensor([1]))).toThrow(
      /grad: Cannot compute gradient of y=f\(x\) with respect to x/,
    );
    expect(() => tf.grads(() => tf.constant(1))([tf.tensor([1]), tf.tensor([2])])).toThrow(/with respect to xs\[0\]/);
    expect(() => tf.grad(() => [1] as never)(tf.tensor([1]))).toThrow(/grad: the result y returned by f\(\) must be a tf.Tensor, got an array/);
    expect(() => tf.grad((x) => tf.mul(x, 2))(tf.tensor([1, 2]), tf.tensor([1, 2, 3]))).toThrow(
      /grad: dy has shape \[3\] but y = f\(x\) has shape \[2\]; they must match/,
    );
    expect(() => tf.grads((x) => x)(tf.tensor([1]) as never)).toThrow(/grads: The args passed in grads\(f\)\(args\) must be an array of tensors/);
    expect(() => tf.valueAndGrads(3 as never)).toThrow(/valueAndGrads: The f passed in valueAndGrads\(f\) must be a function/);
    expect(tf.grad((x) => tf.mul(x, 4))(tf.tensor([1, 2])).array()).toEqual([4, 4]);
  });
});
