import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose, type Tolerance } from "../util/close.js";
import { randomValues, sizeOf } from "../util/reference.js";
import { addNRef, clipByGlobalNormRef, clipByNormRef } from "../reference/reduce.js";

const FLOATS = ["float32", "float64"] as const;
const TOL: Record<string, Tolerance> = {
  float32: { rtol: 4e-6, atol: 1e-6 },
  float64: { rtol: 1e-13, atol: 1e-14 },
};

function input(shape: number[], dtype: tf.DType, seed: number, lo = -3, hi = 3): tf.Tensor {
  const raw = randomValues(sizeOf(shape), seed, lo, hi);
  return tf.tensor(dtype === "int32" ? raw.map(Math.round) : raw, shape, dtype);
}

describe("addN", () => {
  for (const dtype of ["float32", "float64", "int32"] as const) {
    for (const shape of [[], [0], [3, 5], [1003], [2, 3, 7]]) {
      for (const count of [1, 2, 5]) {
        it(`${count} x ${dtype} ${JSON.stringify(shape)}`, () => {
          const ts = Array.from({ length: count }, (_, i) => input(shape, dtype, 40 + i, -100, 100));
          const y = tf.addN(ts);
          expect(y.shape).toEqual(shape);
          expect(y.dtype).toBe(dtype);
          // Each addition rounds by at most half an ulp of a partial sum, which stays below 100 * count.
          const ulp = dtype === "float32" ? 2 ** -24 : dtype === "float64" ? 2 ** -53 : 0;
          expectClose(y.data(), addNRef(ts.map((t) => t.data()), dtype), { rtol: 0, atol: count * count * 100 * ulp });
          if (count === 1) expect(y).not.toBe(ts[0]);
        });
      }
    }
  }

  it("accepts variables' values, nested arrays and NaN", () => {
    const y = tf.addN([tf.tensor([1, NaN, Infinity]), [1, 2, 3], tf.tensor([1, 1, -Infinity])]);
    expectClose(y.data(), [3, NaN, NaN]);
  });
});

describe("clipByNorm", () => {
  const shapes = [[7], [3, 4], [2, 3, 5], [2, 3, 1, 4], [5, 130]];
  for (const shape of shapes) {
    for (const dtype of FLOATS) {
      it(`${dtype} ${JSON.stringify(shape)}: all axes, each axis, pairs, negative and no axes`, () => {
        const x = input(shape, dtype, 3);
        const rank = shape.length;
        const axisSets: (number[] | undefined)[] = [undefined, []];
        for (let a = 0; a < rank; a++) {
          axisSets.push([a], [a - rank]);
          for (let b = a + 1; b < rank; b++) axisSets.push([a, b], [b - rank, a]);
        }
        for (const axes of axisSets) {
          const resolved = axes?.map((a) => (a < 0 ? a + rank : a));
          for (const clipNorm of [0.5, 4, 1e6]) {
            const y = axes === undefined ? tf.clipByNorm(x, clipNorm) : tf.clipByNorm(x, clipNorm, axes);
            expect(y.shape).toEqual(shape);
            expect(y.dtype).toBe(dtype);
            expectClose(y.data(), clipByNormRef(x.data(), shape, clipNorm, resolved), TOL[dtype]);
          }
        }
      });
    }
  }

  it("a norm below clipNorm leaves values unchanged; above, the result has norm clipNorm", () => {
    const x = tf.tensor([3, 4]);
    expectClose(tf.clipByNorm(x, 10).data(), [3, 4]);
    expectClose(tf.clipByNorm(x, 1).data(), [0.6, 0.8]);
    expectClose(x.clipByNorm(tf.constant(2.5)).data(), [1.5, 2]);
    const rows = tf.tensor([[3, 4], [0.3, 0.4]], undefined, "float64");
    expectClose(tf.clipByNorm(rows, 1, 1).data(), [0.6, 0.8, 0.3, 0.4], TOL.float64);
  });

  it("zeros stay zeros, NaN spreads through its group, an empty tensor stays empty", () => {
    expect(Array.from(tf.clipByNorm(tf.zeros([4]), 1).data())).toEqual([0, 0, 0, 0]);
    const y = tf.clipByNorm(tf.tensor([[1, NaN], [3, 4]]), 1, 1).array() as number[][];
    expect(y[0].every(Number.isNaN)).toBe(true);
    expectClose(y[1], [0.6, 0.8]);
    expect(tf.clipByNorm(tf.zeros([0, 3]), 1, 0).shape).toEqual([0, 3]);
    expectClose(tf.clipByNorm(tf.tensor([Infinity, 1]), 1).data(), [NaN, 0]);
  });

  it("a long vector (vector loops and tails)", () => {
    for (const dtype of FLOATS) {
      const x = input([100_003], dtype, 8);
      expectClose(tf.clipByNorm(x, 10).data(), clipByNormRef(x.data(), [100_003], 10), TOL[dtype]);
      const m = input([1000, 103], dtype, 9);
      expectClose(tf.clipByNorm(m, 2, 0).data(), clipByNormRef(m.data(), [1000, 103], 2, [0]), TOL[dtype]);
    }
  });
});

