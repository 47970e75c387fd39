// tf.Variable: construction, metadata, assign/assignAdd/assignSub and their errors, value() as a
// snapshot, TensorFlow's printed form, and how tapes see variables.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

describe("Variable: construction and metadata", () => {
  it("takes numbers, nested arrays and tensors; dtype casts; metadata mirror the value", () => {
    const s = new tf.Variable(0, { dtype: "float32" });
    expect([s.shape, s.dtype, s.rank, s.size, s.trainable, s.name]).toEqual([[], "float32", 0, 1, true, "Variable"]);
    const m = new tf.Variable([
      [1, 2, 3],
      [4, 5, 6],
    ], { name: "m", trainable: false });
    expect([m.shape, m.dtype, m.rank, m.size, m.trainable, m.name]).toEqual([[2, 3], "float32", 2, 6, false, "m"]);
    const d = new tf.Variable(tf.tensor([1.5, 2.5]), { dtype: "float64" });
    expect(d.dtype).toBe("float64");
    expect(d.array()).toEqual([1.5, 2.5]);
    const i = new tf.Variable(tf.tensor([1.9, -2.9]), { dtype: "int32" });
    expect(i.array()).toEqual([1, -2]); // cast truncates toward zero, as tf.cast
    expect(() => new tf.Variable([1], { dtype: "float16" as tf.DType })).toThrow(/Variable: unknown dtype "float16"/);
  });

  it("keeps its own copy of the initial tensor", () => {
    const t = tf.tensor([1, 2]);
    const v = new tf.Variable(t);
    v.assign([5, 6]);
    expect(t.array()).toEqual([1, 2]);
    const w = new tf.Variable(v);
    v.assign([7, 8]);
    expect(w.array()).toEqual([5, 6]);
  });

  it("reads its values as a tensor does: item, data, array, numpy", () => {
    const v = new tf.Variable([
      [1, 2],
      [3, 4],
    ]);
    expect(v.numpy()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(v.data())).toEqual([1, 2, 3, 4]);
    expect(new tf.Variable(2.5).item()).toBe(2.5);
  });
});

describe("Variable: printing", () => {
  it.each([
    [0, "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.0>"],
    [0.09999931, "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.09999931>"],
    [5.000001, "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=5.000001>"],
    [0.7, "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.7>"],
  ])("the seeds' print(w) of %f", (value, text) => {
    expect(String(new tf.Variable(value, { dtype: "float32" }))).toBe(text);
  });

  it("names, shapes and dtypes as TensorFlow prints them", () => {
    expect(String(new tf.Variable(3, { name: "x0" }))).toBe("<tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>");
    expect(String(new tf.Variable(7, { dtype: "int32" }))).toBe("<tf.Variable 'Variable:0' shape=() dtype=int32, numpy=7>");
    expect(String(new tf.Variable([1, 2], { name: "b" }))).toMatch(/^<tf\.Variable 'b:0' shape=\(2,\) dtype=float32, numpy=/);
    expect(String(new tf.Variable(tf.zeros([3, 2]), { name: "w" }))).toMatch(/^<tf\.Variable 'w:0' shape=\(3, 2\) dtype=float32, numpy=/);
  });

  it("prints its current value after an assign", () => {
    const w = new tf.Variable(0, { dtype: "float32" });
    w.assign(0.09999931);
    expect(String(w)).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.09999931>");
  });
});

