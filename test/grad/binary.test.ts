// Gradients of the element-wise binary ops, selection and cast, over broadcasting shapes: the backprop
// walk's sumTo must bring each gradient back to its input's shape.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { broadcastApply, clipOp, floatOps, whereOp } from "../reference/binary.js";
import { broadcasting, pow } from "../reference/grad.js";
import { awayFrom, checkGradients, type GradCase } from "../util/gradcheck.js";
import { randomValues, ref, sizeOf } from "../util/reference.js";

type Row = [string, GradCase];
type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** Shape pairs covering every way broadcasting can expand an operand. */
const SHAPES: [string, number[], number[]][] = [
  ["[2,3] x [2,3]", [2, 3], [2, 3]],
  ["[2,3] x [3]", [2, 3], [3]],
  ["[3] x [2,3]", [3], [2, 3]],
  ["[2,1] x [1,4]", [2, 1], [1, 4]],
  ["[] x [2,3]", [], [2, 3]],
  ["[2,3] x []", [2, 3], []],
  ["[3,1] x [2,1,4]", [3, 1], [2, 1, 4]],
  ["[1,1] x []", [1, 1], []],
];

/** Values on a half-integer grid: a on odd quarters, b on multiples of 1/2, so a - b is never near 0. */
function grid(n: number, seed: number, offset: number): number[] {
  return randomValues(n, seed, 0, 8).map((u) => Math.floor(u) / 2 - 2 + offset);
}

function binaryRows(name: string, op: Binary, f: (x: number, y: number) => number, values: (sa: number[], sb: number[]) => Partial<GradCase>): Row[] {
  return SHAPES.map(([label, sa, sb]) => [`${name} ${label}`, { run: op, ref: broadcasting(f), shapes: [sa, sb], ...values(sa, sb) }]);
}

const anywhere = (): Partial<GradCase> => ({});
const nonzeroDivisor = (sa: number[], sb: number[]): Partial<GradCase> => ({
  values: [randomValues(sizeOf(sa), 1, -2, 2), awayFrom([0], sizeOf(sb), 2, -2, 2, 0.5)],
});
const positiveBase = (sa: number[], sb: number[]): Partial<GradCase> => ({
  values: [randomValues(sizeOf(sa), 1, 0.4, 2.5), randomValues(sizeOf(sb), 2, -2, 2)],
});
const apart = (sa: number[], sb: number[]): Partial<GradCase> => ({
  values: [grid(sizeOf(sa), 1, 0.25), grid(sizeOf(sb), 2, 0)],
  secondOrder: "zero",
});

const rows: Row[] = [
  ...binaryRows("add", tf.add, floatOps.add, () => ({ secondOrder: "zero" })),
  ...binaryRows("sub", tf.sub, floatOps.sub, () => ({ secondOrder: "zero" })),
  ...binaryRows("mul", tf.mul, floatOps.mul, anywhere),
  ...binaryRows("div", tf.div, floatOps.div, nonzeroDivisor),
  ...binaryRows("pow", tf.pow, pow, positiveBase),
  ...binaryRows("maximum", tf.maximum, floatOps.maximum, apart),
  ...binaryRows("minimum", tf.minimum, floatOps.minimum, apart),
  ["mul x * x (one tensor twice)", { run: (x) => tf.mul(x, x), ref: ([x]) => x.map((v) => v * v), shapes: [[2, 3]] }],
  ["pow of a negative base to a constant integer power", { run: (x) => tf.pow(x, 3), ref: ([x]) => x.map((v) => v ** 3), shapes: [[2, 3]] }],
  ["pow to a constant fractional power", { run: (x) => tf.pow(x, -1.5), ref: ([x]) => x.map((v) => v ** -1.5), shapes: [[2, 3]], domain: [0.3, 2] }],
  ["sub with a number first", { run: (x) => tf.sub(1, x), ref: ([x]) => x.map((v) => 1 - v), shapes: [[2, 3]], secondOrder: "zero" }],
  ["div with a number first", { run: (x) => tf.div(2, x), ref: ([x]) => x.map((v) => 2 / v), shapes: [[3]], domain: [0.5, 2] }],
];

describe("binary gradients (float64, first and second order)", () => {
  it.each(rows)("%s", (_, c) => checkGradients(c));
});

const condShape = [2, 3];
const condValues = [1, 0, 0, 1, 1, 0];
const cond = tf.tensor(condValues.map(Boolean), condShape, "bool");
const rowCond = tf.tensor([true, false], [2, 1], "bool");
const whereRef = (condition: number[], shape: number[]) => (xs: number[][], shapes: number[][]) =>
  broadcastApply(whereOp, ref(shape, condition), ref(shapes[0], xs[0]), ref(shapes[1], xs[1])).values;

