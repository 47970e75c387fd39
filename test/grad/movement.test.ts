// Gradients of the movement ops. Each is linear, so its second order must be exactly zero; each is
// also checked under a square, so that the second order runs through its rule's own ops.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { refConcat, refGather, refPad, refSlice, refStack, refTile, refTranspose } from "../reference/movement.js";
import { refSegmentSum } from "../reference/segment.js";
import { checkGradients, type GradCase } from "../util/gradcheck.js";
import { ref } from "../util/reference.js";

type Row = [string, GradCase];

/** A one-input movement op with its reference. */
function one(name: string, shape: number[], run: (x: tf.Tensor) => tf.Tensor, f: (x: number[], shape: number[]) => number[]): Row {
  return [name, { run, ref: ([x]) => f(x, shape), shapes: [shape], secondOrder: "zero" }];
}

/** A several-input movement op with its reference. */
function many(name: string, shapes: number[][], run: (xs: tf.Tensor[]) => tf.Tensor, f: (xs: number[][], shapes: number[][]) => number[]): Row {
  return [name, { run: (...xs) => run(xs), ref: f, shapes, secondOrder: "zero" }];
}

const indices01 = tf.tensor([2, 0, 2, 1, 2], [5], "int32");
const indices2d = tf.tensor([1, 1, 0, 3, 3, 3], [2, 3], "int32");

const rows: Row[] = [
  one("reshape [2,3] -> [3,2]", [2, 3], (x) => tf.reshape(x, [3, 2]), (x) => x),
  one("reshape [2,3,2] -> [-1, 4]", [2, 3, 2], (x) => tf.reshape(x, [-1, 4]), (x) => x),
  one("reshape [] -> [1,1]", [], (x) => tf.reshape(x, [1, 1]), (x) => x),
  one("expandDims axis 0", [2, 3], (x) => tf.expandDims(x, 0), (x) => x),
  one("expandDims axis -1", [2, 3], (x) => tf.expandDims(x, -1), (x) => x),
  one("squeeze all", [1, 3, 1], (x) => tf.squeeze(x), (x) => x),
  one("squeeze axis -1", [1, 3, 1], (x) => tf.squeeze(x, -1), (x) => x),
  one("transpose default", [2, 3], (x) => tf.transpose(x), (x, s) => refTranspose(ref(s, x)).values),
  one("transpose [1,2,0]", [2, 3, 4], (x) => tf.transpose(x, [1, 2, 0]), (x, s) => refTranspose(ref(s, x), [1, 2, 0]).values),
  one("transpose [2,0,1]", [2, 3, 4], (x) => tf.transpose(x, [2, 0, 1]), (x, s) => refTranspose(ref(s, x), [2, 0, 1]).values),
  one("slice", [3, 4], (x) => tf.slice(x, [1, 1], [2, 2]), (x, s) => refSlice(ref(s, x), [1, 1], [2, 2]).values),
  one("slice size -1 and rank 3", [2, 3, 4], (x) => tf.slice(x, [0, 1, 2], [-1, 2, -1]), (x, s) => refSlice(ref(s, x), [0, 1, 2], [-1, 2, -1]).values),
  one("slice without size", [3, 4], (x) => tf.slice(x, [2, 1]), (x, s) => refSlice(ref(s, x), [2, 1], [-1, -1]).values),
  one("pad", [2, 3], (x) => tf.pad(x, [[1, 0], [2, 1]]), (x, s) => refPad(ref(s, x), [[1, 0], [2, 1]], 0).values),
  one("pad with a constant, rank 3", [2, 1, 2], (x) => tf.pad(x, [[0, 1], [1, 1], [0, 0]], 0.5), (x, s) => refPad(ref(s, x), [[0, 1], [1, 1], [0, 0]], 0.5).values),
  one("tile [2,3] x [2,1]", [2, 3], (x) => tf.tile(x, [2, 1]), (x, s) => refTile(ref(s, x), [2, 1]).values),
  one("tile [2,1,3] x [1,3,2]", [2, 1, 3], (x) => tf.tile(x, [1, 3, 2]), (x, s) => refTile(ref(s, x), [1, 3, 2]).values),
  one("gather axis 0, repeated indices", [3, 2], (x) => tf.gather(x, indices01), (x, s) => refGather(ref(s, x), ref([5], [2, 0, 2, 1, 2]), 0).values),
  one("gather axis 1, repeated indices", [2, 3, 2], (x) => tf.gather(x, indices01, 1), (x, s) => refGather(ref(s, x), ref([5], [2, 0, 2, 1, 2]), 1).values),
  one("gather axis -1, 2-D indices", [2, 4], (x) => tf.gather(x, indices2d, -1), (x, s) => refGather(ref(s, x), ref([2, 3], [1, 1, 0, 3, 3, 3]), 1).values),
  one("gather a scalar index", [3, 2], (x) => tf.gather(x, 1), (x, s) => refGather(ref(s, x), ref([], [1]), 0).values),
  one("gather of a vector", [4], (x) => tf.gather(x, [3, 3, 0]), (x, s) => refGather(ref(s, x), ref([3], [3, 3, 0]), 0).values),
  one("unsortedSegmentSum, repeated and negative ids", [5, 2], (x) => tf.unsortedSegmentSum(x, [2, 0, -1, 2, 1], 4), (x, s) => refSegmentSum(x, s, [2, 0, -1, 2, 1], 1, 4)),
  // Regression: with no segments the rule gathered from an empty gradient and threw.
  one("unsortedSegmentSum with no segments, every row dropped", [3, 2], (x) => tf.unsortedSegmentSum(x, [-1, -1, -1], 0), (x, s) => refSegmentSum(x, s, [-1, -1, -1], 1, 0)),
  one("unsortedSegmentSum with 2-D ids", [2, 3, 2], (x) => tf.unsortedSegmentSum(x, tf.tensor([0, 1, 0, 2, 2, -1], [2, 3], "int32"), 3), (x, s) => refSegmentSum(x, s, [0, 1, 0, 2, 2, -1], 2, 3)),
  many("concat axis 0", [[1, 3], [2, 3]], (xs) => tf.concat(xs, 0), (xs, s) => refConcat(xs.map((x, i) => ref(s[i], x)), 0).values),
  many("concat axis -1 of three", [[2, 1], [2, 3], [2, 2]], (xs) => tf.concat(xs, -1), (xs, s) => refConcat(xs.map((x, i) => ref(s[i], x)), 1).values),
  many("concat axis 1 of rank 3", [[2, 2, 2], [2, 1, 2]], (xs) => tf.concat(xs, 1), (xs, s) => refConcat(xs.map((x, i) => ref(s[i], x)), 1).values),
  many("stack axis 0", [[2, 3], [2, 3]], (xs) => tf.stack(xs), (xs, s) => refStack(xs.map((x, i) => ref(s[i], x)), 0).values),
  many("stack axis 1 of three", [[2, 3], [2, 3], [2, 3]], (xs) => tf.stack(xs, 1), (xs, s) => refStack(xs.map((x, i) => ref(s[i], x)), 1).values),
  many("stack axis -1", [[3], [3]], (xs) => tf.stack(xs, -1), (xs, s) => refStack(xs.map((x, i) => ref(s[i], x)), 1).values),
  many("stack of scalars", [[], [], []], (xs) => tf.stack(xs), (xs) => xs.map((x) => x[0])),
];

