import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

// Plain float64 references of TensorFlow's definitions; float32 arithmetic is emulated with
// Math.fround after every operation, which is exact for one IEEE operation.
type Round = (x: number) => number;
const f32: Round = Math.fround;
const f64: Round = (x) => x;

/** TensorFlow's CPU range kernel: value += delta, in the output dtype. */
function refRange(start: number, delta: number, n: number, round: Round): number[] {
  const out: number[] = [];
  let v = round(start);
  for (let i = 0; i < n; i++) {
    out.push(v);
    v = round(v + round(delta));
  }
  return out;
}

/** start, start + i * (stop - start) / (num - 1), ..., stop, in the dtype. */
function refLinspace(start: number, stop: number, num: number, round: Round): number[] {
  const s = round(start);
  const e = round(stop);
  const delta = round(round(e - s) / round(Math.max(num - 1, 1)));
  return Array.from({ length: num }, (_, i) => (i === 0 ? s : i === num - 1 ? e : round(s + round(delta * i))));
}

function refEye(batch: number, rows: number, cols: number): number[] {
  return Array.from({ length: batch * rows * cols }, (_, k) => (Math.floor(k / cols) % rows === k % cols ? 1 : 0));
}

interface Row {
  name: string;
  make: () => tf.Tensor;
  shape: number[];
  dtype: tf.DType;
  values: number[];
}

const rangeRows: Row[] = [
  { name: "range(limit)", make: () => tf.range(5), shape: [5], dtype: "int32", values: [0, 1, 2, 3, 4] },
  { name: "range(start, limit, delta)", make: () => tf.range(2, 10, 3), shape: [3], dtype: "int32", values: [2, 5, 8] },
  { name: "negative delta", make: () => tf.range(10, 2, -3), shape: [3], dtype: "int32", values: [10, 7, 4] },
  { name: "null limit", make: () => tf.range(3, null, 1), shape: [3], dtype: "int32", values: [0, 1, 2] },
  { name: "empty", make: () => tf.range(4, 4), shape: [0], dtype: "int32", values: [] },
  { name: "int32 extremes", make: () => tf.range(-2147483648, -2147483640, 3), shape: [3], dtype: "int32", values: [-2147483648, -2147483645, -2147483642] },
  { name: "fractional start infers float32", make: () => tf.range(0.5, 3), shape: [3], dtype: "float32", values: [0.5, 1.5, 2.5] },
  { name: "float32 accumulates like TensorFlow", make: () => tf.range(0, 1, 0.1), shape: [10], dtype: "float32", values: refRange(0, 0.1, 10, f32) },
  { name: "float64 accumulates", make: () => tf.range(0, 1, 0.1, "float64"), shape: [10], dtype: "float64", values: refRange(0, 0.1, 10, f64) },
  // (1.3 - 1) / 0.1 is 2.9999995 in float32 and 3.0000000000000004 in float64.
  { name: "float32 size from float32 arithmetic", make: () => tf.range(1, 1.3, 0.1), shape: [3], dtype: "float32", values: refRange(1, 0.1, 3, f32) },
  { name: "float64 size from float64 arithmetic", make: () => tf.range(1, 1.3, 0.1, "float64"), shape: [4], dtype: "float64", values: refRange(1, 0.1, 4, f64) },
  { name: "negative float delta", make: () => tf.range(1, -1, -0.5), shape: [4], dtype: "float32", values: [1, 0.5, 0, -0.5] },
  { name: "explicit float32 for integers", make: () => tf.range(0, 3, 1, "float32"), shape: [3], dtype: "float32", values: [0, 1, 2] },
  { name: "long float32 range", make: () => tf.range(-3, 7, 0.013), shape: [770], dtype: "float32", values: refRange(-3, 0.013, 770, f32) },
];

const linspaceRows: Row[] = [
  { name: "quarters", make: () => tf.linspace(0, 1, 5), shape: [5], dtype: "float32", values: [0, 0.25, 0.5, 0.75, 1] },
  { name: "float32 steps", make: () => tf.linspace(0, 1, 7), shape: [7], dtype: "float32", values: refLinspace(0, 1, 7, f32) },
  { name: "float64 steps", make: () => tf.linspace(0.1, 9.7, 13, "float64"), shape: [13], dtype: "float64", values: refLinspace(0.1, 9.7, 13, f64) },
  { name: "descending", make: () => tf.linspace(10, -10, 6), shape: [6], dtype: "float32", values: refLinspace(10, -10, 6, f32) },
  // 0.3 + 6 * delta is 1.1000001 in float32; the last value is stop itself.
  { name: "last value is exactly stop", make: () => tf.linspace(0.3, 1.1, 7), shape: [7], dtype: "float32", values: refLinspace(0.3, 1.1, 7, f32) },
  { name: "one value is start", make: () => tf.linspace(3, 9, 1), shape: [1], dtype: "float32", values: [3] },
  { name: "two values", make: () => tf.linspace(3, 9, 2), shape: [2], dtype: "float32", values: [3, 9] },
  { name: "zero values", make: () => tf.linspace(3, 9, 0), shape: [0], dtype: "float32", values: [] },
  { name: "equal ends", make: () => tf.linspace(2, 2, 3), shape: [3], dtype: "float32", values: [2, 2, 2] },
  { name: "NaN start propagates", make: () => tf.linspace(NaN, 1, 3), shape: [3], dtype: "float32", values: [NaN, NaN, 1] },
  { name: "many values", make: () => tf.linspace(-1, 1, 1001), shape: [1001], dtype: "float32", values: refLinspace(-1, 1, 1001, f32) },
];

