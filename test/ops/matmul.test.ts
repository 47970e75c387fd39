import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { matmulRef, type MatmulRef } from "../reference/matmul.js";
import { expectClose } from "../util/close.js";
import { randomValues, ref, type RefArray, sizeOf } from "../util/reference.js";

type MatmulDType = "float32" | "float64" | "int32";
const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** A random operand as a tensor and as the reference sees it (float32 values rounded first). */
function operand(shape: number[], seed: number, dtype: MatmulDType): { t: tf.Tensor; r: RefArray } {
  let values = randomValues(sizeOf(shape), seed);
  if (dtype === "int32") values = values.map((v) => Math.round(v * 50));
  if (dtype === "float32") values = values.map(Math.fround);
  return { t: tf.tensor(values, shape, dtype), r: ref(shape, values) };
}

/**
 * Float results may differ from the float64 reference by the rounding of a K-term sum:
 * at most about (K + 1) * unit roundoff * sum |a||b|, so the tolerance grows with K.
 */
function expectMatmul(out: tf.Tensor, expected: MatmulRef, dtype: MatmulDType, k: number): void {
  expect(out.shape).toEqual(expected.shape);
  expect(out.dtype).toBe(dtype);
  if (dtype === "int32") {
    expect(Array.from(out.data())).toEqual(expected.values);
    return;
  }
  const unit = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  let scale = 0;
  for (const mag of expected.magnitude) if (Number.isFinite(mag)) scale = Math.max(scale, mag);
  expectClose(out.data(), expected.values, { rtol: 0, atol: 2 * (k + 1) * unit * scale });
}

function checkProduct(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, dtype: MatmulDType): void {
  const a = operand(aShape, 1 + aShape.length * 7 + sizeOf(aShape), dtype);
  const b = operand(bShape, 2 + bShape.length * 5 + sizeOf(bShape), dtype);
  const out = tf.matmul(a.t, b.t, { transposeA, transposeB });
  const k = transposeA ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  expectMatmul(out, matmulRef(a.r, b.r, transposeA, transposeB, dtype === "int32"), dtype, k);
}

function flagsName(transposeA: boolean, transposeB: boolean): string {
  return `${transposeA ? "A^T" : "A"} ${transposeB ? "B^T" : "B"}`;
}

/** [m, k, n]: tiny, prime, matrix-vector (m or n = 1) with vector and scalar tails, tile edges (MR = 4; NR = 8 for 4-byte and 4 for 8-byte types), k-block
 *  edges (KC = 512), row-block and column-panel edges (MC = 128, NC = 2048), and the size where
 *  the plain loop hands over to the packed path (2048 multiply-adds). */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 4],
  [7, 13, 5],
  [1, 5, 1],
  [3, 1, 4],
  [1, 40, 300],
  [300, 40, 1],
  [1, 100, 45],
  [45, 100, 1],
  [2, 100, 45],
  [3, 9, 7],
  [4, 8, 8],
  [5, 7, 9],
  [5, 9, 3],
  [4, 6, 4],
  [5, 10, 5],
  [8, 16, 16],
  [8, 17, 16],
  [16, 16, 16],
  [64, 64, 64],
  [65, 65, 65],
  [129, 67, 131],
  [6, 511, 9],
  [6, 512, 9],
  [6, 513, 9],
  [5, 1025, 3],
  [3, 17, 2049],
];

describe("matmul values", () => {
  for (const dtype of ["float32", "float64", "int32"] as const) {
    for (const [m, k, n] of SHAPES) {
      for (const [ta, tb] of TRANSPOSES) {
        it(`${dtype} ${m}x${k}x${n} ${flagsName(ta, tb)}`, () => {
          checkProduct(ta ? [k, m] : [m, k], tb ? [n, k] : [k, n], ta, tb, dtype);
        });
      }
    }
  }
});