/** The same ops under a square: the second order runs through each rule's ops. */
const squaredRows: Row[] = rows.map(([name, c]): Row => [
  `square of ${name}`,
  { ...c, run: (...xs) => tf.square(c.run(...xs)), ref: (xs, s) => c.ref(xs, s).map((v) => v * v), secondOrder: "check" },
]);

describe("movement gradients (float64, second order zero)", () => {
  it.each(rows)("%s", (_, c) => checkGradients(c));
});

describe("movement gradients under a square (float64, first and second order)", () => {
  it.each(squaredRows)("%s", (_, c) => checkGradients(c));
});

describe("movement gradients (float32, first order)", () => {
  const picked = new Set(["transpose [1,2,0]", "slice size -1 and rank 3", "pad", "tile [2,1,3] x [1,3,2]", "gather axis 1, repeated indices", "concat axis -1 of three", "stack axis 1 of three"]);
  it.each(rows.filter(([name]) => picked.has(name)))("%s", (_, c) => checkGradients({ ...c, dtype: "float32" }));
});

describe("movement gradients of empty results", () => {
  const cases: [string, number[], (x: tf.Tensor) => tf.Tensor][] = [
    ["gather of no indices", [3, 2], (x) => tf.gather(x, tf.tensor([], [0], "int32"))],
    ["slice of size 0", [3, 2], (x) => tf.slice(x, [1, 0], [0, 2])],
    ["tile with a 0 multiple", [3, 2], (x) => tf.tile(x, [0, 1])],
  ];
  it.each(cases)("%s gives a zero gradient of the input's shape", (_, shape, op) => {
    const x = tf.ones(shape, "float64");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(op(x));
    });
    const g = tape.gradient(y, x);
    expect(g!.shape).toEqual(shape);
    expect(Array.from(g!.data())).toEqual(new Array(6).fill(0));
  });
});
