import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { randomValues, sizeOf } from "../util/reference.js";
import { argRef, type Reduction, reduceRef } from "../reference/reduce.js";

type NumericDType = "float32" | "float64" | "int32";
const DTYPES: NumericDType[] = ["float32", "float64", "int32"];
const REDUCTIONS: { name: "reduceSum" | "reduceMean" | "reduceMax" | "reduceMin"; kind: Reduction }[] = [
  { name: "reduceSum", kind: "sum" },
  { name: "reduceMean", kind: "mean" },
  { name: "reduceMax", kind: "max" },
  { name: "reduceMin", kind: "min" },
];
const EPS: Record<NumericDType, number> = { float32: 2 ** -24, float64: 2 ** -53, int32: 0 };

/** A tensor of deterministic values; the reference reads the stored (rounded) values back. */
function input(shape: number[], dtype: NumericDType, seed: number, lo = -10, hi = 10): tf.Tensor {
  const raw = randomValues(sizeOf(shape), seed, lo, hi);
  return tf.tensor(dtype === "int32" ? raw.map(Math.round) : raw, shape, dtype);
}

/**
 * Checks a reduction against the float64 reference: max and min exactly; sums and means within a
 * bound on summation error, proportional to the sum of magnitudes (independent of cancellation).
 */
function expectReduced(actual: tf.Tensor, kind: Reduction, x: tf.Tensor, axes: number[], keepdims: boolean): void {
  const dtype = x.dtype as NumericDType;
  const ref = reduceRef(kind, x.data(), x.shape, axes, keepdims, dtype);
  expect(actual.shape).toEqual(ref.shape);
  expect(actual.dtype).toBe(dtype);
  const got = actual.data();
  if (kind === "max" || kind === "min" || dtype === "int32") {
    expectClose(got, ref.values, { rtol: 0, atol: 0 });
    return;
  }
  for (let i = 0; i < ref.values.length; i++) {
    const bound = 32 * EPS[dtype] * (kind === "mean" ? ref.magnitude[i] / ref.count : ref.magnitude[i]);
    expectClose([got[i]], [ref.values[i]], { rtol: 2 * EPS[dtype], atol: bound });
  }
}

/** Every subset of the axes of a rank. */
function subsets(rank: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << rank; mask++) out.push(Array.from({ length: rank }, (_, d) => d).filter((d) => mask & (1 << d)));
  return out;
}

const SHAPES: number[][] = [[], [5], [3, 4], [2, 3, 4], [2, 3, 1, 5], [3, 1, 4, 2], [0], [2, 0, 3], [4, 0], [2, 9, 17]];

describe("reductions against the float64 reference", () => {
  for (const shape of SHAPES) {
    for (const dtype of DTYPES) {
      for (const { name, kind } of REDUCTIONS) {
        it(`${name} ${dtype} ${JSON.stringify(shape)}: every axis subset, negative and unsorted forms, keepdims`, () => {
          const x = input(shape, dtype, 7 + shape.length);
          for (const keepdims of [false, true]) {
            expectReduced(tf[name](x, undefined, keepdims), kind, x, shape.map((_, d) => d), keepdims);
            for (const axes of subsets(shape.length)) {
              expectReduced(tf[name](x, axes, keepdims), kind, x, axes, keepdims);
              const negative = axes.map((a) => a - shape.length).reverse();
              expectReduced(tf[name](x, negative, keepdims), kind, x, axes, keepdims);
              if (axes.length === 1) expectReduced(tf[name](x, axes[0], keepdims), kind, x, axes, keepdims);
            }
          }
        });
      }
    }
  }

  it("methods and nested-array inputs", () => {
    const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.reduceSum(1).array()).toEqual([6, 15]);
    expect(x.reduceMean(0, true).array()).toEqual([[2.5, 3.5, 4.5]]);
    expect(x.reduceMax().item()).toBe(6);
    expect(x.reduceMin([0, 1]).item()).toBe(1);
    expect(tf.reduceSum([[1, 2], [3, 4]], 0).array()).toEqual([4, 6]);
  });

  it("an empty axis list copies the tensor, keepdims or not", () => {
    const x = tf.tensor([[1, 2], [3, 4]], undefined, "int32");
    for (const { name } of REDUCTIONS) {
      const y = tf[name](x, [], true);
      expect(y.shape).toEqual([2, 2]);
      expect(y.array()).toEqual([[1, 2], [3, 4]]);
      expect(y).not.toBe(x);
    }
  });
});