describe("matmul batches", () => {
  const cases: { a: number[]; b: number[] }[] = [
    { a: [3, 4, 5], b: [3, 5, 6] },
    { a: [2, 3, 4, 5], b: [3, 5, 6] },
    { a: [2, 1, 9, 10], b: [1, 4, 10, 11] },
    { a: [4, 5], b: [2, 5, 6] },
    { a: [4, 9, 20], b: [20, 11] },
    { a: [2, 3, 9, 20], b: [1, 20, 11] },
    { a: [1, 1, 3, 4], b: [4, 2] },
    { a: [2, 17, 33], b: [2, 33, 19] },
    { a: [2, 3, 1, 7], b: [3, 7, 37] },
    { a: [4, 6, 7], b: [7, 1] },
  ];
  for (const dtype of ["float32", "float64"] as const) {
    for (const { a, b } of cases) {
      for (const [ta, tb] of TRANSPOSES) {
        const swapLast = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
        it(`${dtype} [${a}] x [${b}] ${flagsName(ta, tb)}`, () => {
          checkProduct(swapLast(a, ta), swapLast(b, tb), ta, tb, dtype);
        });
      }
    }
  }

  it("int32 batches broadcast too", () => {
    checkProduct([2, 3, 4, 5], [3, 5, 6], false, false, "int32");
    checkProduct([2, 1, 5, 4], [3, 6, 5], true, true, "int32");
  });
});

describe("matmul special values", () => {
  it("int32 wraps around on overflow like TensorFlow", () => {
    const a = tf.tensor([65536, 65536, 2147483647, 1], [2, 2], "int32");
    const b = tf.tensor([65536, 0, 2, 0], [2, 2], "int32");
    // 2^32 + 2^17 wraps to 2^17; (2^31 - 1) * 2^16 + 2 wraps to -2^16 + 2.
    expect(Array.from(tf.matmul(a, b).data())).toEqual([131072, 0, -65534, 0]);
  });

  for (const [m, k, n] of [
    [3, 3, 2],
    [9, 10, 1],
    [9, 10, 11],
  ]) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`NaN and infinities propagate, ${dtype} ${m}x${k}x${n}`, () => {
        const aValues = randomValues(m * k, 11).map(Math.fround);
        const bValues = randomValues(k * n, 12).map(Math.fround);
        aValues[0] = NaN; // row 0 all NaN
        aValues[k + 1] = Infinity; // row 1: ±Inf, or NaN where b's row 1 is zero
        bValues[n + 1] = 0; // Inf * 0 = NaN in column 1
        aValues[2 * k] = -Infinity; // row 2: -Inf and +Inf meet with mixed-sign b
        const a = tf.tensor(aValues, [m, k], dtype);
        const b = tf.tensor(bValues, [k, n], dtype);
        const expected = matmulRef(ref([m, k], aValues), ref([k, n], bValues));
        expect(expected.values.some(Number.isNaN)).toBe(true);
        expect(expected.values.some((v) => v === Infinity || v === -Infinity)).toBe(true);
        expectMatmul(tf.matmul(a, b), expected, dtype, k);
        const expectedT = matmulRef(ref([k, n], bValues), ref([m, k], aValues), true, true);
        expectMatmul(tf.matmul(b, a, { transposeA: true, transposeB: true }), expectedT, dtype, k);
      });
    }
  }
});

describe("matmul zero-size dimensions", () => {
  const cases: { a: number[]; b: number[]; out: number[] }[] = [
    { a: [0, 3], b: [3, 4], out: [0, 4] },
    { a: [3, 4], b: [4, 0], out: [3, 0] },
    { a: [3, 0], b: [0, 4], out: [3, 4] },
    { a: [0, 2, 3], b: [3, 4], out: [0, 2, 4] },
    { a: [2, 3, 0], b: [2, 0, 4], out: [2, 3, 4] },
    { a: [2, 5, 3], b: [0, 1, 3, 4], out: [0, 2, 5, 4] },
    { a: [70, 0], b: [0, 90], out: [70, 90] },
  ];
  for (const dtype of ["float32", "float64", "int32"] as const) {
    for (const { a, b, out } of cases) {
      it(`${dtype} [${a}] x [${b}] -> [${out}]`, () => {
        // Leave garbage in freed memory, so zeros must really be written.
        tf.fill([sizeOf(out) + 4], 7, dtype).dispose();
        const y = tf.matmul(tf.zeros(a, dtype), tf.zeros(b, dtype));
        expect(y.shape).toEqual(out);
        expect(y.dtype).toBe(dtype);
        expect(Array.from(y.data())).toEqual(new Array(sizeOf(out)).fill(0));
      });
    }
  }
});

