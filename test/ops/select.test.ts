import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { randomValues, sizeOf } from "../util/reference.js";
import { asRef, checkResult } from "../util/result.js";
import { broadcastApply, clipOp, whereOp } from "../reference/binary.js";

type Triple = [number[], number[], number[]];

function values(shape: number[], seed: number, dtype: tf.DType, lo = -3, hi = 3): number[] {
  const v = randomValues(sizeOf(shape), seed, lo, hi);
  if (dtype === "bool") return v.map((x) => (x > (lo + hi) / 2 ? 1 : 0));
  if (dtype === "int32") return v.map(Math.round);
  return v;
}

/** Each operand either steps along the inner dim ([4,19]) or is one element per row ([4,1]). */
const STEPPING: Triple[] = [];
for (let bits = 0; bits < 8; bits++) {
  STEPPING.push([0, 1, 2].map((k) => ((bits >> (2 - k)) & 1 ? [4, 19] : [4, 1])) as Triple);
}

const WHERE_SHAPES: Triple[] = [
  [[2, 3], [2, 3], [2, 3]],
  [[37], [37], [37]],
  [[], [], []],
  ...STEPPING,
  [[], [5], []],
  [[7], [], [7]],
  [[3, 1], [1, 4], []],
  [[2, 1, 3], [4, 1], [2, 4, 3]],
  [[1, 4, 1, 6], [3, 1, 5, 1], [6]],
  [[2, 1, 1, 1, 5], [1, 3, 1, 4, 1], [2, 3, 2, 1, 1]],
  [[0, 3], [1, 3], []],
  [[2, 1], [0], [1]],
];

describe("where", () => {
  for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
    describe(dtype, () => {
      WHERE_SHAPES.forEach(([sc, sa, sb], k) => {
        it(`${JSON.stringify(sc)}, ${JSON.stringify(sa)}, ${JSON.stringify(sb)}`, () => {
          const cond = tf.tensor(values(sc, 31 + k, "bool"), sc, "bool");
          const a = tf.tensor(values(sa, 41 + k, dtype), sa, dtype);
          const b = tf.tensor(values(sb, 51 + k, dtype), sb, dtype);
          checkResult(tf.where(cond, a, b), broadcastApply(whereOp, asRef(cond), asRef(a), asRef(b)), dtype);
        });
      });
    });
  }

  it("numbers and nested arrays take the other operand's dtype", () => {
    const cond = tf.constant([true, false, true]);
    const x64 = tf.constant([1.5, 2.5, 3.5], "float64");
    const out = tf.where(cond, x64, 0);
    expect(out.dtype).toBe("float64");
    expect(out.array()).toEqual([1.5, 0, 3.5]);
    expect(tf.where(cond, -1, tf.constant([7, 8, 9], "int32")).array()).toEqual([-1, 8, -1]);
    expect(tf.where([true, false], 1, 2).array()).toEqual([1, 2]);
    const nested = tf.where([[true], [false]], [1, 2], tf.constant([0, 0], "int32"));
    expect(nested.dtype).toBe("int32");
    expect(nested.array()).toEqual([[1, 2], [0, 0]]);
  });

  it("keeps NaN and infinities of the chosen side", () => {
    const out = tf.where(tf.constant([true, false, true, false, true]), tf.constant([NaN, 1, Infinity, 2, -0]), tf.constant([0, NaN, 0, -Infinity, 1]));
    expect(Array.from(out.data())).toEqual([NaN, NaN, Infinity, -Infinity, -0]);
  });

  it("is a method of the condition", () => {
    expect(tf.constant([true, false]).where(1, 2).array()).toEqual([1, 2]);
  });
});

const CLIP_SHAPES: Triple[] = [
  [[2, 3], [], []],
  [[37], [37], [37]],
  [[], [], []],
  [[4, 19], [19], [4, 1]],
  [[4, 19], [4, 1], []],
  [[0, 3], [], [3]],
  [[5], [1], [1]],
  [[3, 4, 5], [4, 1], [5]],
];