describe("empty reductions", () => {
  const cases: { name: string; run: () => tf.Tensor; shape: number[]; values: number[] }[] = [
    { name: "sum of nothing is 0", run: () => tf.reduceSum(tf.zeros([0])), shape: [], values: [0] },
    { name: "mean of nothing is NaN", run: () => tf.reduceMean(tf.zeros([3, 0]), 1), shape: [3], values: [NaN, NaN, NaN] },
    { name: "max of nothing is -Infinity", run: () => tf.reduceMax(tf.zeros([0, 2], "float64"), 0), shape: [2], values: [-Infinity, -Infinity] },
    { name: "min of nothing is +Infinity", run: () => tf.reduceMin(tf.zeros([0])), shape: [], values: [Infinity] },
    { name: "int32 max of nothing is INT32_MIN", run: () => tf.reduceMax(tf.zeros([0], "int32")), shape: [], values: [-2147483648] },
    { name: "int32 min of nothing is INT32_MAX", run: () => tf.reduceMin(tf.zeros([2, 0], "int32"), 1, true), shape: [2, 1], values: [2147483647, 2147483647] },
    { name: "int32 mean of nothing is 0", run: () => tf.reduceMean(tf.zeros([0], "int32")), shape: [], values: [0] },
    { name: "keeping an empty dim gives an empty result", run: () => tf.reduceSum(tf.zeros([0, 3]), 1), shape: [0], values: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const y = c.run();
      expect(y.shape).toEqual(c.shape);
      expectClose(y.data(), c.values, { rtol: 0, atol: 0 });
    });
  }
});

describe("int32 semantics", () => {
  it("means divide as integers, truncating toward zero", () => {
    expect(tf.reduceMean(tf.tensor([1, 2], [2], "int32")).item()).toBe(1);
    expect(tf.reduceMean(tf.tensor([-1, -2], [2], "int32")).item()).toBe(-1);
    expect(tf.reduceMean(tf.tensor([[7, -7], [8, 1]], [2, 2], "int32"), 0).array()).toEqual([7, -3]);
  });

  it("sums wrap around like int32 arithmetic", () => {
    expect(tf.reduceSum(tf.tensor([2147483647, 1], [2], "int32")).item()).toBe(-2147483648);
    const big = tf.fill([100_003], 100_000, "int32");
    expect(tf.reduceSum(big).item()).toBe((100_003 * 100_000) | 0);
  });
});

