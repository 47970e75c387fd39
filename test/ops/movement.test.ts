import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import {
  refConcat,
  refGather,
  refOneHot,
  refPad,
  refReshape,
  refSlice,
  refStack,
  refTile,
  refTranspose,
} from "../reference/movement.js";
import { expectClose } from "../util/close.js";
import { type RefArray, randomValues, sizeOf } from "../util/reference.js";

const DTYPES: tf.DType[] = ["float32", "float64", "int32", "bool"];
const EXACT = { rtol: 0, atol: 0 };

/** Test values of a dtype; float inputs start with NaN, ±Infinity and -0 to check they are carried over. */
function valuesFor(dtype: tf.DType, n: number, seed: number): number[] {
  const raw = randomValues(n, seed, -100, 100);
  switch (dtype) {
    case "float32":
    case "float64": {
      const specials = [NaN, Infinity, -Infinity, -0];
      const vs = raw.map((v, i) => (n > 8 && i < specials.length ? specials[i] : v));
      return dtype === "float32" ? vs.map(Math.fround) : vs;
    }
    case "int32":
      return raw.map((v) => Math.floor(v * 1000));
    case "bool":
      return raw.map((v) => (v > 0 ? 1 : 0));
  }
}

function input(shape: number[], dtype: tf.DType, seed: number): { t: tf.Tensor; ref: RefArray } {
  const values = valuesFor(dtype, sizeOf(shape), seed);
  return { t: tf.tensor(values, shape, dtype), ref: { shape: shape.slice(), values } };
}

function expectTensor(t: tf.Tensor, expected: RefArray, dtype: tf.DType): void {
  expect(t.shape).toEqual(expected.shape);
  expect(t.dtype).toBe(dtype);
  expectClose(t.data(), expected.values, EXACT);
}

interface Case {
  name: string;
  shapes: number[][];
  run: (ts: tf.Tensor[], dtype: tf.DType) => tf.Tensor;
  ref: (rs: RefArray[], dtype: tf.DType) => RefArray;
}

const allPerms = (n: number): number[][] =>
  n === 0 ? [[]] : allPerms(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));