describe("clipByValue", () => {
  for (const dtype of ["float32", "float64", "int32"] as const) {
    describe(dtype, () => {
      CLIP_SHAPES.forEach(([st, slo, shi], k) => {
        it(`${JSON.stringify(st)}, ${JSON.stringify(slo)}, ${JSON.stringify(shi)}`, () => {
          const t = tf.tensor(values(st, 61 + k, dtype, -4, 4), st, dtype);
          // Bounds overlap a little, so some elements see lo > hi (TensorFlow then gives lo).
          const lo = tf.tensor(values(slo, 71 + k, dtype, -3, 0.5), slo, dtype);
          const hi = tf.tensor(values(shi, 81 + k, dtype, -0.5, 3), shi, dtype);
          checkResult(tf.clipByValue(t, lo, hi), broadcastApply(clipOp, asRef(t), asRef(lo), asRef(hi)), dtype);
        });
      });
    });
  }

  it("takes numbers in t's dtype and is a method", () => {
    const t = tf.constant([-5, 0.25, 5], "float64");
    const out = t.clipByValue(-1, 1);
    expect(out.dtype).toBe("float64");
    expect(out.array()).toEqual([-1, 0.25, 1]);
    expect(tf.clipByValue(tf.constant([-9, 3, 9], "int32"), 0, 5).array()).toEqual([0, 3, 5]);
  });

  it("propagates NaN and handles infinities", () => {
    const t = tf.constant([NaN, Infinity, -Infinity, 0.5, 2]);
    expect(Array.from(tf.clipByValue(t, -1, 1).data())).toEqual([NaN, 1, -1, 0.5, 1]);
    expect(Array.from(tf.clipByValue(t, -Infinity, Infinity).data())).toEqual([NaN, Infinity, -Infinity, 0.5, 2]);
    expect(Array.from(tf.clipByValue(t, NaN, 1).data())).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });

  it("gives the lower bound where the bounds cross, as TensorFlow does", () => {
    expect(tf.clipByValue(tf.constant([0, 5, 10]), 6, 4).array()).toEqual([6, 6, 6]);
  });
});

describe("errors", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    {
      name: "where: condition not bool",
      run: () => tf.where(tf.constant([1, 0]), 1, 2),
      message: /^where: condition must be bool, got float32 \[2\].*tf\.cast/,
    },
    {
      name: "where: a and b dtypes differ",
      run: () => tf.where(tf.constant([true]), tf.constant([1]), tf.constant([1], "float64")),
      message: /^where: dtypes differ: float32 \[1\] and float64 \[1\]/,
    },
    {
      name: "where: shapes",
      run: () => tf.where(tf.constant([true, false]), tf.ones([3]), tf.ones([2])),
      message: /^where: shapes \[2\] \(condition\), \[3\] \(a\) and \[2\] \(b\) cannot be broadcast together/,
    },
    {
      name: "where: one argument",
      run: () => (tf.where as (c: unknown) => unknown)(tf.constant([true])),
      message: /^where: pass a condition and both a and b/,
    },
    {
      name: "where: disposed operand",
      run: () => {
        const a = tf.ones([2]);
        a.dispose();
        return tf.where(tf.constant([true, false]), a, 0);
      },
      message: /^where: Tensor#\d+ \(float32 \[2\]\) was disposed/,
    },
    {
      name: "where: string operand",
      run: () => tf.where(tf.constant([true]), "a" as never, 1),
      message: /^where: argument a must be a Tensor/,
    },
    {
      name: "clipByValue: bounds enlarge t",
      run: () => tf.clipByValue(tf.ones([3]), tf.zeros([2, 1]), 1),
      message: /^clipByValue: the bounds \[2,1\] and \[\] would broadcast t \[3\] to \[2,3\]/,
    },
    {
      name: "clipByValue: shapes",
      run: () => tf.clipByValue(tf.ones([3]), tf.zeros([2]), 1),
      message: /^clipByValue: shapes \[3\] \(t\), \[2\] \(clipValueMin\) and \[\] \(clipValueMax\) cannot be broadcast/,
    },
    {
      name: "clipByValue: bool",
      run: () => tf.clipByValue(tf.constant([true]), false, true),
      message: /^clipByValue: dtype bool \[1\] is not supported/,
    },
    {
      name: "clipByValue: dtype mismatch",
      run: () => tf.clipByValue(tf.ones([2]), tf.zeros([2], "float64"), 1),
      message: /^clipByValue: dtypes differ: float32 \[2\] and float64 \[2\]/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.run).toThrow(c.message);
      expect(tf.where(tf.constant([[true], [false]]), [1, 2], 0).array()).toEqual([[1, 2], [0, 0]]);
      expect(tf.clipByValue(tf.constant([-2, 0, 2]), -1, 1).array()).toEqual([-1, 0, 1]);
    });
  }
});

describe("one-element outputs of rank >= 1 with differently shaped operands", () => {
  it("where([true], [5], 1) and where([[false]], 2, [[7]])", () => {
    expect(tf.where(tf.constant([true]), tf.constant([5]), 1).array()).toEqual([5]);
    expect(tf.where(tf.constant([[false]]), 2, tf.constant([[7]])).array()).toEqual([[7]]);
  });
  it("clipByValue of a [1,1] tensor with number bounds", () => {
    expect(tf.clipByValue(tf.constant([[3]]), -1, 1).array()).toEqual([[1]]);
    expect(tf.clipByValue(tf.constant([[-3]], "float64"), tf.constant([-1], "float64"), 1).array()).toEqual([[-1]]);
  });
});
