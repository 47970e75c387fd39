import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

describe("creation", () => {
  const cases: { name: string; make: () => tf.Tensor; shape: number[]; dtype: tf.DType; values: unknown }[] = [
    { name: "scalar number", make: () => tf.constant(3), shape: [], dtype: "float32", values: 3 },
    { name: "nested 2x3", make: () => tf.constant([[1, 2, 3], [4, 5, 6]]), shape: [2, 3], dtype: "float32", values: [[1, 2, 3], [4, 5, 6]] },
    { name: "float64", make: () => tf.constant([0.1, 0.2], "float64"), shape: [2], dtype: "float64", values: [0.1, 0.2] },
    { name: "int32 truncates", make: () => tf.constant([1, -2, 3], "int32"), shape: [3], dtype: "int32", values: [1, -2, 3] },
    { name: "booleans", make: () => tf.constant([true, false]), shape: [2], dtype: "bool", values: [1, 0] },
    { name: "typed array", make: () => tf.constant(new Float64Array([1.5, 2.5])), shape: [2], dtype: "float64", values: [1.5, 2.5] },
    { name: "flat with shape", make: () => tf.tensor([1, 2, 3, 4], [2, 2]), shape: [2, 2], dtype: "float32", values: [[1, 2], [3, 4]] },
    { name: "empty", make: () => tf.tensor([], [0, 3]), shape: [0, 3], dtype: "float32", values: [] },
    { name: "zeros", make: () => tf.zeros([2, 2]), shape: [2, 2], dtype: "float32", values: [[0, 0], [0, 0]] },
    { name: "ones int32", make: () => tf.ones([3], "int32"), shape: [3], dtype: "int32", values: [1, 1, 1] },
    { name: "fill", make: () => tf.fill([5], 2.5), shape: [5], dtype: "float32", values: [2.5, 2.5, 2.5, 2.5, 2.5] },
    { name: "fill bool", make: () => tf.fill([2], 1, "bool"), shape: [2], dtype: "bool", values: [1, 1] },
    { name: "zerosLike float64", make: () => tf.zerosLike(tf.ones([2], "float64")), shape: [2], dtype: "float64", values: [0, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = c.make();
      expect(t.shape).toEqual(c.shape);
      expect(t.dtype).toBe(c.dtype);
      expect(t.array()).toEqual(c.values);
    });
  }

  it("constant of a tensor or a variable is a copy, cast to the dtype if given", () => {
    const t = tf.tensor([1.5, 2]);
    const same = tf.constant(t);
    expect(same).not.toBe(t);
    same.dispose();
    expect(t.array()).toEqual([1.5, 2]);
    expect([tf.constant(t, "int32").dtype, tf.constant(t, "int32").array()]).toEqual(["int32", [1, 2]]);
    const v = new tf.Variable([3, 4]);
    const snapshot = tf.constant(v);
    v.assign([5, 6]);
    expect(snapshot.array()).toEqual([3, 4]);
  });

  it("float32 rounds like float32", () => {
    expect(tf.constant(0.1).item()).toBe(Math.fround(0.1));
  });
});

describe("creation errors", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "ragged", run: () => tf.constant([[1, 2], [3]]), message: /constant: ragged nested array: values\[1\] has length 1/ },
    { name: "mixed depth", run: () => tf.constant([[1, 2], 3] as never), message: /constant: ragged nested array/ },
    { name: "string element", run: () => tf.constant([1, "2"] as never), message: /constant: element values\[1\] is the string "2"/ },
    { name: "negative dimension", run: () => tf.zeros([2, -1]), message: /zeros: shape \[2,-1\] has dimension -1/ },
    { name: "fractional dimension", run: () => tf.ones([1.5]), message: /ones: shape \[1.5\] has dimension 1.5/ },
    { name: "shape mismatch", run: () => tf.tensor([1, 2, 3], [2, 2]), message: /tensor: 3 values cannot fill shape \[2,2\]/ },
    { name: "unknown dtype", run: () => tf.zeros([1], "float16" as never), message: /zeros: unknown dtype "float16"/ },
    { name: "item on many", run: () => tf.ones([2]).item(), message: /item: Tensor#\d+ \(float32 \[2\]\) has 2 elements/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      expect(tf.ones([2]).data()).toEqual(new Float32Array([1, 1]));
    });
  }

  it("self-containing arrays", () => {
    const a: unknown[] = [1];
    a[0] = a;
    expect(() => tf.constant(a as never)).toThrow(/contains itself/);
  });
});

describe("memory", () => {
  it("dispose frees and later use names the tensor", () => {
    const before = tf.memory().numTensors;
    const t = tf.ones([4]);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => t.data()).toThrow(/data: Tensor#\d+ \(float32 \[4\]\) was disposed by dispose\(\).*tf\.keep/);
  });

  it("tidy frees what it does not return", () => {
    const before = tf.memory().numTensors;
    let inner: tf.Tensor | undefined;
    const out = tf.tidy(() => {
      inner = tf.ones([3]);
      return tf.zeros([2]);
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.array()).toEqual([0, 0]);
    expect(() => inner!.item()).toThrow(/freed when the tf.tidy that created it returned/);
  });

  it("keep survives tidy", () => {
    let kept: tf.Tensor | undefined;
    let dropped: tf.Tensor | undefined;
    const result = tf.tidy(() => {
      kept = tf.keep(tf.fill([2], 7));
      dropped = tf.ones([10]);
      return null;
    });
    expect(result).toBeNull();
    expect(kept!.array()).toEqual([7, 7]);
    expect(() => dropped!.data()).toThrow(/freed when the tf.tidy that created it returned/);
  });

  it("clone copies into new memory that outlives the original", () => {
    const t = tf.constant([[1.5, -2], [3, 4]], "float64");
    const c = t.clone();
    t.dispose();
    expect(c.dtype).toBe("float64");
    expect(c.array()).toEqual([[1.5, -2], [3, 4]]);
    expect(tf.tidy(() => tf.ones([3], "bool").clone()).array()).toEqual([1, 1, 1]);
  });

  it("freed blocks are reused", () => {
    const a = tf.zeros([1000]);
    const top = tf.memory().heapTopBytes;
    a.dispose();
    for (let i = 0; i < 100; i++) tf.zeros([1000]).dispose();
    expect(tf.memory().heapTopBytes).toBe(top);
  });

  it("growth keeps existing values", () => {
    const a = tf.fill([4], 3);
    const big = tf.zeros([4_000_000]);
    expect(a.array()).toEqual([3, 3, 3, 3]);
    big.dispose();
  });
});