const eyeRows: Row[] = [
  { name: "square", make: () => tf.eye(3), shape: [3, 3], dtype: "float32", values: refEye(1, 3, 3) },
  { name: "wide", make: () => tf.eye(2, 3), shape: [2, 3], dtype: "float32", values: [1, 0, 0, 0, 1, 0] },
  { name: "tall", make: () => tf.eye(3, 2), shape: [3, 2], dtype: "float32", values: [1, 0, 0, 1, 0, 0] },
  { name: "batched", make: () => tf.eye(2, undefined, [2]), shape: [2, 2, 2], dtype: "float32", values: refEye(2, 2, 2) },
  { name: "batched int32", make: () => tf.eye(3, 4, [2, 1], "int32"), shape: [2, 1, 3, 4], dtype: "int32", values: refEye(2, 3, 4) },
  { name: "float64", make: () => tf.eye(4, null, [], "float64"), shape: [4, 4], dtype: "float64", values: refEye(1, 4, 4) },
  { name: "bool", make: () => tf.eye(2, 2, [3], "bool"), shape: [3, 2, 2], dtype: "bool", values: refEye(3, 2, 2) },
  { name: "large", make: () => tf.eye(37, 45, [3]), shape: [3, 37, 45], dtype: "float32", values: refEye(3, 37, 45) },
  { name: "empty", make: () => tf.eye(0), shape: [0, 0], dtype: "float32", values: [] },
  { name: "no columns", make: () => tf.eye(2, 0), shape: [2, 0], dtype: "float32", values: [] },
  { name: "empty batch", make: () => tf.eye(2, 2, [0]), shape: [0, 2, 2], dtype: "float32", values: [] },
];

for (const [family, rows] of [["range", rangeRows], ["linspace", linspaceRows], ["eye", eyeRows]] as const) {
  describe(family, () => {
    for (const row of rows) {
      it(row.name, () => {
        const t = row.make();
        expect(t.shape).toEqual(row.shape);
        expect(t.dtype).toBe(row.dtype);
        expect(Array.from(t.data())).toEqual(row.values);
      });
    }
  });
}

describe("sequence errors", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "range delta 0", run: () => tf.range(0, 10, 0), message: /range: Requires delta != 0: 0/ },
    { name: "range start above limit", run: () => tf.range(5, 1), message: /range: Requires start <= limit when delta > 0: 5\/1/ },
    { name: "range(negative)", run: () => tf.range(-3), message: /range: Requires start <= limit when delta > 0: 0\/-3/ },
    { name: "range start below limit with negative delta", run: () => tf.range(1, 5, -1), message: /range: Requires start >= limit when delta < 0: 1\/5/ },
    { name: "range float delta rounding to 0 in float32", run: () => tf.range(0, 1, 1e-50), message: /range: Requires delta != 0: 1e-50/ },
    { name: "range int32 with a fraction", run: () => tf.range(0, 2.5, 1, "int32"), message: /range: limit 2.5 is not an int32 integer/ },
    { name: "range int32 beyond int32", run: () => tf.range(0, 2 ** 31), message: /range: limit 2147483648 is not an int32 integer; pass integers or dtype "float32"/ },
    { name: "range bool", run: () => tf.range(0, 3, 1, "bool"), message: /range: dtype bool is not supported/ },
    { name: "range NaN", run: () => tf.range(NaN), message: /range: limit must be finite, got NaN/ },
    { name: "range infinite limit", run: () => tf.range(0, Infinity, 1), message: /range: limit must be finite, got Infinity/ },
    { name: "range string", run: () => tf.range(0, "3" as never), message: /range: limit must be a number, got the string "3"/ },
    { name: "range too long", run: () => tf.range(0, 1e12, 0.5, "float64"), message: /range: \(1000000000000 - 0\) \/ 0.5 gives 2000000000000 elements/ },
    { name: "linspace negative num", run: () => tf.linspace(0, 1, -1), message: /linspace: num must be a non-negative integer, got number -1/ },
    { name: "linspace fractional num", run: () => tf.linspace(0, 1, 2.5), message: /linspace: num must be a non-negative integer, got number 2.5/ },
    { name: "linspace int32", run: () => tf.linspace(0, 1, 3, "int32"), message: /linspace: dtype "int32" is not supported; use "float32" or "float64"/ },
    { name: "linspace string stop", run: () => tf.linspace(0, "1" as never, 3), message: /linspace: stop must be a number/ },
    { name: "eye negative rows", run: () => tf.eye(-1), message: /eye: numRows must be a non-negative integer, got number -1/ },
    { name: "eye fractional columns", run: () => tf.eye(2, 1.5), message: /eye: numColumns must be a non-negative integer, got number 1.5/ },
    { name: "eye bad batch shape", run: () => tf.eye(2, 2, [-1]), message: /eye: shape \[-1\] has dimension -1/ },
    { name: "eye unknown dtype", run: () => tf.eye(2, 2, [], "float16" as never), message: /eye: unknown dtype "float16"/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      expect(c.run).toThrow(c.message);
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(tf.range(3).data())).toEqual([0, 1, 2]);
    });
  }
});

describe("sequences print like TensorFlow", () => {
  it("range, linspace and eye", () => {
    expect(String(tf.range(5))).toBe("tf.Tensor([0 1 2 3 4], shape=(5,), dtype=int32)");
    expect(String(tf.linspace(0, 1, 5))).toBe("tf.Tensor([0.   0.25 0.5  0.75 1.  ], shape=(5,), dtype=float32)");
    expect(String(tf.eye(2))).toBe("tf.Tensor(\n[[1. 0.]\n [0. 1.]], shape=(2, 2), dtype=float32)");
  });
});
