import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { castValue } from "../reference/binary.js";

const DTYPES = ["float32", "float64", "int32", "bool"] as const;

/** Edge values per source dtype; more than 16 so both the vector loop and the scalar tail run. */
const SOURCES: Record<(typeof DTYPES)[number], number[]> = {
  float32: [0, -0, 1.7, -1.7, 2.5, -2.5, 0.1, NaN, Infinity, -Infinity, 3e9, -3e9, 2147483520, -2147483648, 16777217, 1e-40, 0.5, -0.5, 123.456],
  float64: [0, -0, 1.7, -1.7, 2.5, -2.5, 0.1, NaN, Infinity, -Infinity, 3e9, -3e9, 2147483647.9, -2147483648.9, 1e300, 1e-50, 3.4028235677973366e38, 0.5, -123.456],
  int32: [0, 1, -1, 2147483647, -2147483648, 16777217, -16777217, 123456789, 7, -7, 42, 2, 3, 4, 5, 6, 8, 9, 1000],
  bool: [0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0],
};

describe("cast", () => {
  for (const from of DTYPES) {
    for (const to of DTYPES) {
      if (from === to) continue;
      it(`${from} -> ${to}`, () => {
        const source = tf.tensor(SOURCES[from], [SOURCES[from].length], from);
        const stored = Array.from(source.data()); // the values as the source dtype holds them
        const out = tf.cast(source, to);
        expect(out.dtype).toBe(to);
        expect(out.shape).toEqual(source.shape);
        expect(Array.from(out.data())).toEqual(stored.map((v) => castValue(v, to)));
        // Shorter than one vector, shaped: only the scalar path, shape kept.
        const small = tf.cast(tf.tensor(SOURCES[from].slice(0, 3), [3, 1], from), to);
        expect(small.shape).toEqual([3, 1]);
        expect(Array.from(small.data())).toEqual(stored.slice(0, 3).map((v) => castValue(v, to)));
      });
    }
  }

  it("follows TensorFlow on the documented edge cases", () => {
    expect(tf.cast(tf.constant([1.7, -1.7, -0.5]), "int32").array()).toEqual([1, -1, 0]);
    expect(tf.cast(tf.constant([NaN, 0, -0, 0.25]), "bool").array()).toEqual([1, 0, 0, 1]);
    expect(tf.cast(tf.constant([true, false]), "float32").array()).toEqual([1, 0]);
    expect(tf.cast(tf.constant([0.1], "float64"), "float32").array()).toEqual([Math.fround(0.1)]);
    expect(tf.cast(tf.constant([1e300], "float64"), "float32").array()).toEqual([Infinity]);
  });

  it.each(["float32", "float64", "int32", "bool"] as const)("to the dtype a %s tensor has, returns a copy: disposing it leaves the input alive", (dtype) => {
    const t = tf.constant([1, 0], dtype);
    const same = tf.cast(t, dtype);
    expect(same).not.toBe(t);
    expect([same.dtype, same.array()]).toEqual([dtype, [1, 0]]);
    same.dispose();
    expect(t.array()).toEqual([1, 0]);
  });

  it("converts numbers and nested arrays by their own dtype first", () => {
    expect(tf.cast([[1.7], [-2.2]], "int32").array()).toEqual([[1], [-2]]);
    expect(tf.cast(2.9, "int32").array()).toBe(2);
    expect(tf.cast([true, false], "int32").array()).toEqual([1, 0]);
  });

  it("keeps scalar and empty shapes", () => {
    const scalar = tf.cast(tf.constant(3.5, "float64"), "float32");
    expect(scalar.shape).toEqual([]);
    expect(scalar.array()).toBe(3.5);
    const empty = tf.cast(tf.zeros([0, 3]), "int32");
    expect(empty.shape).toEqual([0, 3]);
    expect(empty.dtype).toBe("int32");
  });

  it("is a method", () => {
    expect(tf.constant([0, 2]).cast("bool").array()).toEqual([0, 1]);
  });
});

describe("cast errors", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "unknown dtype", run: () => tf.cast(tf.ones([2]), "float16" as never), message: /^cast: unknown dtype "float16"/ },
    { name: "string input", run: () => tf.cast("1" as never, "int32"), message: /^cast: argument x must be a Tensor.*the string "1"/ },
    {
      name: "disposed tensor",
      run: () => {
        const t = tf.ones([2]);
        t.dispose();
        return tf.cast(t, "int32");
      },
      message: /^cast: Tensor#\d+ \(float32 \[2\]\) was disposed/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      expect(tf.cast(tf.constant([1.5, -2.5]), "int32").array()).toEqual([1, -2]);
    });
  }
});
