import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose, toleranceFor } from "../util/close.js";
import { randomValues, sizeOf } from "../util/reference.js";
import { asRef, checkResult } from "../util/result.js";
import {
  type BinaryName,
  broadcastApply,
  broadcastShape,
  type CompareName,
  compareOps,
  floatOps,
  int32Ops,
} from "../reference/binary.js";

type NumericDType = "float32" | "float64" | "int32";
const DTYPES: NumericDType[] = ["float32", "float64", "int32"];
const ARITHMETIC: BinaryName[] = ["add", "sub", "mul", "div", "pow", "maximum", "minimum"];
const COMPARISONS: CompareName[] = ["equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"];

/** Shape pairs covering every kernel layout: same shape, scalar either side, strided broadcasts. */
const SHAPE_PAIRS: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[37], [37]],
  [[], []],
  [[], [5]],
  [[5], []],
  [[1], [2, 1, 9]],
  [[3, 1], [1, 4]],
  [[2, 1, 3], [4, 1]],
  [[5, 17], [17]],
  [[9], [2, 1]],
  [[9, 1], [9, 6]],
  [[7, 1], [1, 9]],
  [[3, 1, 19], [1, 4, 19]],
  [[2, 1, 3, 1, 2], [4, 1, 5, 1]],
  [[1, 1, 1, 1, 1], [2, 3, 1, 4, 5]],
  [[2, 3, 4, 5, 6], [6]],
  [[2, 1, 4, 1, 6], [2, 3, 1, 5, 1]],
  [[1, 3, 1, 5, 1], [2, 1, 4, 1, 7]],
  [[2, 3, 4, 5, 6], [2, 3, 4, 5, 6]],
  [[0, 3], [1, 3]],
  [[2, 0], [2, 1]],
  [[0], []],
  [[3], [0, 3]],
];

/** Inputs for an op: quantized so that comparisons see equal pairs, with domains each op likes. */
function inputs(op: string, dtype: NumericDType, shape: number[], seed: number, second: boolean): number[] {
  const n = sizeOf(shape);
  if (dtype === "int32") {
    if (op === "pow") return randomValues(n, seed, second ? 0 : -5, second ? 7 : 6).map(Math.floor);
    // Large magnitudes exercise wrap-around; every third seed uses small ones so comparisons see ties.
    const spread = seed % 3 === 0 ? 200 : op === "mul" ? 2e5 : 2e9;
    return randomValues(n, seed, -spread, spread).map(Math.floor);
  }
  if (op === "pow") {
    return second ? randomValues(n, seed, -3, 3).map((v) => Math.round(v * 2) / 2) : randomValues(n, seed, -2, 2);
  }
  return randomValues(n, seed, -3, 3).map((v) => Math.round(v * 4) / 4);
}

function make(values: number[], shape: number[], dtype: tf.DType): tf.Tensor {
  return tf.tensor(values, shape, dtype);
}

type BinaryFn = (a: tf.TensorInput, b: tf.TensorInput) => tf.Tensor;
const opFn = (name: string): BinaryFn => (tf as unknown as Record<string, BinaryFn>)[name];

describe("arithmetic", () => {
  for (const op of ARITHMETIC) {
    for (const dtype of DTYPES) {
      describe(`${op} ${dtype}`, () => {
        SHAPE_PAIRS.forEach(([sa, sb], k) => {
          it(`${JSON.stringify(sa)} x ${JSON.stringify(sb)}`, () => {
            const a = make(inputs(op, dtype, sa, 11 + k, false), sa, dtype);
            const b = make(inputs(op, dtype, sb, 101 + k, true), sb, dtype);
            const f = dtype === "int32" ? int32Ops[op] : floatOps[op];
            const outDType = op === "div" && dtype === "int32" ? "float64" : dtype;
            checkResult(opFn(op)(a, b), broadcastApply(f, asRef(a), asRef(b)), outDType);
          });
        });
      });
    }
  }
});

describe("comparisons", () => {
  for (const op of COMPARISONS) {
    for (const dtype of DTYPES) {
      describe(`${op} ${dtype}`, () => {
        SHAPE_PAIRS.forEach(([sa, sb], k) => {
          it(`${JSON.stringify(sa)} x ${JSON.stringify(sb)}`, () => {
            const a = make(inputs(op, dtype, sa, 7 + k, false), sa, dtype);
            const b = make(inputs(op, dtype, sb, 3 + k, true), sb, dtype);
            checkResult(opFn(op)(a, b), broadcastApply(compareOps[op], asRef(a), asRef(b)), "bool");
          });
        });
      });
    }
  }

  for (const op of ["equal", "notEqual"] as const) {
    for (const [sa, sb] of [[[37], [37]], [[4, 1], [1, 19]], [[], [6]], [[23], []]] as [number[], number[]][]) {
      it(`${op} bool ${JSON.stringify(sa)} x ${JSON.stringify(sb)}`, () => {
        const a = make(randomValues(sizeOf(sa), 5).map((v) => (v > 0 ? 1 : 0)), sa, "bool");
        const b = make(randomValues(sizeOf(sb), 6).map((v) => (v > 0 ? 1 : 0)), sb, "bool");
        checkResult(opFn(op)(a, b), broadcastApply(compareOps[op], asRef(a), asRef(b)), "bool");
      });
    }
  }
});

