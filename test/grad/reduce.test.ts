// Gradients of the reductions, softmax, logSoftmax, addN and clipByNorm.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { addNRef, clipByNormRef, type Reduction, reduceRef, softmaxRef } from "../reference/reduce.js";
import { checkGradients, type GradCase } from "../util/gradcheck.js";
import { randomValues, sizeOf } from "../util/reference.js";

type Row = [string, GradCase];
type Axis = number | number[] | undefined;
const S = [2, 3, 4];

/** Distinct values at least 0.1 apart, in a scrambled order, so that max and min have no near-ties. */
function distinct(n: number, seed: number): number[] {
  const keys = randomValues(n, seed);
  return keys.map((k) => keys.filter((other) => other < k).length * 0.13 - 1.5);
}

function axesOf(axis: Axis, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  return (typeof axis === "number" ? [axis] : axis).map((a) => (a < 0 ? a + rank : a));
}

const OPS: [string, Reduction, (x: tf.Tensor, axis?: Axis, keepdims?: boolean) => tf.Tensor][] = [
  ["reduceSum", "sum", tf.reduceSum],
  ["reduceMean", "mean", tf.reduceMean],
  ["reduceMax", "max", tf.reduceMax],
  ["reduceMin", "min", tf.reduceMin],
];
const AXES: [string, Axis, number[]][] = [
  ["all axes", undefined, S],
  ["axis 1", 1, S],
  ["axis -1", -1, S],
  ["axes [0, 2]", [0, 2], S],
  ["axes [-1, 0]", [-1, 0], S],
  ["axes []", [], S],
  ["axis 0 of a vector", 0, [5]],
  ["a scalar", undefined, []],
];

const reductionRows: Row[] = OPS.flatMap(([name, kind, op]) =>
  AXES.flatMap(([label, axis, shape]) =>
    [false, true].map((keepdims): Row => [
      `${name} ${label}${keepdims ? " keepdims" : ""}`,
      {
        run: (x) => op(x, axis, keepdims),
        ref: ([x]) => reduceRef(kind, x, shape, axesOf(axis, shape.length), keepdims, "float64").values,
        shapes: [shape],
        values: [distinct(sizeOf(shape), 3)],
        secondOrder: "zero",
      },
    ]),
  ),
);

/** Reductions of a smooth function, so that the second order runs through the reductions' rules. */
const smoothRows: Row[] = OPS.map(([name, kind, op]): Row => [
  `${name} of exp, axes [0, 2], second order`,
  {
    run: (x) => tf.mul(op(tf.exp(x), [0, 2]), op(x, [0, 2])),
    ref: ([x]) => {
      const a = reduceRef(kind, x.map(Math.exp), S, [0, 2], false, "float64").values;
      const b = reduceRef(kind, x, S, [0, 2], false, "float64").values;
      return a.map((v, i) => v * b[i]);
    },
    shapes: [S],
    values: [distinct(24, 4)],
  },
]);

const softmaxRows: Row[] = (["softmax", "logSoftmax"] as const).flatMap((name) =>
  (
    [
      [undefined, S],
      [-1, S],
      [0, S],
      [1, S],
      [0, [5]],
      [-2, [3, 1]],
    ] as [number | undefined, number[]][]
  ).map(([axis, shape]): Row => [
    `${name} axis ${axis ?? "default"} of [${shape}]`,
    {
      run: (x) => (axis === undefined ? tf[name](x) : tf[name](x, axis)),
      ref: ([x]) => softmaxRef(name === "logSoftmax", x, shape, (axis ?? -1) < 0 ? (axis ?? -1) + shape.length : axis!),
      shapes: [shape],
      domain: [-3, 3],
    },
  ]),
);