describe("Variable: assign, assignAdd, assignSub", () => {
  it("update in place and return the variable", () => {
    const v = new tf.Variable([1, 2]);
    expect(v.assign([3, 4])).toBe(v);
    expect(v.array()).toEqual([3, 4]);
    expect(v.assignAdd(tf.tensor([1, 1]))).toBe(v);
    expect(v.array()).toEqual([4, 5]);
    expect(v.assignSub([0.5, 2])).toBe(v);
    expect(v.array()).toEqual([3.5, 3]);
    const s = new tf.Variable(1);
    s.assignAdd(2).assignSub(0.5);
    expect(s.item()).toBe(2.5);
    const other = new tf.Variable([9, 9]);
    v.assign(other);
    expect(v.array()).toEqual([9, 9]);
  });

  it("float32 arithmetic: assignSub rounds once per op", () => {
    const v = new tf.Variable(0.1);
    v.assignSub(tf.mul(0.3, 0.001));
    expect(v.item()).toBe(Math.fround(Math.fround(0.1) - Math.fround(Math.fround(0.3) * Math.fround(0.001))));
  });

  it.each(["assign", "assignAdd", "assignSub"] as const)("%s: a shape change is an Error naming the variable and both shapes", (method) => {
    const v = new tf.Variable([1, 2], { name: "bias" });
    expect(() => v[method]([1, 2, 3])).toThrow(
      new RegExp(`^Variable\\.${method}: variable 'bias' has shape \\[2\\] but the value has shape \\[3\\]`),
    );
    expect(() => v[method](tf.zeros([1, 2]))).toThrow(/has shape \[2\] but the value has shape \[1,2\]/);
    expect(() => v[method](1)).toThrow(/has shape \[2\] but the value has shape \[\]/);
    expect(v.array()).toEqual([1, 2]);
  });

  it.each(["assign", "assignAdd", "assignSub"] as const)("%s: a dtype change is a TypeError naming the variable and both dtypes", (method) => {
    const v = new tf.Variable([1, 2], { name: "kernel" });
    let error: unknown;
    try {
      v[method](tf.tensor([1, 2], undefined, "float64"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Variable\\.${method}: variable 'kernel' is float32 but the value is float64; cast it with tf\\.cast`),
    );
    expect(v.array()).toEqual([1, 2]);
    v[method]([1, 1]);
    expect(v.array()).toEqual(method === "assign" ? [1, 1] : method === "assignAdd" ? [2, 3] : [0, 1]);
  });
});

describe("Variable: value() and ops", () => {
  it("value() is a snapshot: later assigns do not change it", () => {
    const v = new tf.Variable([1, 2]);
    const before = v.value();
    v.assign([5, 6]);
    expect(before.array()).toEqual([1, 2]);
    expect(v.value().array()).toEqual([5, 6]);
    expect(before).toBeInstanceOf(tf.Tensor);
  });

  it("an op on a variable returns a Tensor, which a tape does not watch", () => {
    const v = new tf.Variable(2, { name: "x2" });
    const t = tf.add(v, 1);
    expect(t).toBeInstanceOf(tf.Tensor);
    expect(t).not.toBeInstanceOf(tf.Variable);
    expect(t.item()).toBe(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(t, t));
    expect(tape.gradient(y, t)).toBeNull();
    expect(tape.watchedVariables()).toEqual([]);
  });

  it("a variable works wherever a tensor does: in every argument position", () => {
    const a = new tf.Variable([
      [1, 2],
      [3, 4],
    ]);
    expect(tf.matmul(a, a).array()).toEqual([
      [7, 10],
      [15, 22],
    ]);
    expect(tf.sub(10, a).array()).toEqual([
      [9, 8],
      [7, 6],
    ]);
    expect(tf.reduceSum(a).item()).toBe(10);
  });

  it.each([
    ["cast to its own dtype", (v: tf.Variable) => tf.cast(v, "float32")],
    ["convertToTensor", (v: tf.Variable) => tf.convertToTensor(v)],
  ])("%s of a variable is a snapshot that a later assign does not change, and differentiable", (_, read) => {
    const v = new tf.Variable([1, 2]);
    const snapshot = read(v);
    v.assign([5, 6]);
    expect(snapshot.array()).toEqual([1, 2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(read(v), 3));
    expect(tape.gradient(y, v)!.array()).toEqual([3, 3]);
  });

  it("reads inside a tape see assigns made earlier in the same recording", () => {
    const v = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      v.assign(4);
      return tf.mul(v, v);
    });
    expect(y.item()).toBe(16);
    expect(tape.gradient(y, v)!.item()).toBe(8);
  });

  it("trainable variables are watched when read, non-trainable ones only when watched", () => {
    const w = new tf.Variable(3, { name: "w" });
    const frozen = new tf.Variable(5, { name: "frozen", trainable: false });
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => tf.mul(w, frozen));
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(["w"]);
    expect(tape.gradient(y, [w, frozen]).map((g) => (g === null ? null : g.item()))).toEqual([5, null]);
    const z = tape.record(() => {
      tape.watch(frozen);
      return tf.mul(w, frozen);
    });
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(["w", "frozen"]);
    expect(tape.gradient(z, [w, frozen]).map((g) => (g === null ? null : g.item()))).toEqual([5, 3]);
  });

  it("a variable read outside any tape is not watched by a tape created later", () => {
    const v = new tf.Variable(2);
    const outside = tf.mul(v, v);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(outside, 1));
    expect(tape.watchedVariables()).toEqual([]);
    expect(tape.gradient(y, v)).toBeNull();
  });

  it.each([
    ["not watching accessed variables", { watchAccessedVariables: false }, true],
    ["a non-trainable variable", {}, false],
  ] as const)("an explicitly watched variable stays watched after an assign moves it (%s)", (_, options, trainable) => {
    const v = new tf.Variable(2, { trainable });
    const tape = new tf.GradientTape(options);
    const [y1, y2] = tape.record(() => {
      tape.watch(v);
      const before = tf.mul(v, v);
      v.assign(3); // the tape holds the old tensor, so the variable moves to a new one
      return [before, tf.mul(v, v)];
    });
    expect(tape.gradient([y1, y2], v)!.item()).toBe(2 * 2 + 2 * 3);
  });

  it("ops that read a variable before the tape watched it send it no gradient", () => {
    const u = tf.tensor(2);
    const v = new tf.Variable(5);
    const tape = new tf.GradientTape({ watchAccessedVariables: false });
    const z = tape.record(() => {
      tape.watch(u);
      const y = tf.mul(v, u); // recorded through u, but v is not watched yet
      tape.watch(v);
      return tf.add(y, tf.mul(v, 2));
    });
    expect(tape.gradient(z, [u, v]).map((g) => g!.item())).toEqual([5, 2]);
  });

  it("a non-persistent tape recording again after its gradient forgets the first recording's watches", () => {
    const frozen = new tf.Variable(3, { trainable: false });
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(frozen);
      return tf.mul(frozen, 2);
    });
    expect(tape.gradient(y, frozen)!.item()).toBe(2);
    const z = tape.record(() => tf.mul(frozen, frozen));
    expect(tape.watchedVariables()).toEqual([]);
    expect(tape.gradient(z, frozen)).toBeNull();
  });

  it("a tape used again after reset forgets what it watched before", () => {
    const v = new tf.Variable(3);
    const tape = new tf.GradientTape({ watchAccessedVariables: false, persistent: true });
    tape.record(() => tape.watch(v));
    tape.reset();
    const y = tape.record(() => tf.mul(v, v));
    expect(tape.watchedVariables()).toEqual([]);
    expect(tape.gradient(y, v)).toBeNull();
  });
});

describe("Variable: dispose", () => {
  it("frees the memory now; every later use throws an Error naming the variable", () => {
    const v = new tf.Variable([1, 2], { name: "w" });
    const before = tf.memory().numTensors;
    v.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
    v.dispose(); // a second dispose does nothing
    const uses: [string, () => unknown][] = [
      ["read", () => tf.add(v, 1)],
      ["assign", () => v.assign([3, 4])],
      ["assignAdd", () => v.assignAdd([3, 4])],
      ["assignSub", () => v.assignSub([3, 4])],
      ["array", () => v.array()],
      ["numpy", () => v.numpy()],
      ["data", () => v.data()],
      ["read", () => v.value()],
      ["assign", () => new tf.optimizers.SGD({ learningRate: 0.1 }).applyGradients([[tf.tensor([1, 1]), v]])],
    ];
    for (const [what, use] of uses) {
      expect(use, what).toThrow(new RegExp(`^Variable 'w' \\(float32 \\[2\\]\\): ${what} after dispose\\(\\)`));
    }
    expect(String(v)).toBe("<tf.Variable 'w:0' shape=(2,) dtype=float32, disposed>");
    expect(() => new tf.Variable(3).item()).not.toThrow();
  });

  it("a tape that still holds the values computes its gradient; `using` disposes at the end of the block", () => {
    let outside: tf.Variable;
    {
      using v = new tf.Variable(3);
      outside = v;
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.mul(v, v));
      v.dispose();
      expect(tape.gradient(y, v)!.item()).toBe(6);
      expect(y.item()).toBe(9);
    }
    expect(() => outside.item()).toThrow(/after dispose/);
    {
      using w = new tf.Variable(4, { name: "scoped" });
      expect(w.item()).toBe(4);
      outside = w;
    }
    expect(() => tf.mul(outside, 2)).toThrow(/^Variable 'scoped' \(float32 \[\]\): read after dispose/);
  });
});