describe("matmul forms", () => {
  it("accepts nested arrays and is a tensor method", () => {
    expect(tf.matmul([[1, 2], [3, 4]], [[5], [6]]).array()).toEqual([[17], [39]]);
    const a = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(a.matmul(a, { transposeB: true }).array()).toEqual([[14, 32], [32, 77]]);
    expect(a.matmul(a, { transposeA: true }).shape).toEqual([3, 3]);
  });

  it("keeps float64 precision", () => {
    const a = tf.tensor([1 + 2 ** -40, 1], [1, 2], "float64");
    const b = tf.tensor([1, -1], [2, 1], "float64");
    expect(tf.matmul(a, b).item()).toBe(2 ** -40);
  });
});

describe("matmul errors", () => {
  const f32 = (shape: number[]) => tf.ones(shape);
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "rank-1 a", run: () => tf.matmul(f32([3]), f32([3, 2])), message: /^matmul: a has shape \[3\] \(rank 1\).*rank >= 2.*tf\.expandDims/ },
    { name: "rank-1 b", run: () => tf.matmul(f32([2, 3]), f32([3])), message: /^matmul: b has shape \[3\] \(rank 1\).*tf\.reshape/ },
    { name: "scalar", run: () => tf.matmul(2, f32([3, 2])), message: /^matmul: a has shape \[\] \(rank 0\)/ },
    {
      name: "inner mismatch",
      run: () => tf.matmul(f32([2, 3]), f32([4, 5])),
      message: /^matmul: inner dimensions do not match \(Matrix size-incompatible\): a \[2,3\] with transposeA=false has 3 columns, but b \[4,5\] with transposeB=false has 4 rows/,
    },
    {
      name: "inner mismatch after transposes",
      run: () => tf.matmul(f32([2, 3]), f32([2, 3]), { transposeA: true, transposeB: true }),
      message: /^matmul: .*a \[2,3\] with transposeA=true has 2 columns, but b \[2,3\] with transposeB=true has 3 rows/,
    },
    {
      name: "dtype mismatch",
      run: () => tf.matmul(f32([2, 2]), tf.ones([2, 2], "float64")),
      message: /^matmul: dtypes differ: float32 \[2,2\] and float64 \[2,2\]; cast/,
    },
    { name: "bool", run: () => tf.matmul(tf.ones([2, 2], "bool"), tf.ones([2, 2], "bool")), message: /^matmul: dtype bool .* not supported; use float32 or float64 or int32/ },
    {
      name: "batch not broadcastable",
      run: () => tf.matmul(f32([2, 3, 4]), f32([5, 4, 6])),
      message: /^matmul: batch dimensions of a \[2,3,4\] and b \[5,4,6\] cannot be broadcast together .*must be equal or 1/,
    },
    {
      name: "positional transpose flag",
      run: () => tf.matmul(f32([2, 2]), f32([2, 2]), true as never),
      message: /^matmul: the third argument must be an options object .*\{ transposeA: true \}/,
    },
    {
      name: "non-boolean flag",
      run: () => tf.matmul(f32([2, 2]), f32([2, 2]), { transposeA: 1 as never }),
      message: /^matmul: transposeA and transposeB must be booleans, got 1 and false/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      checkProduct([5, 6], [6, 7], false, false, "float32");
      checkProduct([20, 30], [40, 30], false, true, "float32");
    });
  }
});
