// tf.debugging: checkNumerics on one tensor, and enableCheckNumerics naming the first op whose output
// is not finite, forward and in a gradient. Positions cover the vector loop and the scalar tail.
import { afterEach, describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { unravel } from "../util/reference.js";

afterEach(() => tf.debugging.disableCheckNumerics());

const dtypes = ["float32", "float64"] as const;
const specials: [string, number][] = [
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
];

/** [shape, flat index of the bad value]: first, inside a vector, last of the vector loop, in the tail. */
const positions: [number[], number][] = [
  [[1], 0],
  [[3], 2],
  [[4], 3],
  [[5], 4],
  [[2, 4], 5],
  [[3, 3], 8],
  [[17], 16],
  [[10, 100], 517],
  [[10, 100], 999],
];

function withValueAt(shape: number[], index: number, value: number, dtype: (typeof dtypes)[number]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => (i === index ? value : (i % 7) - 3.5));
  return tf.tensor(values, shape, dtype);
}

const at = (shape: number[], index: number) => `[${unravel(index, shape).join(", ")}]`;

describe("checkNumerics", () => {
  const cases = dtypes.flatMap((dtype) =>
    specials.flatMap(([name, value]) => positions.map(([shape, index]) => [dtype, name, value, shape, index] as const)),
  );
  it.each(cases)("%s: %s in %j at %i is reported at its index", (dtype, name, value, shape, index) => {
    const x = withValueAt(shape, index, value, dtype);
    expect(() => tf.debugging.checkNumerics(x, "my values")).toThrow(
      `checkNumerics: my values : Tensor had ${name} values (first at index ${at(shape, index)} of ${x.describe()})`,
    );
  });

  it("reports the first of several bad values", () => {
    const x = tf.tensor([1, 2, 3, 4, 5, Infinity, 7, NaN, 9]);
    expect(() => tf.debugging.checkNumerics(x, "m")).toThrow(/Infinity values \(first at index \[5\]/);
  });

  it.each(dtypes)("%s: finite values come back unchanged, in a new tensor", (dtype) => {
    const values = [0, -0, 1e-40, -3.5, 3.4e38, Number.MIN_VALUE];
    const x = tf.tensor(values, [6], dtype);
    const y = tf.debugging.checkNumerics(x, "ok");
    expect(y).not.toBe(x);
    expect(y.dtype).toBe(dtype);
    expect(Array.from(y.data())).toEqual(Array.from(x.data()));
  });

  it("takes an empty tensor and a scalar", () => {
    expect(tf.debugging.checkNumerics(tf.zeros([0, 3]), "e").shape).toEqual([0, 3]);
    expect(tf.debugging.checkNumerics(2.5, "s").item()).toBe(2.5);
  });

  it.each([
    ["int32", () => tf.debugging.checkNumerics(tf.tensor([1, 2], [2], "int32"), "m"), /checkNumerics: .*int32; it takes float32 or float64/],
    ["bool", () => tf.debugging.checkNumerics(tf.tensor([true]), "m"), /checkNumerics: .*bool; it takes float32 or float64/],
    ["message not a string", () => tf.debugging.checkNumerics(tf.ones([2]), 3 as unknown as string), /checkNumerics: message must be a string/],
    ["disposed tensor", () => {
      const x = tf.ones([2]);
      x.dispose();
      return tf.debugging.checkNumerics(x, "m");
    }, /checkNumerics: .*disposed/],
  ])("refuses %s with a clear Error", (_, run, message) => {
    expect(run).toThrow(message);
    expect(tf.matmul(tf.ones([2, 3]), tf.ones([3, 1])).data()).toEqual(new Float32Array([3, 3]));
  });

  it("checks the gradient flowing back through it, with TensorFlow's message", () => {
    const x = tf.tensor([0, 4]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(tf.sqrt(tf.debugging.checkNumerics(x, "inputs of sqrt"))));
    expect(() => tape.gradient(y, x)).toThrow(
      "checkNumerics: Not a number (NaN) or infinity (Inf) values detected in gradient. inputs of sqrt : Tensor had Infinity values",
    );
  });
});

describe("enableCheckNumerics", () => {
  it("is off by default, and a NaN then flows silently", () => {
    expect(tf.debugging.isCheckNumericsEnabled()).toBe(false);
    expect(Number.isNaN(tf.log(tf.tensor([-1])).item())).toBe(true);
  });

  const producers: [string, () => tf.Tensor, RegExp][] = [
    ["log of 0", () => tf.log(tf.tensor([1, 0, 2])), /op "log" produced -Infinity at index \[1\] of its output \(float32 \[3\]\); input 0 Tensor#\d+ \(float32 \[3\]\) was finite/],
    ["sqrt of a negative (float64)", () => tf.sqrt(tf.tensor([[4, 1], [-1, 9]], [2, 2], "float64")), /op "sqrt" produced NaN at index \[1, 0\] of its output \(float64 \[2,2\]\)/],
    ["division by zero", () => tf.div(tf.tensor([1, 2]), tf.tensor([1, 0])), /op "div" produced Infinity at index \[1\]/],
    ["overflowing exp", () => tf.exp(tf.tensor([100])), /op "exp" produced Infinity at index \[0\]/],
    ["matmul overflow", () => tf.matmul(tf.fill([2, 2], 3e38), tf.fill([2, 2], 3e38)), /op "matmul" produced Infinity/],
    ["floor of Infinity (an op without a gradient)", () => tf.floor(tf.tensor([1.5, -Infinity])), /op "floor" produced -Infinity at index \[1\].*already held -Infinity at \[1\]/],
    ["reduceSum overflow", () => tf.reduceSum(tf.fill([4], 3e38)), /op "reduceSum" produced Infinity at index \[\] of its output \(float32 \[\]\)/],
  ];
  it.each(producers)("names the op on %s", (_, run, message) => {
    tf.debugging.enableCheckNumerics();
    const before = tf.memory().numTensors;
    expect(run).toThrow(message);
    tf.debugging.disableCheckNumerics();
    // The inputs the case created remain; the bad output was freed.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2);
  });

  it("says when the op's input already held a NaN from outside the ops", () => {
    const data = tf.tensor([1, NaN, 3]);
    tf.debugging.enableCheckNumerics();
    expect(() => tf.mul(data, 2)).toThrow(/op "mul" produced NaN at index \[1\].*input 0 Tensor#\d+ \(float32 \[3\]\) already held NaN at \[1\]/);
  });

  it("stops at the first op, so later ops never see the NaN", () => {
    tf.debugging.enableCheckNumerics();
    const x = tf.tensor([-1, 1]);
    expect(() => tf.exp(tf.mul(tf.log(x), 2))).toThrow(/op "log"/);
  });

  it("names the gradient rule an op ran in", () => {
    tf.debugging.enableCheckNumerics();
    const w = new tf.Variable(tf.tensor([1, 2]));
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.sqrt(tf.sub(w, 1))));
    expect(loss.item()).toBe(1);
    expect(() => tape.gradient(loss, w)).toThrow(/op "div" while computing the gradient of "sqrt" produced Infinity at index \[0\]/);
  });

  it("passes finite training steps untouched, and turns off", () => {
    tf.debugging.enableCheckNumerics();
    expect(tf.debugging.isCheckNumericsEnabled()).toBe(true);
    const w = new tf.Variable(tf.tensor([[0.5, -0.2], [0.1, 0.3]]));
    const x = tf.tensor([[1, 2]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(tf.square(tf.matmul(x, w))));
    const g = tape.gradient(loss, w) as tf.Tensor;
    // d/dw mean((xw)^2) = x^T (xw) for two outputs: xw = [0.7, 0.4].
    expect(Array.from(g.data()).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.7, 0.4, 1.4, 0.8]);
    tf.debugging.disableCheckNumerics();
    expect(tf.debugging.isCheckNumericsEnabled()).toBe(false);
    expect(Number.isNaN(tf.sqrt(tf.tensor([-1])).item())).toBe(true);
  });

  it("leaves integer and boolean outputs alone", () => {
    tf.debugging.enableCheckNumerics();
    expect(Array.from(tf.add(tf.tensor([2147483647], [1], "int32"), tf.tensor([1], [1], "int32")).data())).toEqual([-2147483648]);
    expect(Array.from(tf.greater(tf.tensor([NaN, 1]), tf.tensor([0, 0])).data())).toEqual([0, 1]);
  });
});