describe("NaN and infinities", () => {
  const inf = Infinity;
  const cases: { name: string; values: number[]; sum: number; max: number; min: number }[] = [
    { name: "NaN", values: [1, NaN, 3], sum: NaN, max: NaN, min: NaN },
    { name: "+Infinity", values: [1, inf, -3], sum: inf, max: inf, min: -3 },
    { name: "-Infinity", values: [1, -inf, 3], sum: -inf, max: 3, min: -inf },
    { name: "both infinities", values: [inf, -inf], sum: NaN, max: inf, min: -inf },
  ];
  for (const c of cases) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${c.name} ${dtype}, in the scalar tail and inside vector lanes`, () => {
        const small = tf.tensor(c.values, [c.values.length], dtype);
        expectClose([tf.reduceSum(small).item(), tf.reduceMax(small).item(), tf.reduceMin(small).item()], [c.sum, c.max, c.min]);
        // The same values spread through a long row (vector accumulators) and down columns.
        const padded = new Array<number>(101).fill(0);
        c.values.forEach((v, i) => (padded[17 + 31 * i] = v));
        const row = tf.tensor(padded, [101], dtype);
        expect(tf.reduceMax(row).item()).toBe(c.max > 0 || Number.isNaN(c.max) ? c.max : 0);
        expect(tf.reduceMin(row).item()).toBe(c.min < 0 || Number.isNaN(c.min) ? c.min : 0);
        expectClose([tf.reduceSum(row).item()], [c.sum]);
        const cols = tf.tensor(padded.concat(padded), [2, 101], dtype);
        for (const { name, kind } of REDUCTIONS) {
          expectReduced(tf[name](cols, 0), kind, cols, [0], false);
          expectReduced(tf[name](tf.tensor(padded, [101, 1], dtype), 0), kind, tf.tensor(padded, [101, 1], dtype), [0], false);
        }
      });
    }
  }

  it("NaN anywhere in a long row or column, for every dtype path", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const shape of [[1003], [7, 129], [129, 7]]) {
        const values = randomValues(sizeOf(shape), 3, -5, 5);
        values[values.length - 2] = NaN;
        const x = tf.tensor(values, shape, dtype);
        for (const { name, kind } of REDUCTIONS) {
          for (const axes of [undefined, [0], [shape.length - 1]]) {
            const resolved = axes ?? shape.map((_, d) => d);
            expectReduced(tf[name](x, axes), kind, x, resolved, false);
          }
        }
      }
    }
  });
});

describe("large reductions (vector loops, blocks and tails)", () => {
  it("a million float32 ones sum to exactly 1e6, along rows and down columns", () => {
    expect(tf.reduceSum(tf.ones([1_000_000])).item()).toBe(1_000_000);
    expect(tf.reduceMean(tf.ones([1_000_000])).item()).toBe(1);
    expect(Array.from(tf.reduceSum(tf.ones([250_000, 4]), 0).data())).toEqual([250_000, 250_000, 250_000, 250_000]);
    expect(Array.from(tf.reduceSum(tf.ones([4, 250_000]), 1).data())).toEqual([250_000, 250_000, 250_000, 250_000]);
    expect(tf.reduceSum(tf.ones([1000, 1000]), [0, 1]).item()).toBe(1_000_000);
  });

  it("float32 sums of 1e5 random values stay within a few float32 ulps of the float64 sum", () => {
    const x = input([100_003], "float32", 11, 0, 1);
    const ref = reduceRef("sum", x.data(), x.shape, [0], false, "float32");
    const got = tf.reduceSum(x).item();
    // Sequential float32 addition would be off by about 1e-3 here.
    expect(Math.abs(got - ref.values[0]) / ref.values[0]).toBeLessThan(2e-7);
  });

  for (const dtype of DTYPES) {
    for (const shape of [[100_003], [317, 331], [3, 257, 130]]) {
      it(`${dtype} ${JSON.stringify(shape)}: every reduction along each axis and all axes`, () => {
        const x = input(shape, dtype, 5);
        const axisSets = [undefined, ...shape.map((_, d) => [d]), shape.length === 3 ? [0, 2] : [0]];
        for (const { name, kind } of REDUCTIONS) {
          for (const axes of axisSets) {
            expectReduced(tf[name](x, axes), kind, x, axes ?? shape.map((_, d) => d), false);
          }
        }
      });
    }
  }
});

describe("argMax and argMin", () => {
  const argShapes = [[1], [7], [3, 4], [2, 3, 4], [2, 1, 3, 5], [5, 0], [19, 9], [9, 19], [3, 67, 5]];
  for (const shape of argShapes) {
    for (const dtype of DTYPES) {
      it(`${dtype} ${JSON.stringify(shape)}: every axis, positive and negative, with ties`, () => {
        // Few distinct values, so that ties are common.
        const raw = randomValues(sizeOf(shape), 13, 0, 4).map(Math.floor);
        const x = tf.tensor(raw, shape, dtype);
        for (let axis = 0; axis < shape.length; axis++) {
          if (shape[axis] === 0) continue;
          for (const [name, isMax] of [["argMax", true], ["argMin", false]] as const) {
            const expected = argRef(isMax, x.data(), shape, axis);
            for (const a of [axis, axis - shape.length]) {
              const y = tf[name](x, a);
              expect(y.dtype).toBe("int32");
              expect(y.shape).toEqual(shape.filter((_, d) => d !== axis));
              expect(Array.from(y.data())).toEqual(expected);
            }
          }
        }
      });
    }
  }

  it("axis defaults to 0, and methods work", () => {
    const x = tf.tensor([[1, 9], [5, 2]]);
    expect(tf.argMax(x).array()).toEqual([1, 0]);
    expect(x.argMin().array()).toEqual([0, 1]);
    expect(x.argMax(1).array()).toEqual([1, 0]);
  });

  const nanCases: { values: number[]; max: number; min: number }[] = [
    { values: [3, NaN, 1, 5], max: 1, min: 1 },
    { values: [NaN, 1, 2], max: 0, min: 0 },
    { values: [1, 2, NaN], max: 2, min: 2 },
    { values: [Infinity, NaN, -Infinity], max: 1, min: 1 },
    { values: [-Infinity, 2, Infinity, 2], max: 2, min: 0 },
    { values: [4, 4, 4], max: 0, min: 0 },
  ];
  for (const c of nanCases) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${dtype} ${JSON.stringify(c.values)}: NaN counts as the answer, the first one wins`, () => {
        expect(tf.argMax(tf.tensor(c.values, undefined, dtype)).item()).toBe(c.max);
        expect(tf.argMin(tf.tensor(c.values, undefined, dtype)).item()).toBe(c.min);
        // The same pattern deep inside a long row and down a column.
        const padded = new Array<number>(200).fill(0);
        c.values.forEach((v, i) => (padded[101 + i] = v));
        const best = (isMax: boolean): number => argRef(isMax, padded, [200], 0)[0];
        expect(tf.argMax(tf.tensor(padded, [200], dtype)).item()).toBe(best(true));
        expect(tf.argMin(tf.tensor(padded, [200], dtype)).item()).toBe(best(false));
        const column = tf.tensor(padded.flatMap((v) => [v, v, v, v, v]), [200, 5], dtype);
        expect(Array.from(tf.argMax(column, 0).data())).toEqual(new Array(5).fill(best(true)));
        expect(Array.from(tf.argMin(column, 0).data())).toEqual(new Array(5).fill(best(false)));
      });
    }
  }

  it("long rows with repeated extremes give the first index", () => {
    for (const dtype of DTYPES) {
      const values = randomValues(100_001, 17, -100, 100).map(Math.round);
      values[77_777] = 1000;
      values[5] = 1000;
      values[99_999] = -1000;
      values[12_346] = -1000;
      const x = tf.tensor(values, [100_001], dtype);
      expect(tf.argMax(x).item()).toBe(5);
      expect(tf.argMin(x).item()).toBe(12_346);
    }
  });
});