const cases: Case[] = [
  // reshape
  ...(
    [
      [[2, 3, 4], [4, -1]],
      [[2, 3, 4], [24]],
      [[], [1, 1]],
      [[1], []],
      [[0, 3], [3, 0]],
      [[0, 3], [-1, 3]],
      [[2, 1, 3, 1, 2], [-1]],
      [[6], [1, 2, 1, 3, 1]],
    ] as [number[], number[]][]
  ).map(([from, to]): Case => ({
    name: `reshape ${JSON.stringify(from)} -> ${JSON.stringify(to)}`,
    shapes: [from],
    run: ([t]) => tf.reshape(t, to),
    ref: ([r]) => refReshape(r, to.map((d) => (d === -1 ? sizeOf(r.shape) / sizeOf(to.filter((k) => k !== -1)) : d))),
  })),
  // transpose
  { name: "transpose scalar", shapes: [[]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose 1-D", shapes: [[7]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose default 3-D", shapes: [[2, 3, 4]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose empty", shapes: [[0, 3]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose empty 3-D", shapes: [[2, 0, 3]], run: ([t]) => tf.transpose(t, [2, 0, 1]), ref: ([r]) => refTranspose(r, [2, 0, 1]) },
  ...allPerms(3).map((perm): Case => ({
    name: `transpose [3,5,7] perm ${JSON.stringify(perm)}`,
    shapes: [[3, 5, 7]],
    run: ([t]) => tf.transpose(t, perm),
    ref: ([r]) => refTranspose(r, perm),
  })),
  ...[[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [0, 2, 1, 4, 3], [1, 0, 3, 2, 4], [3, 0, 4, 1, 2]].map((perm): Case => ({
    name: `transpose rank 5 perm ${JSON.stringify(perm)}`,
    shapes: [[2, 3, 1, 4, 5]],
    run: ([t]) => tf.transpose(t, perm),
    ref: ([r]) => refTranspose(r, perm),
  })),
  { name: "transpose batched matrices", shapes: [[3, 37, 41]], run: ([t]) => tf.transpose(t, [0, 2, 1]), ref: ([r]) => refTranspose(r, [0, 2, 1]) },
  { name: "transpose 4-D reversed", shapes: [[5, 6, 7, 9]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose 2-D odd 513x1031", shapes: [[513, 1031]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  { name: "transpose 2-D 64x96 (whole tiles)", shapes: [[64, 96]], run: ([t]) => tf.transpose(t, [1, 0]), ref: ([r]) => refTranspose(r) },
  { name: "transpose 2-D 1x9 and tails", shapes: [[3, 9]], run: ([t]) => tf.transpose(t), ref: ([r]) => refTranspose(r) },
  // expandDims and squeeze
  ...[0, 1, 2, 3, -1, -4].map((axis): Case => ({
    name: `expandDims axis ${axis}`,
    shapes: [[2, 3, 4]],
    run: ([t]) => tf.expandDims(t, axis),
    ref: ([r]) => ({ shape: insertAt(r.shape, axis < 0 ? axis + 4 : axis, 1), values: r.values }),
  })),
  { name: "expandDims scalar", shapes: [[]], run: ([t]) => tf.expandDims(t, -1), ref: ([r]) => ({ shape: [1], values: r.values }) },
  { name: "expandDims empty", shapes: [[0, 2]], run: ([t]) => tf.expandDims(t, 1), ref: ([r]) => ({ shape: [0, 1, 2], values: r.values }) },
  { name: "squeeze all", shapes: [[1, 2, 1, 3, 1]], run: ([t]) => tf.squeeze(t), ref: ([r]) => ({ shape: [2, 3], values: r.values }) },
  { name: "squeeze axes", shapes: [[1, 2, 1, 3, 1]], run: ([t]) => tf.squeeze(t, [0, -1]), ref: ([r]) => ({ shape: [2, 1, 3], values: r.values }) },
  { name: "squeeze one axis", shapes: [[1, 2, 1, 3, 1]], run: ([t]) => tf.squeeze(t, 2), ref: ([r]) => ({ shape: [1, 2, 3, 1], values: r.values }) },
  { name: "squeeze all with []", shapes: [[1, 2, 1]], run: ([t]) => tf.squeeze(t, []), ref: ([r]) => ({ shape: [2], values: r.values }) },
  { name: "squeeze to scalar", shapes: [[1, 1]], run: ([t]) => tf.squeeze(t), ref: ([r]) => ({ shape: [], values: r.values }) },
  { name: "squeeze empty", shapes: [[0, 1]], run: ([t]) => tf.squeeze(t), ref: () => ({ shape: [0], values: [] }) },
  // concat
  ...[0, 1, 2, -1, -3].map((axis): Case => ({
    name: `concat 3-D axis ${axis}`,
    shapes: [1, 3, 2].map((length) => replaceAt([2, 3, 4], axis < 0 ? axis + 3 : axis, length)),
    run: (ts) => tf.concat(ts, axis),
    ref: (rs) => refConcat(rs, axis),
  })),
  { name: "concat different lengths", shapes: [[2, 1], [2, 5], [2, 3]], run: (ts) => tf.concat(ts, 1), ref: (rs) => refConcat(rs, 1) },
  { name: "concat 1-D", shapes: [[3], [0], [4]], run: (ts) => tf.concat(ts, 0), ref: (rs) => refConcat(rs, 0) },
  { name: "concat one tensor", shapes: [[2, 3]], run: (ts) => tf.concat(ts, 0), ref: (rs) => refConcat(rs, 0) },
  { name: "concat empty result", shapes: [[0, 3], [0, 2]], run: (ts) => tf.concat(ts, 1), ref: (rs) => refConcat(rs, 1) },
  { name: "concat rank 5", shapes: [[2, 1, 3, 2, 2], [2, 4, 3, 2, 2]], run: (ts) => tf.concat(ts, 1), ref: (rs) => refConcat(rs, 1) },
  { name: "concat long rows", shapes: [[3, 40], [3, 50]], run: (ts) => tf.concat(ts, -1), ref: (rs) => refConcat(rs, -1) },
  // stack
  ...[0, 1, 2, -1, -3].map((axis): Case => ({
    name: `stack 2-D axis ${axis}`,
    shapes: [[2, 3], [2, 3], [2, 3], [2, 3]],
    run: (ts) => tf.stack(ts, axis),
    ref: (rs) => refStack(rs, axis),
  })),
  { name: "stack scalars", shapes: [[], [], []], run: (ts) => tf.stack(ts), ref: (rs) => refStack(rs, 0) },
  { name: "stack empty tensors", shapes: [[0, 2], [0, 2]], run: (ts) => tf.stack(ts, 1), ref: (rs) => refStack(rs, 1) },
  { name: "stack rank 4", shapes: [[2, 1, 3, 2], [2, 1, 3, 2]], run: (ts) => tf.stack(ts, 2), ref: (rs) => refStack(rs, 2) },
  // slice
  ...(
    [
      [[5, 6], [1, 2], [3, 3]],
      [[5, 6], [0, 0], [-1, -1]],
      [[5, 6], [2, 5], [-1, 1]],
      [[5, 6], [5, 0], [0, 6]],
      [[5, 6], [4, 6], [1, 0]],
      [[], [], []],
      [[9], [2], [5]],
      [[3, 4, 5, 2, 3], [1, 0, 2, 1, 0], [2, -1, 2, 1, 3]],
      [[4, 7, 9], [1, 2, 3], [2, 3, -1]],
    ] as [number[], number[], number[]][]
  ).map(([shape, begin, size]): Case => ({
    name: `slice ${JSON.stringify(shape)} begin ${JSON.stringify(begin)} size ${JSON.stringify(size)}`,
    shapes: [shape],
    run: ([t]) => tf.slice(t, begin, size),
    ref: ([r]) => refSlice(r, begin, size),
  })),
  { name: "slice without size", shapes: [[4, 5]], run: ([t]) => tf.slice(t, [1, 2]), ref: ([r]) => refSlice(r, [1, 2], [-1, -1]) },
  // tile
  ...(
    [
      [[2, 3], [1, 1]],
      [[2, 3], [2, 3]],
      [[1, 3], [4, 1]],
      [[3, 1], [1, 5]],
      [[2, 3], [0, 2]],
      [[0, 3], [2, 2]],
      [[], []],
      [[5], [3]],
      [[2, 1, 3, 1, 2], [1, 2, 1, 3, 2]],
      [[1], [100]],
    ] as [number[], number[]][]
  ).map(([shape, multiples]): Case => ({
    name: `tile ${JSON.stringify(shape)} x ${JSON.stringify(multiples)}`,
    shapes: [shape],
    run: ([t]) => tf.tile(t, multiples),
    ref: ([r]) => refTile(r, multiples),
  })),
  // pad (constant given per dtype below)
  ...(
    [
      [[2, 3], [[0, 0], [0, 0]]],
      [[2, 3], [[1, 2], [3, 0]]],
      [[4], [[2, 5]]],
      [[], []],
      [[0, 2], [[1, 1], [0, 1]]],
      [[2, 0], [[0, 0], [0, 0]]],
      [[2, 1, 3, 1, 2], [[0, 1], [1, 0], [2, 2], [0, 0], [1, 1]]],
      [[3, 40], [[0, 0], [5, 7]]],
    ] as [number[], number[][]][]
  ).map(([shape, paddings]): Case => ({
    name: `pad ${JSON.stringify(shape)} by ${JSON.stringify(paddings)}`,
    shapes: [shape],
    run: ([t], dtype) => tf.pad(t, paddings, padValue(dtype)),
    ref: ([r], dtype) => refPad(r, paddings, padValue(dtype)),
  })),
  { name: "pad default constant", shapes: [[2, 2]], run: ([t]) => tf.pad(t, [[1, 0], [0, 1]]), ref: ([r]) => refPad(r, [[1, 0], [0, 1]], 0) },
];

function insertAt(shape: number[], axis: number, length: number): number[] {
  return [...shape.slice(0, axis), length, ...shape.slice(axis)];
}

function replaceAt(shape: number[], axis: number, length: number): number[] {
  return [...shape.slice(0, axis), length, ...shape.slice(axis + 1)];
}

function padValue(dtype: tf.DType): number {
  return dtype === "bool" ? 1 : dtype === "int32" ? -7 : dtype === "float32" ? Math.fround(0.1) : 0.1;
}

describe.each(DTYPES)("movement %s", (dtype) => {
  cases.forEach((c, caseIndex) => {
    it(c.name, () => {
      const inputs = c.shapes.map((s, i) => input(s, dtype, 1000 * caseIndex + i + 1));
      const out = c.run(inputs.map((x) => x.t), dtype);
      expectTensor(out, c.ref(inputs.map((x) => x.ref), dtype), dtype);
      for (const x of inputs) expect(out.ptr === x.t.ptr).toBe(false);
    });
  });
});

interface GatherCase {
  shape: number[];
  indices: RefArray;
  axis?: number;
}

const gatherCases: GatherCase[] = [
  { shape: [5], indices: { shape: [3], values: [4, 0, 4] } },
  { shape: [5], indices: { shape: [], values: [2] } },
  { shape: [4, 3], indices: { shape: [0], values: [] } },
  { shape: [0, 3], indices: { shape: [0], values: [] } },
  { shape: [3, 0], indices: { shape: [2], values: [2, 1] } },
  { shape: [3, 4, 5], indices: { shape: [2, 3], values: [2, 0, 1, 1, 2, 0] }, axis: 0 },
  { shape: [3, 4, 5], indices: { shape: [2, 3], values: [3, 0, 1, 1, 2, 3] }, axis: 1 },
  { shape: [3, 4, 5], indices: { shape: [2, 3], values: [4, 0, 1, 3, 2, 4] }, axis: 2 },
  { shape: [3, 4, 5], indices: { shape: [2, 2], values: [4, 0, 1, 3] }, axis: -1 },
  { shape: [3, 4, 5], indices: { shape: [], values: [1] }, axis: -2 },
  { shape: [2, 3, 1, 2, 40], indices: { shape: [3], values: [1, 0, 1] }, axis: 3 },
  { shape: [2, 3, 1, 2, 4], indices: { shape: [2, 1, 2], values: [0, 0, 0, 0] }, axis: 2 },
];

describe.each(DTYPES)("gather %s", (dtype) => {
  gatherCases.forEach((c, caseIndex) => {
    it(`${JSON.stringify(c.shape)} indices ${JSON.stringify(c.indices.shape)} axis ${c.axis ?? 0}`, () => {
      const { t, ref } = input(c.shape, dtype, 77 + caseIndex);
      const expected = refGather(ref, c.indices, c.axis ?? 0);
      const asTensor = tf.tensor(c.indices.values, c.indices.shape, "int32");
      expectTensor(tf.gather(t, asTensor, c.axis), expected, dtype);
      const nested = asTensor.array() as tf.NestedValues;
      expectTensor(t.gather(nested, c.axis), expected, dtype);
    });
  });
});

describe("oneHot", () => {
  const indices: RefArray = { shape: [2, 3], values: [0, 2, -1, 3, 1, 7] };
  for (const dtype of DTYPES) {
    it(`${dtype} output, out-of-range rows are all off`, () => {
      const [on, off] = dtype === "bool" ? [1, 0] : dtype === "float32" ? [Math.fround(0.9), Math.fround(-0.1)] : [0.9, -0.1];
      const onValue = dtype === "int32" ? 5 : on;
      const offValue = dtype === "int32" ? -2 : off;
      const out = tf.oneHot(tf.tensor(indices.values, indices.shape, "int32"), 4, onValue, offValue, dtype);
      expectTensor(out, refOneHot(indices, 4, onValue, offValue), dtype);
    });
  }

  const rows: { name: string; indices: RefArray; depth: number }[] = [
    { name: "1-D from nested array", indices: { shape: [4], values: [3, 0, 9, -5] }, depth: 4 },
    { name: "scalar index", indices: { shape: [], values: [2] }, depth: 3 },
    { name: "depth 0", indices: { shape: [2], values: [0, 1] }, depth: 0 },
    { name: "no indices", indices: { shape: [0], values: [] }, depth: 5 },
    { name: "3-D indices", indices: { shape: [2, 1, 3], values: [0, 1, 2, 2, 1, 0] }, depth: 3 },
  ];
  for (const r of rows) {
    it(`${r.name}: float32, defaults on 1 off 0`, () => {
      const t = tf.tensor(r.indices.values, r.indices.shape, "int32");
      expectTensor(tf.oneHot(t.array() as tf.NestedValues, r.depth), refOneHot(r.indices, r.depth, 1, 0), "float32");
      expectTensor(t.oneHot(r.depth), refOneHot(r.indices, r.depth, 1, 0), "float32");
    });
  }
});

describe("movement methods and inputs", () => {
  it("ops are tensor methods", () => {
    const t = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.reshape([3, 2]).array()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(t.transpose().array()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(t.expandDims(0).squeeze().shape).toEqual([2, 3]);
    expect(t.slice([1, 1], [1, 2]).array()).toEqual([[5, 6]]);
    expect(t.tile([1, 2]).array()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
    expect(t.pad([[0, 1], [0, 0]]).array()).toEqual([[1, 2, 3], [4, 5, 6], [0, 0, 0]]);
    expect(t.gather([1], 1).array()).toEqual([[2], [5]]);
  });

  it("nested arrays, numbers and float64 tensors mix in concat and stack", () => {
    const a = tf.tensor([1.5, 2.5], [2], "float64");
    const joined = tf.concat([a, [3.25]], 0);
    expect(joined.dtype).toBe("float64");
    expect(joined.array()).toEqual([1.5, 2.5, 3.25]);
    const stacked = tf.stack([1, a.slice([1], [1]).squeeze(), 0.1]);
    expect(stacked.dtype).toBe("float64");
    expect(stacked.array()).toEqual([1, 2.5, 0.1]);
  });

  it("reshape of nested arrays infers the dtype", () => {
    const t = tf.reshape([[true, false], [false, true]], [4]);
    expect(t.dtype).toBe("bool");
    expect(t.array()).toEqual([1, 0, 0, 1]);
  });

  it("outputs are independent copies", () => {
    const t = tf.tensor([1, 2, 3, 4], [2, 2]);
    const r = tf.reshape(t, [4]);
    const e = tf.expandDims(t, 0);
    const s = tf.squeeze(e);
    t.dispose();
    expect(r.array()).toEqual([1, 2, 3, 4]);
    expect(s.array()).toEqual([[1, 2], [3, 4]]);
  });
});

describe("movement errors", () => {
  const m = () => tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  const cases: { name: string; run: () => unknown; type: ErrorConstructor; message: RegExp }[] = [
    { name: "reshape size mismatch", run: () => tf.reshape(m(), [4, 2]), type: Error, message: /^reshape: cannot reshape a tensor of shape \[2,3\] into shape \[4,2\].*6 values.*has 8/ },
    { name: "reshape -1 does not divide", run: () => tf.reshape(m(), [4, -1]), type: Error, message: /^reshape: cannot reshape a tensor of shape \[2,3\] \(6 values\) into shape \[4,-1\]/ },
    { name: "reshape two -1", run: () => tf.reshape(m(), [-1, -1]), type: Error, message: /^reshape: shape \[-1,-1\] has more than one -1/ },
    { name: "reshape -1 with a 0", run: () => tf.reshape(tf.zeros([0, 2]), [0, -1]), type: Error, message: /^reshape: .*multiply to 0/ },
    { name: "reshape negative", run: () => tf.reshape(m(), [-2, -3]), type: RangeError, message: /^reshape: shape \[-2,-3\] has dimension -2/ },
    { name: "reshape non-integer", run: () => tf.reshape(m(), [1.5, 4]), type: TypeError, message: /^reshape: shape\[0\] is number 1.5/ },
    { name: "reshape shape not an array", run: () => tf.reshape(m(), 6 as never), type: TypeError, message: /^reshape: shape must be an array of integers/ },
    { name: "transpose repeated axis", run: () => tf.transpose(m(), [0, 0]), type: RangeError, message: /^transpose: perm \[0,0\] is not a permutation of \[0, 2\) for shape \[2,3\]/ },
    { name: "transpose axis out of range", run: () => tf.transpose(m(), [0, 2]), type: RangeError, message: /^transpose: perm \[0,2\] is not a permutation/ },
    { name: "transpose negative axis", run: () => tf.transpose(m(), [-1, 0]), type: RangeError, message: /^transpose: perm \[-1,0\] is not a permutation/ },
    { name: "transpose perm too short", run: () => tf.transpose(m(), [0]), type: RangeError, message: /^transpose: perm \[0\] has 1 entries but the tensor \[2,3\] has rank 2/ },
    { name: "expandDims axis too big", run: () => tf.expandDims(m(), 3), type: RangeError, message: /^expandDims: axis 3 is out of range for a new axis of a tensor of shape \[2,3\]; use an integer in \[-3, 2\]/ },
    { name: "expandDims axis too small", run: () => tf.expandDims(m(), -4), type: RangeError, message: /^expandDims: axis -4 is out of range/ },
    { name: "squeeze non-1 axis", run: () => tf.squeeze(tf.zeros([1, 3, 1]), 1), type: Error, message: /^squeeze: Can not squeeze dim\[1\], expected a dimension of 1, got 3 \(shape \[1,3,1\]\)/ },
    { name: "squeeze axis out of range", run: () => tf.squeeze(tf.zeros([1, 3]), 2), type: RangeError, message: /^squeeze: axis 2 is out of range for a tensor of rank 2/ },
    { name: "concat mismatched shapes", run: () => tf.concat([m(), tf.zeros([2, 2]), tf.zeros([3, 3])], 1), type: Error, message: /^concat: values\[2\] has shape \[3,3\], which does not match values\[0\] \[2,3\] outside axis 1/ },
    { name: "concat mismatched ranks", run: () => tf.concat([m(), tf.zeros([6])], 0), type: Error, message: /^concat: values\[1\] has shape \[6\]/ },
    { name: "concat mismatched dtypes", run: () => tf.concat([m(), tf.zeros([2, 3], "int32")], 0), type: TypeError, message: /^concat: dtypes differ: values\[0\] is float32 \[2,3\] and values\[1\] is int32 \[2,3\]; cast/ },
    { name: "concat empty list", run: () => tf.concat([], 0), type: Error, message: /^concat: expected a non-empty array of tensors/ },
    { name: "concat not a list", run: () => tf.concat(m() as never, 0), type: TypeError, message: /^concat: expected an array of tensors/ },
    { name: "concat scalars", run: () => tf.concat([tf.zeros([]), tf.zeros([])], 0), type: Error, message: /^concat: Can't concatenate scalars \(use tf.stack instead\)/ },
    { name: "concat axis out of range", run: () => tf.concat([m(), m()], 2), type: RangeError, message: /^concat: axis 2 is out of range for a tensor of rank 2/ },
    { name: "concat missing axis", run: () => tf.concat([m(), m()], undefined as never), type: TypeError, message: /^concat: axis must be an integer, got undefined/ },
    { name: "stack mismatched shapes", run: () => tf.stack([m(), tf.zeros([3, 2])]), type: Error, message: /^stack: Shapes of all inputs must match: values\[0\].shape = \[2,3\] != values\[1\].shape = \[3,2\]/ },
    { name: "stack mismatched dtypes", run: () => tf.stack([m(), tf.zeros([2, 3], "float64")]), type: TypeError, message: /^stack: dtypes differ/ },
    { name: "stack empty list", run: () => tf.stack([]), type: Error, message: /^stack: expected a non-empty array/ },
    { name: "stack axis out of range", run: () => tf.stack([m(), m()], 3), type: RangeError, message: /^stack: axis 3 is out of range.*\[-3, 2\]/ },
    { name: "slice past the end", run: () => tf.slice(m(), [1, 1], [2, 1]), type: RangeError, message: /^slice: begin \[1,1\] and size \[2,1\] are out of bounds for shape \[2,3\] at axis 0: begin 1 with size 2/ },
    { name: "slice begin out of bounds without size", run: () => tf.slice(m(), [3, 0]), type: RangeError, message: /^slice: begin \[3,0\] and size \(to the end\) are out of bounds for shape \[2,3\] at axis 0/ },
    { name: "slice negative begin", run: () => tf.slice(m(), [0, -1], [1, 1]), type: RangeError, message: /^slice: .*at axis 1: begin -1/ },
    { name: "slice begin past the end", run: () => tf.slice(m(), [0, 4], [1, -1]), type: RangeError, message: /^slice: .*at axis 1: begin 4/ },
    { name: "slice size below -1", run: () => tf.slice(m(), [0, 0], [1, -2]), type: RangeError, message: /^slice: .*at axis 1: begin 0 with size -2/ },
    { name: "slice wrong begin length", run: () => tf.slice(m(), [0], [1]), type: RangeError, message: /^slice: begin \[0\] has 1 entries but the tensor \[2,3\] has rank 2/ },
    { name: "gather index too big", run: () => tf.gather(m(), [[0, 1], [2, 0]]), type: RangeError, message: /^gather: indices\[1,0\] = 2 is not in \[0, 2\): axis 0 of params \[2,3\]/ },
    { name: "gather negative index", run: () => tf.gather(m(), [0, -1], 1), type: RangeError, message: /^gather: indices\[1\] = -1 is not in \[0, 3\): axis 1/ },
    { name: "gather late bad index", run: () => tf.gather(tf.zeros([3]), tf.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 3], [10], "int32")), type: RangeError, message: /^gather: indices\[9\] = 3 is not in \[0, 3\)/ },
    { name: "gather scalar bad index", run: () => tf.gather(m(), 5), type: RangeError, message: /^gather: indices = 5 is not in \[0, 2\)/ },
    { name: "gather float indices", run: () => tf.gather(m(), tf.tensor([0, 1])), type: TypeError, message: /^gather: indices must be int32, got float32 \[2\]; convert with tf.cast/ },
    { name: "gather fractional index", run: () => tf.gather(m(), [0, 0.5]), type: TypeError, message: /^gather: indices must hold int32 integers, but element 1 is 0.5/ },
    { name: "gather from a scalar", run: () => tf.gather(tf.zeros([]), [0]), type: RangeError, message: /^gather: params must have rank 1 or more/ },
    { name: "gather axis out of range", run: () => tf.gather(m(), [0], 2), type: RangeError, message: /^gather: axis 2 is out of range/ },
    { name: "tile wrong length", run: () => tf.tile(m(), [2]), type: RangeError, message: /^tile: multiples \[2\] has 1 entries but the tensor \[2,3\] has rank 2/ },
    { name: "tile negative", run: () => tf.tile(m(), [1, -1]), type: RangeError, message: /^tile: multiples \[1,-1\] has a negative entry at axis 1/ },
    { name: "pad wrong length", run: () => tf.pad(m(), [[1, 1]]), type: RangeError, message: /^pad: paddings must be an array of 2 \[before, after\] pairs.*\[2,3\], got 1 entries/ },
    { name: "pad negative", run: () => tf.pad(m(), [[0, 0], [-1, 0]]), type: RangeError, message: /^pad: paddings\[1\] is \[-1,0\]/ },
    { name: "pad not a pair", run: () => tf.pad(m(), [[0, 0], [1]]), type: RangeError, message: /^pad: paddings\[1\] is \[1\]/ },
    { name: "oneHot float indices", run: () => tf.oneHot(tf.tensor([0, 1]), 2), type: TypeError, message: /^oneHot: indices must be int32, got float32/ },
    { name: "oneHot negative depth", run: () => tf.oneHot([0], -1), type: RangeError, message: /^oneHot: depth must be >= 0, got -1/ },
    { name: "oneHot bad dtype", run: () => tf.oneHot([0], 2, 1, 0, "int8" as never), type: TypeError, message: /^oneHot: unknown dtype "int8"/ },
    { name: "disposed input", run: () => { const t = m(); t.dispose(); return tf.transpose(t); }, type: Error, message: /^transpose: Tensor#\d+ \(float32 \[2,3\]\) was disposed/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      let thrown: unknown;
      try {
        c.run();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(c.type);
      expect((thrown as Error).message).toMatch(c.message);
      // The engine still works afterwards.
      const { t, ref } = input([17, 23], "float32", 5);
      expectTensor(tf.transpose(tf.gather(t, [3, 1, 16])), refTranspose(refGather(ref, { shape: [3], values: [3, 1, 16] }, 0)), "float32");
    });
  }
});

it("an out-of-range gather allocates nothing and leaves the engine working", () => {
  const params = tf.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
  const indices = tf.tensor([0, 2, 3], [3], "int32");
  const before = tf.memory();
  expect(() => tf.gather(params, indices)).toThrow(RangeError);
  const after = tf.memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
  expect(tf.gather(params, [2, 0]).array()).toEqual([[5, 6], [1, 2]]);
});