const clipValues = [grid(6, 3, 0.25), [-0.5], [0.5, 1, 1.5]];
const selectionRows: Row[] = [
  ["where [2,3] x [2,3]", { run: (a, b) => tf.where(cond, a, b), ref: whereRef(condValues, condShape), shapes: [[2, 3], [2, 3]], secondOrder: "zero" }],
  ["where [2,3] x [3]", { run: (a, b) => tf.where(cond, a, b), ref: whereRef(condValues, condShape), shapes: [[2, 3], [3]], secondOrder: "zero" }],
  ["where [] x [2,3]", { run: (a, b) => tf.where(cond, a, b), ref: whereRef(condValues, condShape), shapes: [[], [2, 3]], secondOrder: "zero" }],
  ["where, condition [2,1] broadcast to [2,3]", { run: (a, b) => tf.where(rowCond, a, b), ref: whereRef([1, 0], [2, 1]), shapes: [[2, 3], [1, 3]], secondOrder: "zero" }],
  ["where of a smooth op", { run: (a, b) => tf.where(cond, tf.exp(a), tf.mul(a, b)), ref: (xs, shapes) => whereRef(condValues, condShape)([xs[0].map(Math.exp), xs[0].map((v, i) => v * xs[1][i])], shapes), shapes: [[2, 3], [2, 3]] }],
  ["where, one-element [1] x [] (condition [1])", { run: (a, b) => tf.where(tf.tensor([true]), a, b), ref: whereRef([1], [1]), shapes: [[1], []], secondOrder: "zero" }],
  ["clipByValue of one element [1,1], number bounds", { run: (x) => tf.clipByValue(x, -1, 1), ref: ([x]) => x.map((v) => clipOp(v, -1, 1)), shapes: [[1, 1]], values: [[0.3]], secondOrder: "zero" }],
  ["clipByValue, tensor bounds [] and [3]", { run: tf.clipByValue, ref: broadcasting(clipOp), shapes: [[2, 3], [], [3]], values: clipValues, secondOrder: "zero" }],
  ["clipByValue, number bounds", { run: (x) => tf.clipByValue(x, -0.6, 0.9), ref: ([x]) => x.map((v) => clipOp(v, -0.6, 0.9)), shapes: [[2, 3]], values: [clipValues[0]], secondOrder: "zero" }],
  ["clipByValue with crossed bounds (lo > hi) where lo wins", { run: tf.clipByValue, ref: broadcasting(clipOp), shapes: [[2, 3], [3], [3]], values: [grid(6, 5, 0.25), [-0.6, 0.9, 0.4], [0.9, -0.1, -0.4]], secondOrder: "zero" }],
  ["clipByValue of a square", { run: (x) => tf.clipByValue(tf.square(x), 0.3, 2), ref: ([x]) => x.map((v) => clipOp(v * v, 0.3, 2)), shapes: [[2, 3]], values: [[-1.3, -0.8, 0.2, 0.4, 1.1, 1.6]] }],
  ["cast float64 -> float32 -> float64", { run: (x) => tf.cast(tf.cast(x, "float32"), "float64"), ref: ([x]) => x, shapes: [[2, 3]], values: [randomValues(6, 4, -2, 2).map(Math.fround)], secondOrder: "zero" }],
  ["cast of a smooth op", { run: (x) => tf.exp(tf.cast(tf.square(tf.cast(x, "float32")), "float64")), ref: ([x]) => x.map((v) => Math.exp(v * v)), shapes: [[3]], values: [[0.5, -0.75, 1.25]], secondOrder: "skip" }],
];

describe("selection and cast gradients (float64)", () => {
  it.each(selectionRows)("%s", (_, c) => checkGradients(c));
});

const f32Rows: Row[] = [
  ["mul [2,3] x [3]", { run: tf.mul, ref: broadcasting(floatOps.mul), shapes: [[2, 3], [3]] }],
  ["div [2,1] x [1,4]", { run: tf.div, ref: broadcasting(floatOps.div), shapes: [[2, 1], [1, 4]], values: [randomValues(2, 1, -2, 2), [0.7, -1.2, 1.9, 0.6]] }],
  ["pow [] x [2,3]", { run: tf.pow, ref: broadcasting(pow), shapes: [[], [2, 3]], values: [[1.7], randomValues(6, 2, -2, 2)] }],
  ["maximum [2,3] x []", { run: tf.maximum, ref: broadcasting(floatOps.maximum), shapes: [[2, 3], []], values: [grid(6, 1, 0.25), [0]] }],
  ["where [2,3] x [3]", { run: (a, b) => tf.where(cond, a, b), ref: whereRef(condValues, condShape), shapes: [[2, 3], [3]] }],
  ["cast float32 -> float64 -> float32", { run: (x) => tf.cast(tf.mul(tf.cast(x, "float64"), 3), "float32"), ref: ([x]) => x.map((v) => 3 * v), shapes: [[2, 3]] }],
];

describe("binary gradients (float32, first order)", () => {
  it.each(f32Rows)("%s", (_, c) => checkGradients({ ...c, dtype: "float32" }));
});

describe("pow's exponent gradient where the base is not positive", () => {
  it("is 0, as TensorFlow takes it", () => {
    const a = tf.tensor([-2, 0, 3], [3], "float64");
    const b = tf.tensor([2, 3, 2], [3], "float64");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return tf.pow(a, b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expect(Array.from(ga!.data())).toEqual([-4, 0, 6]);
    const [gb0, gb1, gb2] = Array.from(gb!.data());
    expect([gb0, gb1]).toEqual([0, 0]);
    expect(gb2).toBeCloseTo(9 * Math.log(3), 12);
  });
});