describe("operands", () => {
  it("numbers take the tensor's dtype, on either side", () => {
    const x64 = tf.constant([1.5, 2.5], "float64");
    expect(tf.mul(x64, 0.1).dtype).toBe("float64");
    expectClose(tf.mul(x64, 0.1).data(), [0.15000000000000002, 0.25], toleranceFor("float64"));
    expect(tf.sub(1, x64).array()).toEqual([-0.5, -1.5]);
    const i = tf.constant([7, -7], "int32");
    expect(tf.add(i, 3).dtype).toBe("int32");
    expect(tf.sub(10, i).array()).toEqual([3, 17]);
    expect(tf.div(i, 2).array()).toEqual([3.5, -3.5]);
    expect(tf.div(i, 2).dtype).toBe("float64");
    expect(tf.greater(x64, 2).array()).toEqual([0, 1]);
    expect(tf.add(2, 3).array()).toBe(5);
    expect(tf.add(2, 3).dtype).toBe("float32");
  });

  it("nested arrays broadcast and take the tensor's dtype", () => {
    const x64 = tf.constant([[1, 2, 3]], "float64");
    const out = tf.add(x64, [[10], [20]]);
    expect(out.dtype).toBe("float64");
    expect(out.array()).toEqual([[11, 12, 13], [21, 22, 23]]);
    expect(tf.mul([[2], [3]], tf.constant([1, 2], "int32")).array()).toEqual([[2, 4], [3, 6]]);
    expect(tf.maximum([1, 5, 3], 2).array()).toEqual([2, 5, 3]);
    expect(tf.equal([true, false], [true, true]).array()).toEqual([1, 0]);
  });

  it("ops are tensor methods", () => {
    const x = tf.constant([1, 2, 3]);
    expect(x.add(1).array()).toEqual([2, 3, 4]);
    expect(x.pow(2).array()).toEqual([1, 4, 9]);
    expect(x.lessEqual(2).array()).toEqual([1, 1, 0]);
  });
});

describe("special values", () => {
  // Nine elements: two full vectors of float32 (four of float64) and a scalar tail.
  const x = [NaN, 1, Infinity, -Infinity, NaN, 0, -0, 2, NaN];
  const y = [1, NaN, -Infinity, -Infinity, NaN, 0, 0, Infinity, 3];
  for (const dtype of ["float32", "float64"] as const) {
    for (const op of ARITHMETIC) {
      it(`${op} ${dtype} with NaN and infinities`, () => {
        const a = tf.constant(x, dtype);
        const b = tf.constant(y, dtype);
        const expected = x.map((v, i) => floatOps[op](v, y[i]));
        expectClose(opFn(op)(a, b).data(), expected, toleranceFor(dtype));
        // The same through the scalar-operand and strided layouts.
        expectClose(opFn(op)(a, tf.constant(NaN, dtype)).data(), x.map((v) => floatOps[op](v, NaN)));
        expectClose(opFn(op)(tf.constant([[Infinity], [NaN]], dtype), a).data(), [
          ...x.map((v) => floatOps[op](Infinity, v)),
          ...x.map((v) => floatOps[op](NaN, v)),
        ]);
      });
    }
    for (const op of COMPARISONS) {
      it(`${op} ${dtype} with NaN`, () => {
        const out = opFn(op)(tf.constant(x, dtype), tf.constant(y, dtype));
        expect(Array.from(out.data())).toEqual(x.map((v, i) => compareOps[op](v, y[i])));
      });
    }
  }

  it("maximum and minimum propagate NaN like TensorFlow", () => {
    expect(tf.maximum(tf.constant([NaN, 1, 2, 3, NaN]), 1).data()).toEqual(new Float32Array([NaN, 1, 2, 3, NaN]));
    expect(tf.minimum(5, tf.constant([NaN, 1], "float64")).data()).toEqual(new Float64Array([NaN, 1]));
  });

  it("pow handles negative bases and C's special cases", () => {
    const base = tf.constant([-3, -2, -2, -8, 1, -1, -1, NaN, 0]);
    const exponent = tf.constant([2, 3, 0.5, 1 / 3, NaN, Infinity, -Infinity, 0, -1]);
    expect(Array.from(tf.pow(base, exponent).data())).toEqual([9, -8, NaN, NaN, 1, 1, 1, 1, Infinity]);
    expect(tf.pow(tf.constant([-1.5, 2], "float64"), 2).array()).toEqual([2.25, 4]);
  });

  it("int32 arithmetic wraps around", () => {
    const big = tf.constant([2147483647, -2147483648, 65536, 46341, 2, 3, -7, 0, 1], "int32");
    expect(tf.add(big, 1).array()).toEqual([-2147483648, -2147483647, 65537, 46342, 3, 4, -6, 1, 2]);
    expect(tf.sub(big, 1).array()).toEqual([2147483646, 2147483647, 65535, 46340, 1, 2, -8, -1, 0]);
    expect(tf.mul(big, big).array()).toEqual([1, 0, 0, -2147479015, 4, 9, 49, 0, 1]);
    expect(tf.pow(tf.constant([2, 3, -2], "int32"), tf.constant([31, 21, 33], "int32")).array()).toEqual([
      -2147483648,
      int32Ops.pow(3, 21),
      int32Ops.pow(-2, 33),
    ]);
  });

  it("int32 division by zero gives infinities and NaN", () => {
    expect(Array.from(tf.div(tf.constant([1, -1, 0, 6, 9], "int32"), tf.constant([0, 0, 0, 4, -2], "int32")).data())).toEqual([
      Infinity,
      -Infinity,
      NaN,
      1.5,
      -4.5,
    ]);
  });
});