describe("clipByGlobalNorm", () => {
  for (const dtype of FLOATS) {
    it(`${dtype}: tensors of several shapes with null entries`, () => {
      const ts = [input([3, 4], dtype, 1), null, input([5], dtype, 2), input([], dtype, 3), input([2, 0], dtype, 4)];
      for (const clipNorm of [0.5, 3, 1e6]) {
        const [clipped, norm] = tf.clipByGlobalNorm(ts, clipNorm);
        const ref = clipByGlobalNormRef(ts.map((t) => (t === null ? null : t.data())), clipNorm);
        expect(norm.dtype).toBe(dtype);
        expect(norm.shape).toEqual([]);
        expectClose([norm.item()], [ref.norm], TOL[dtype]);
        expect(clipped.length).toBe(ts.length);
        expect(clipped[1]).toBeNull();
        clipped.forEach((c, i) => {
          if (c === null) return;
          expect(c.shape).toEqual(ts[i]!.shape);
          expect(c.dtype).toBe(dtype);
          expectClose(c.data(), ref.clipped[i]!, TOL[dtype]);
        });
      }
    });
  }

  it("the global norm of [3] and [4] is 5; a non-finite norm makes everything NaN", () => {
    const [clipped, norm] = tf.clipByGlobalNorm([tf.tensor([3]), tf.tensor([4])], 1);
    expect(norm.item()).toBe(5);
    expectClose(clipped[0]!.data(), [0.6]);
    expectClose(clipped[1]!.data(), [0.8]);
    const [nan] = tf.clipByGlobalNorm([tf.tensor([1, Infinity]), tf.tensor([2])], 1);
    expect(Array.from(nan[0]!.data()).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(nan[1]!.item())).toBe(true);
  });

  it("useNorm replaces the computed norm; a large one shrinks values", () => {
    const [clipped, norm] = tf.clipByGlobalNorm([tf.tensor([3, 4])], 1, 10);
    expect(norm.item()).toBe(10);
    expectClose(clipped[0]!.data(), [0.3, 0.4]);
  });

  it("mixed float dtypes: the norm takes the first tensor's dtype, each result keeps its own", () => {
    const a = tf.tensor([3], [1], "float64");
    const b = tf.tensor([4], [1], "float32");
    const [clipped, norm] = tf.clipByGlobalNorm([a, b], 1);
    expect(norm.dtype).toBe("float64");
    expect(norm.item()).toBe(5);
    expect(clipped[0]!.dtype).toBe("float64");
    expect(clipped[1]!.dtype).toBe("float32");
    expectClose(clipped[0]!.data(), [0.6], TOL.float64);
    expectClose(clipped[1]!.data(), [0.8]);
  });

  it("an empty list gives a zero norm; a large long vector", () => {
    const [none, zero] = tf.clipByGlobalNorm([], 1);
    expect(none).toEqual([]);
    expect(zero.item()).toBe(0);
    const big = input([100_003], "float32", 6);
    const [c] = tf.clipByGlobalNorm([big, big], 5);
    const ref = clipByGlobalNormRef([big.data(), big.data()], 5);
    expectClose(c[0]!.data(), ref.clipped[0]!, TOL.float32);
  });
});

describe("scratch memory", () => {
  it("is given back after multi-pass reductions, column sums, softmax columns and argMax columns", () => {
    const x = input([6, 5, 7, 3], "float32", 2);
    const run = (): null =>
      tf.tidy(() => {
        tf.clipByNorm(x, 1, [0, 2]);
        tf.reduceSum(x, [1, 3]);
        tf.reduceMean(x, 0);
        tf.softmax(x, 1);
        tf.argMax(x, 0);
        return null;
      });
    run();
    const before = tf.memory();
    for (let i = 0; i < 20; i++) run();
    const after = tf.memory();
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.heapTopBytes).toBe(before.heapTopBytes);
  });
});

describe("errors, after which the engine keeps working", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "addN shape mismatch", run: () => tf.addN([tf.zeros([2, 3]), tf.zeros([3])]), message: /addN: inputs must all have the same shape and dtype, but ts\[0\] is float32 \[2,3\] and ts\[1\] is float32 \[3\]/ },
    { name: "addN dtype mismatch", run: () => tf.addN([tf.zeros([2]), tf.zeros([2]), tf.zeros([2], "float64")]), message: /addN: .* ts\[2\] is float64 \[2\]/ },
    { name: "addN empty list", run: () => tf.addN([]), message: /addN: inputs must be a non-empty array of tensors.*got an empty array/ },
    { name: "addN not a list", run: () => tf.addN(tf.zeros([2]) as never), message: /addN: inputs must be a non-empty array/ },
    { name: "addN of bool", run: () => tf.addN([tf.constant([true])]), message: /addN: dtype bool \[1\] is not supported/ },
    { name: "clipByNorm of int32", run: () => tf.clipByNorm(tf.zeros([2], "int32"), 1), message: /clipByNorm: needs a float tensor, got int32 \[2\]/ },
    { name: "clipByNorm axis out of range", run: () => tf.clipByNorm(tf.zeros([2]), 1, 1), message: /clipByNorm: axis 1 is out of range for a tensor of rank 1/ },
    { name: "clipByNorm duplicate axis", run: () => tf.clipByNorm(tf.zeros([2, 2]), 1, [0, -2]), message: /clipByNorm: axis 0 is given twice/ },
    { name: "clipByNorm non-scalar clipNorm", run: () => tf.clipByNorm(tf.zeros([2]), tf.ones([2])), message: /clipByNorm: clipNorm must be a scalar, got float32 \[2\]/ },
    { name: "clipByGlobalNorm of int32", run: () => tf.clipByGlobalNorm([tf.zeros([2]), tf.zeros([2], "int32")], 1), message: /clipByGlobalNorm: needs a float tensor, got int32/ },
    { name: "clipByGlobalNorm not a list", run: () => tf.clipByGlobalNorm(tf.zeros([2]) as never, 1), message: /clipByGlobalNorm: t_list should be an array of tensors/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      expectClose(tf.clipByNorm(tf.tensor([3, 4]), 1).data(), [0.6, 0.8]);
      expect(tf.addN([tf.tensor([1, 2]), tf.tensor([3, 4])]).array()).toEqual([4, 6]);
    });
  }
});