describe("errors, after which the engine keeps working", () => {
  const x = (): tf.Tensor => tf.tensor([[1, 2, 3], [4, 5, 6]]);
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "axis out of range", run: () => tf.reduceSum(x(), 2), message: /reduceSum: axis 2 is out of range for a tensor of rank 2/ },
    { name: "negative axis out of range", run: () => tf.reduceMax(x(), [-3]), message: /reduceMax: axis -3 is out of range for a tensor of rank 2/ },
    { name: "duplicate axis", run: () => tf.reduceMean(x(), [1, -1]), message: /reduceMean: axis 1 is given twice/ },
    { name: "fractional axis", run: () => tf.reduceMin(x(), 0.5), message: /reduceMin: axis 0.5 is out of range/ },
    { name: "bool sum", run: () => tf.reduceSum(tf.constant([true, false])), message: /reduceSum: dtype bool \[2\] is not supported; use float32 or float64 or int32/ },
    { name: "bool max", run: () => tf.reduceMax(tf.constant([true])), message: /reduceMax: dtype bool/ },
    { name: "keepdims not a boolean", run: () => tf.reduceSum(x(), 0, 1 as never), message: /reduceSum: keepdims must be a boolean, got number 1/ },
    { name: "argMax on an empty axis", run: () => tf.argMax(tf.zeros([2, 0]), 1), message: /argMax: Reduction axis 1 is empty in shape \[2,0\]/ },
    { name: "argMin on an empty axis", run: () => tf.argMin(tf.zeros([0])), message: /argMin: Reduction axis 0 is empty in shape \[0\]/ },
    { name: "argMax axis out of range", run: () => tf.argMax(x(), -3), message: /argMax: axis -3 is out of range for a tensor of rank 2/ },
    { name: "argMax axis list", run: () => tf.argMax(x(), [0] as never), message: /argMax: axis must be one integer/ },
    { name: "argMax of a scalar", run: () => tf.argMax(tf.constant(3)), message: /argMax: needs a tensor of rank >= 1/ },
    { name: "argMin of bool", run: () => tf.argMin(tf.constant([true])), message: /argMin: dtype bool/ },
    { name: "disposed input", run: () => { const t = x(); t.dispose(); return tf.reduceSum(t); }, message: /reduceSum: Tensor#\d+ \(float32 \[2,3\]\) was disposed/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      expect(c.run).toThrow(c.message);
      // Only the input tensors built by the case remain; nothing was allocated for an output.
      expect(tf.memory().numTensors - before).toBeLessThanOrEqual(1);
      expect(tf.reduceSum(x(), 1).array()).toEqual([6, 15]);
      expect(tf.argMax(x(), 1).array()).toEqual([2, 2]);
    });
  }
});