const clipByNormRows: Row[] = [
  ["clipByNorm all axes, norm above", { run: (x) => tf.clipByNorm(x, 1.5), ref: ([x], [s]) => clipByNormRef(x, s, 1.5), shapes: [[2, 3]] }],
  ["clipByNorm all axes, norm below", { run: (x) => tf.clipByNorm(x, 10), ref: ([x], [s]) => clipByNormRef(x, s, 10), shapes: [[2, 3]], secondOrder: "zero" }],
  ["clipByNorm axis 1, every row above", { run: (x) => tf.clipByNorm(x, 0.5, 1), ref: ([x], [s]) => clipByNormRef(x, s, 0.5, [1]), shapes: [[3, 4]] }],
  ["clipByNorm axis -1, rows above and below", { run: (x) => tf.clipByNorm(x, 1, -1), ref: ([x], [s]) => clipByNormRef(x, s, 1, [1]), shapes: [[3, 2]], values: [[2, 1, 0.3, -0.4, -1.5, 0.9]] }],
  ["clipByNorm axes [0, 2] of rank 3", { run: (x) => tf.clipByNorm(x, 1.2, [0, 2]), ref: ([x], [s]) => clipByNormRef(x, s, 1.2, [0, 2]), shapes: [[2, 3, 2]] }],
  ["clipByNorm axis 1 with a zero row", { run: (x) => tf.clipByNorm(x, 1, 1), ref: ([x], [s]) => clipByNormRef(x, s, 1, [1]), shapes: [[3, 2]], values: [[2, 1, 0, 0, -1.5, 0.9]] }],
  ["clipByNorm of a scalar", { run: (x) => tf.clipByNorm(x, 0.5), ref: ([x], [s]) => clipByNormRef(x, s, 0.5), shapes: [[]], values: [[-1.7]] }],
];

const addNRows: Row[] = [
  ["addN of three", { run: (a, b, c) => tf.addN([a, b, c]), ref: (xs) => addNRef(xs, "float64"), shapes: [[2, 3], [2, 3], [2, 3]], secondOrder: "zero" }],
  ["addN of one", { run: (a) => tf.addN([a]), ref: (xs) => addNRef(xs, "float64"), shapes: [[4]], secondOrder: "zero" }],
  ["addN of one tensor twice, and its square", { run: (a) => tf.addN([a, tf.square(a), a]), ref: ([a]) => a.map((v) => 2 * v + v * v), shapes: [[2, 2]] }],
];

describe("reduction gradients (float64)", () => {
  it.each([...reductionRows, ...smoothRows])("%s", (_, c) => checkGradients(c));
});

describe("softmax and logSoftmax gradients (float64, first and second order)", () => {
  it.each(softmaxRows)("%s", (_, c) => checkGradients(c));
});

describe("clipByNorm and addN gradients (float64)", () => {
  it.each([...clipByNormRows, ...addNRows])("%s", (_, c) => checkGradients(c));
});

const f32Rows: Row[] = [
  ["reduceSum axis 1", { run: (x) => tf.reduceSum(x, 1), ref: ([x]) => reduceRef("sum", x, S, [1], false, "float64").values, shapes: [S] }],
  ["reduceMean axes [0, 2] keepdims", { run: (x) => tf.reduceMean(x, [0, 2], true), ref: ([x]) => reduceRef("mean", x, S, [0, 2], true, "float64").values, shapes: [S] }],
  ["reduceMax axis -1", { run: (x) => tf.reduceMax(x, -1), ref: ([x]) => reduceRef("max", x, S, [2], false, "float64").values, shapes: [S], values: [distinct(24, 5)] }],
  ["softmax axis 1", { run: (x) => tf.softmax(x, 1), ref: ([x]) => softmaxRef(false, x, S, 1), shapes: [S] }],
  ["logSoftmax", { run: (x) => tf.logSoftmax(x), ref: ([x]) => softmaxRef(true, x, S, 2), shapes: [S] }],
  ["clipByNorm axis 1", { run: (x) => tf.clipByNorm(x, 0.5, 1), ref: ([x], [s]) => clipByNormRef(x, s, 0.5, [1]), shapes: [[3, 4]] }],
  ["addN", { run: (a, b) => tf.addN([a, b]), ref: (xs) => addNRef(xs, "float64"), shapes: [[5], [5]] }],
];

describe("reduction gradients (float32, first order)", () => {
  it.each(f32Rows)("%s", (_, c) => checkGradients({ ...c, dtype: "float32" }));
});

describe("reduceMax and reduceMin with ties", () => {
  it.each([
    ["reduceMax", tf.reduceMax, [1, 3, 3, 2], [0, 0.5, 0.5, 0]],
    ["reduceMin", tf.reduceMin, [-1, 4, -1, -1], [1 / 3, 0, 1 / 3, 1 / 3]],
  ] as const)("%s shares the gradient equally among the tied elements", (_, op, values, expected) => {
    const x = tf.tensor(values.slice(), [4], "float64");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return op(x);
    });
    expect(Array.from(tape.gradient(y, x)!.data())).toEqual(expected);
  });
});
