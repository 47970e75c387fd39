import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose, type Tolerance } from "../util/close.js";
import { randomValues, sizeOf } from "../util/reference.js";
import { softmaxRef } from "../reference/reduce.js";

const FLOATS = ["float32", "float64"] as const;
const OPS = [
  { name: "softmax", log: false },
  { name: "logSoftmax", log: true },
] as const;
// exp of a float32 difference: the difference's rounding (|x - max| ulps) dominates.
const TOL: Record<(typeof FLOATS)[number], Tolerance> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-13 },
};

function expectSoftmax(y: tf.Tensor, x: tf.Tensor, axis: number, log: boolean): void {
  const a = axis < 0 ? axis + x.rank : axis;
  expect(y.shape).toEqual(x.shape);
  expect(y.dtype).toBe(x.dtype);
  expectClose(y.data(), softmaxRef(log, x.data(), x.shape, a), TOL[x.dtype as (typeof FLOATS)[number]]);
}

describe("softmax and logSoftmax against the float64 reference", () => {
  const shapes = [[1], [5], [3, 4], [2, 3, 4], [2, 3, 1, 5], [4, 37], [37, 5, 3], [3, 2, 2, 9]];
  for (const shape of shapes) {
    for (const dtype of FLOATS) {
      for (const { name, log } of OPS) {
        it(`${name} ${dtype} ${JSON.stringify(shape)}: every axis, positive and negative`, () => {
          const x = tf.tensor(randomValues(sizeOf(shape), 21, -8, 8), shape, dtype);
          expectSoftmax(tf[name](x), x, -1, log);
          for (let axis = 0; axis < shape.length; axis++) {
            expectSoftmax(tf[name](x, axis), x, axis, log);
            expectSoftmax(tf[name](x, axis - shape.length), x, axis, log);
          }
        });
      }
    }
  }

  it("methods, nested arrays and the default last axis", () => {
    const p = tf.tensor([[1, 2, 3]]).softmax();
    expectClose(p.data(), softmaxRef(false, [1, 2, 3], [1, 3], 1));
    expectClose(tf.logSoftmax([0, 0]).data(), [-Math.LN2, -Math.LN2]);
  });
});

describe("numerical stability", () => {
  for (const dtype of FLOATS) {
    it(`${dtype}: logits of +-1000 give finite, exact-looking results along rows and columns`, () => {
      const logits = [1000, -1000, 0, 999];
      const p = tf.softmax(tf.tensor(logits, [4], dtype)).data();
      const e = Math.exp(-1);
      expectClose(p, [1 / (1 + e), 0, 0, e / (1 + e)], TOL[dtype]);
      const lp = tf.logSoftmax(tf.tensor(logits, [4], dtype)).data();
      const lse = Math.log1p(e);
      expectClose(lp, [-lse, -2000 - lse, -1000 - lse, -1 - lse], TOL[dtype]);
      for (const v of [...p, ...lp]) expect(Number.isFinite(v)).toBe(true);
      // Down columns: the same logits as a [4, 3] tensor reduced along axis 0.
      const cols = tf.tensor(logits.flatMap((v) => [v, -v, v]), [4, 3], dtype);
      const pc = tf.softmax(cols, 0);
      const lc = tf.logSoftmax(cols, 0);
      expectSoftmax(pc, cols, 0, false);
      expectSoftmax(lc, cols, 0, true);
      for (const v of [...pc.data(), ...lc.data()]) expect(Number.isFinite(v)).toBe(true);
      expectClose(tf.softmax(tf.tensor([-1000, -1000], [2], dtype)).data(), [0.5, 0.5], TOL[dtype]);
    });

    it(`${dtype}: rows of large random logits sum to 1`, () => {
      const shape = [64, 1001];
      const x = tf.tensor(randomValues(sizeOf(shape), 5, -50, 50), shape, dtype);
      for (const axis of [1, 0]) {
        const p = tf.softmax(x, axis);
        const sums = tf.reduceSum(p, axis).data();
        expectClose(sums, new Array<number>(sums.length).fill(1), dtype === "float32" ? { rtol: 1e-5, atol: 0 } : { rtol: 1e-13, atol: 0 });
        expectSoftmax(p, x, axis, false);
        expectSoftmax(tf.logSoftmax(x, axis), x, axis, true);
      }
    });

    it(`${dtype}: NaN and infinities stay in their own row`, () => {
      const inf = Infinity;
      const rows = [
        [1, NaN, 2],
        [0, -inf, 1],
        [-inf, -inf, -inf],
        [inf, 0, 1],
        [1, 2, 3],
      ];
      const x = tf.tensor(rows, undefined, dtype);
      for (const { name, log } of OPS) {
        expectSoftmax(tf[name](x), x, -1, log);
        expectSoftmax(tf[name](x, 0), x, 0, log);
      }
      const p = tf.softmax(x).array() as number[][];
      expect(p[0].every(Number.isNaN)).toBe(true);
      expect(p[1][1]).toBe(0);
      expect(tf.logSoftmax(x).array()).toSatisfy((l: number[][]) => l[1][1] === -inf);
      expectClose(p[4], softmaxRef(false, [1, 2, 3], [3], 0), TOL[dtype]);
    });
  }

  it("a long float32 row (vector loops and tail)", () => {
    const x = tf.tensor(randomValues(100_003, 9, -20, 20), [100_003]);
    expectSoftmax(tf.softmax(x), x, 0, false);
    expectSoftmax(tf.logSoftmax(x), x, 0, true);
  });
});

describe("empty tensors", () => {
  for (const shape of [[0], [0, 3], [3, 0], [2, 0, 4]]) {
    it(JSON.stringify(shape), () => {
      for (const { name } of OPS) {
        for (let axis = 0; axis < shape.length; axis++) {
          const y = tf[name](tf.zeros(shape), axis);
          expect(y.shape).toEqual(shape);
          expect(y.size).toBe(0);
        }
      }
    });
  }
});

describe("errors, after which the engine keeps working", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "int32 logits", run: () => tf.softmax(tf.tensor([1, 2], [2], "int32")), message: /softmax: needs a float tensor, got int32 \[2\]/ },
    { name: "bool logits", run: () => tf.logSoftmax(tf.constant([true])), message: /logSoftmax: needs a float tensor, got bool/ },
    { name: "scalar logits", run: () => tf.softmax(tf.constant(1)), message: /softmax: logits must have >= 1 dimension, got shape \[\]/ },
    { name: "axis out of range", run: () => tf.softmax(tf.zeros([2, 3]), 2), message: /softmax: axis 2 is out of range for a tensor of rank 2/ },
    { name: "negative axis out of range", run: () => tf.logSoftmax(tf.zeros([2, 3]), -3), message: /logSoftmax: axis -3 is out of range for a tensor of rank 2/ },
    { name: "axis list", run: () => tf.softmax(tf.zeros([2, 3]), [0] as never), message: /softmax: axis must be one integer/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      expectClose(tf.softmax(tf.tensor([[0, 0], [1, 1]]), 0).data(), softmaxRef(false, [0, 0, 1, 1], [2, 2], 0));
    });
  }
});