describe("errors", () => {
  const x = () => tf.constant([1, 2]);
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    {
      name: "incompatible shapes",
      run: () => tf.add(tf.ones([2, 3]), tf.ones([4])),
      message: /^add: shapes \[2,3\] and \[4\] cannot be broadcast together/,
    },
    {
      name: "incompatible shapes, rank 3",
      run: () => tf.greater(tf.ones([2, 1, 3]), tf.ones([5, 2])),
      message: /^greater: shapes \[2,1,3\] and \[5,2\] cannot be broadcast together/,
    },
    {
      name: "float32 vs float64",
      run: () => tf.mul(x(), tf.constant([1, 2], "float64")),
      message: /^mul: dtypes differ: float32 \[2\] and float64 \[2\].*tf\.cast/,
    },
    {
      name: "int32 vs float32",
      run: () => tf.sub(tf.constant([1], "int32"), tf.constant([[1.5]])),
      message: /^sub: dtypes differ: int32 \[1\] and float32 \[1,1\]/,
    },
    {
      name: "bool to add",
      run: () => tf.add(tf.constant([true, false]), tf.constant([true, true])),
      message: /^add: dtype bool \[2\] is not supported.*tf\.cast/,
    },
    { name: "bool to greater", run: () => tf.greater(tf.constant([true]), tf.constant([false])), message: /^greater: dtype bool/ },
    {
      name: "disposed tensor",
      run: () => {
        const t = x();
        t.dispose();
        return tf.add(t, 1);
      },
      message: /^add: Tensor#\d+ \(float32 \[2\]\) was disposed/,
    },
    {
      name: "string operand",
      run: () => tf.maximum(x(), "3" as never),
      message: /^maximum: argument b must be a Tensor.*the string "3"/,
    },
    {
      name: "negative int32 exponent",
      run: () => tf.pow(tf.constant([2, 2], "int32"), tf.constant([1, -1], "int32")),
      message: /^pow: Integers to negative integer powers are not allowed.*-1/,
    },
    {
      name: "too many alternating broadcast dims",
      run: () => tf.add(tf.ones(Array.from({ length: 13 }, (_, i) => (i % 2 ? 2 : 1))), tf.ones(Array.from({ length: 13 }, (_, i) => (i % 2 ? 1 : 2)))),
      message: /^add: broadcasting .* more than 12 times; reshape/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      expect(c.run).toThrow(c.message);
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2); // at most the operands it built
      expect(tf.add(tf.constant([[1], [2]]), [10, 20]).array()).toEqual([[11, 21], [12, 22]]);
      expect(tf.less(tf.constant([1, 5], "int32"), 3).array()).toEqual([1, 0]);
    });
  }

  it("a collapsed rank of 12 still works", () => {
    const sa = Array.from({ length: 12 }, (_, i) => (i % 2 ? 2 : 1));
    const sb = Array.from({ length: 12 }, (_, i) => (i % 2 ? 1 : 2));
    const a = tf.tensor(randomValues(64, 1), sa);
    const b = tf.tensor(randomValues(64, 2), sb);
    expect(broadcastShape(sa, sb)).toEqual(Array(12).fill(2));
    checkResult(tf.sub(a, b), broadcastApply(floatOps.sub, asRef(a), asRef(b)), "float32");
  });
});
