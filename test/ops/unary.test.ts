import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as ref from "../reference/unary.js";
import { expectClose, type Tolerance } from "../util/close.js";
import { randomValues } from "../util/reference.js";

type DType = tf.DType;

interface Row {
  name: string;
  op: (x: tf.Tensor) => tf.Tensor;
  /** Float64 reference for float inputs. */
  ref: (x: number) => number;
  /** Where random inputs are drawn from: the op's domain, away from poles. */
  domain: [number, number];
  dtypes: DType[];
  /** Reference for int32 inputs (wrapping), when int32 is supported. */
  intRef?: (x: number) => number;
  /** Tolerance for float32 and float64 results; exactly rounded ops default to half an ulp. */
  tol?: Partial<Record<"float32" | "float64", Tolerance>>;
}

// Exactly rounded operations: within half an ulp of the float64 reference.
const EXACT = { float32: { rtol: 2 ** -24, atol: 0 }, float64: { rtol: 2 ** -53, atol: 0 } };
// The SIMD approximations (math.ts): a few ulps, with an absolute floor far below any value tested.
const APPROX = { float32: { rtol: 3 * 2 ** -23, atol: 1e-38 }, float64: { rtol: 4 * 2 ** -52, atol: 1e-300 } };
// Mathf/Math sin, cos and tan (musl), within an ulp.
const LIBM = { float32: { rtol: 2 ** -23, atol: 1e-38 }, float64: { rtol: 2 ** -52, atol: 1e-300 } };
const LIBM2 = { float32: { rtol: 2 ** -22, atol: 1e-38 }, float64: { rtol: 2 ** -51, atol: 1e-300 } };

const FLOAT: DType[] = ["float32", "float64"];
const FLOAT_INT: DType[] = ["float32", "float64", "int32"];
const ALL: DType[] = ["float32", "float64", "int32", "bool"];

const rows: Row[] = [
  { name: "neg", op: tf.neg, ref: ref.neg, domain: [-100, 100], dtypes: FLOAT_INT, intRef: ref.negInt, tol: EXACT },
  { name: "abs", op: tf.abs, ref: ref.abs, domain: [-100, 100], dtypes: FLOAT_INT, intRef: ref.absInt, tol: EXACT },
  { name: "sign", op: tf.sign, ref: ref.sign, domain: [-2, 2], dtypes: FLOAT_INT, intRef: ref.sign, tol: EXACT },
  { name: "square", op: tf.square, ref: ref.square, domain: [-100, 100], dtypes: FLOAT_INT, intRef: ref.squareInt, tol: EXACT },
  { name: "sqrt", op: tf.sqrt, ref: ref.sqrt, domain: [0, 100], dtypes: FLOAT, tol: EXACT },
  // Two roundings: the square root, then the division.
  { name: "rsqrt", op: tf.rsqrt, ref: ref.rsqrt, domain: [1e-3, 100], dtypes: FLOAT, tol: LIBM },
  { name: "reciprocal", op: tf.reciprocal, ref: ref.reciprocal, domain: [0.01, 100], dtypes: FLOAT, tol: EXACT },
  { name: "exp", op: tf.exp, ref: ref.exp, domain: [-80, 80], dtypes: FLOAT, tol: APPROX },
  { name: "expm1", op: tf.expm1, ref: ref.expm1, domain: [-3, 3], dtypes: FLOAT, tol: APPROX },
  { name: "log", op: tf.log, ref: ref.log, domain: [1e-3, 1e3], dtypes: FLOAT, tol: APPROX },
  { name: "log1p", op: tf.log1p, ref: ref.log1p, domain: [-0.99, 10], dtypes: FLOAT, tol: APPROX },
  { name: "sin", op: tf.sin, ref: ref.sin, domain: [-10, 10], dtypes: FLOAT, tol: LIBM },
  { name: "cos", op: tf.cos, ref: ref.cos, domain: [-10, 10], dtypes: FLOAT, tol: LIBM },
  // Away from the poles at ±π/2.
  { name: "tan", op: tf.tan, ref: ref.tan, domain: [-1.4, 1.4], dtypes: FLOAT, tol: LIBM },
  // Large arguments need an exact reduction modulo π/2; both sides are within an ulp of the true value.
  { name: "sin (large arguments)", op: tf.sin, ref: ref.sin, domain: [-1e6, 1e6], dtypes: FLOAT, tol: LIBM2 },
  { name: "cos (large arguments)", op: tf.cos, ref: ref.cos, domain: [-1e6, 1e6], dtypes: FLOAT, tol: LIBM2 },
  { name: "floor", op: tf.floor, ref: ref.floor, domain: [-10, 10], dtypes: FLOAT, tol: EXACT },
  { name: "ceil", op: tf.ceil, ref: ref.ceil, domain: [-10, 10], dtypes: FLOAT, tol: EXACT },
  { name: "round", op: tf.round, ref: ref.round, domain: [-10, 10], dtypes: FLOAT, tol: EXACT },
  { name: "identity", op: tf.identity, ref: ref.identity, domain: [-10, 10], dtypes: ALL, intRef: ref.identity, tol: EXACT },
  { name: "stopGradient", op: tf.stopGradient, ref: ref.identity, domain: [-10, 10], dtypes: ALL, intRef: ref.identity, tol: EXACT },
  { name: "relu", op: tf.relu, ref: ref.relu, domain: [-10, 10], dtypes: FLOAT_INT, intRef: ref.reluInt, tol: EXACT },
  { name: "sigmoid", op: tf.sigmoid, ref: ref.sigmoid, domain: [-30, 30], dtypes: FLOAT, tol: APPROX },
  { name: "tanh", op: tf.tanh, ref: ref.tanh, domain: [-10, 10], dtypes: FLOAT, tol: APPROX },
  { name: "softplus", op: tf.softplus, ref: ref.softplus, domain: [-30, 30], dtypes: FLOAT, tol: APPROX },
  { name: "elu", op: tf.elu, ref: ref.elu, domain: [-5, 5], dtypes: FLOAT, tol: APPROX },
  {
    name: "leakyRelu (alpha 0.2)",
    op: (x) => tf.leakyRelu(x),
    ref: (x) => ref.leakyRelu(x, Math.fround(0.2)),
    domain: [-10, 10],
    dtypes: ["float32"],
    tol: EXACT,
  },
  {
    name: "leakyRelu (alpha 0.2)",
    op: (x) => tf.leakyRelu(x),
    ref: (x) => ref.leakyRelu(x, 0.2),
    domain: [-10, 10],
    dtypes: ["float64"],
    tol: EXACT,
  },
  { name: "leakyRelu (alpha 0.5)", op: (x) => tf.leakyRelu(x, 0.5), ref: (x) => ref.leakyRelu(x, 0.5), domain: [-10, 10], dtypes: FLOAT, tol: EXACT },
  { name: "gelu", op: (x) => tf.gelu(x), ref: ref.gelu, domain: [-12, 8], dtypes: FLOAT, tol: { ...APPROX, float64: { rtol: 8 * 2 ** -52, atol: 1e-300 } } },
  {
    name: "gelu (approximate)",
    op: (x) => tf.gelu(x, true),
    ref: ref.geluTanh,
    domain: [-6, 6],
    dtypes: FLOAT,
    // The rounding of the cubic argument z is amplified by 2|z| in the lower tail, where the result is e^(2z) x.
    tol: { float32: { rtol: 1e-5, atol: 1e-38 }, float64: { rtol: 2e-14, atol: 1e-300 } },
  },
];

const SIZES: number[][] = [[], [0], [1], [3], [4], [5], [17], [1000], [2, 3, 4], [0, 3]];

/** Random input values for `dtype` drawn from the row's domain; int32 and bool get small integers. */
function inputFor(row: Row, shape: number[], dtype: DType, seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === "bool") return tf.tensor(randomValues(n, seed, 0, 2).map(Math.floor), shape, "bool");
  if (dtype === "int32") return tf.tensor(randomValues(n, seed, -1000, 1000).map(Math.round), shape, "int32");
  return tf.tensor(randomValues(n, seed, row.domain[0], row.domain[1]), shape, dtype);
}

describe("unary ops", () => {
  let seed = 1;
  for (const row of rows) {
    for (const dtype of row.dtypes) {
      for (const shape of SIZES) {
        const s = seed++;
        it(`${row.name} ${dtype} ${JSON.stringify(shape)}`, () => {
          const x = inputFor(row, shape, dtype, s);
          const before = x.data();
          const y = row.op(x);
          expect(y).not.toBe(x);
          expect(y.shape).toEqual(shape);
          expect(y.dtype).toBe(dtype);
          const reference = dtype === "int32" || dtype === "bool" ? row.intRef! : row.ref;
          const expected = Array.from(before, reference);
          if (dtype === "int32" || dtype === "bool") expect(Array.from(y.data())).toEqual(expected);
          else expectClose(y.data(), expected, row.tol?.[dtype]);
          // The input is left as it was.
          expect(x.data()).toEqual(before);
        });
      }
    }
  }
});

describe("unary ops: NaN, infinities and signed zeros", () => {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5];
  for (const row of rows) {
    for (const dtype of row.dtypes.filter((d) => d === "float32" || d === "float64")) {
      it(`${row.name} ${dtype}`, () => {
        const x = tf.tensor(specials, [specials.length], dtype);
        const y = Array.from(row.op(x).data());
        const expected = Array.from(x.data(), row.ref);
        expectClose(y, expected, row.tol?.[dtype]);
        // Zeros carry the sign the reference gives them.
        y.forEach((v, i) => {
          if (expected[i] === 0) expect(Object.is(v, expected[i]), `${row.name}(${specials[i]}) = ${v}`).toBe(true);
        });
      });
    }
  }
});

describe("int32 wrapping", () => {
  const INT_MIN = -(2 ** 31);
  const cases: [string, (x: tf.Tensor) => tf.Tensor, number[], number[]][] = [
    ["neg", tf.neg, [INT_MIN, 2 ** 31 - 1, 0], [INT_MIN, -(2 ** 31 - 1), 0]],
    ["abs", tf.abs, [INT_MIN, -(2 ** 31 - 1), -5], [INT_MIN, 2 ** 31 - 1, 5]],
    ["square", tf.square, [65536, 46341, -3], [0, Math.imul(46341, 46341), 9]],
    ["sign", tf.sign, [INT_MIN, 0, 7, -7, 1], [-1, 0, 1, -1, 1]],
    ["relu", tf.relu, [INT_MIN, 0, 2 ** 31 - 1], [0, 0, 2 ** 31 - 1]],
  ];
  for (const [name, op, input, expected] of cases) {
    it(name, () => {
      const y = op(tf.tensor(input, [input.length], "int32"));
      expect(y.dtype).toBe("int32");
      expect(Array.from(y.data())).toEqual(expected);
    });
  }
});

describe("unary ops: same approximation in the vector body and the scalar tail", () => {
  // Each element of a 1003-element array (mostly in the f32x4/f64x2 loop) must equal the op on that
  // value alone (computed by the scalar tail).
  const ops: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ["exp", tf.exp], ["expm1", tf.expm1], ["log", tf.log], ["log1p", tf.log1p], ["sigmoid", tf.sigmoid],
    ["tanh", tf.tanh], ["softplus", tf.softplus], ["elu", tf.elu], ["gelu", (x) => tf.gelu(x)],
    ["gelu approximate", (x) => tf.gelu(x, true)], ["sign", tf.sign], ["leakyRelu", (x) => tf.leakyRelu(x, 0.3)],
  ];
  for (const [name, op] of ops) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${name} ${dtype}`, () => {
        const values = randomValues(1003, 77, -20, 20).map((v, i) => (i % 7 === 0 ? v / 1e4 : v));
        const all = Array.from(op(tf.tensor(values, [values.length], dtype)).data());
        const x = tf.tensor(values, [values.length], dtype).data();
        const alone = tf.tidy(() => Array.from(x, (v) => op(tf.tensor([v], [1], dtype)).data()[0]));
        expect(all).toEqual(alone);
      });
    }
  }
});

describe("unary ops: arguments", () => {
  it("numbers and nested arrays become float32 tensors", () => {
    const y = tf.exp(0);
    expect(y.dtype).toBe("float32");
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(1);
    expect(tf.neg([[1, 2]]).array()).toEqual([[-1, -2]]);
  });

  it("ops are tensor methods, with their attributes", () => {
    const x = tf.tensor([-1, 2]);
    expect(Array.from(x.abs().data())).toEqual([1, 2]);
    expect(Array.from(x.leakyRelu(0.5).data())).toEqual([-0.5, 2]);
    expect(Array.from(x.gelu(true).data())).toEqual(Array.from(tf.gelu(x, { approximate: true }).data()));
  });

  it("attributes as options objects", () => {
    const x = tf.tensor([-2, 3], [2], "float64");
    expect(Array.from(tf.leakyRelu(x, { alpha: 0.1 }).data())).toEqual([-0.2, 3]);
    expect(Array.from(tf.leakyRelu(x, {}).data())).toEqual([-0.4, 3]);
    expect(Array.from(tf.gelu(x, {}).data())).toEqual(Array.from(tf.gelu(x).data()));
  });

  it("identity and stopGradient copy: the result outlives the input", () => {
    const x = tf.tensor([1, 2, 3], [3], "int32");
    const copies = [tf.identity(x), tf.stopGradient(x)];
    x.dispose();
    for (const y of copies) expect(Array.from(y.data())).toEqual([1, 2, 3]);
    const b = tf.tensor([true, false]);
    expect(tf.identity(b).dtype).toBe("bool");
    expect(Array.from(tf.stopGradient(b).data())).toEqual([1, 0]);
  });
});

describe("unary ops: errors", () => {
  const disposed = tf.tensor([1, 2, 3]);
  disposed.dispose();
  const int2 = tf.tensor([1, 2], [2], "int32");
  const bool1 = tf.tensor([true], [1], "bool");
  const int11 = tf.tensor([[1]], [1, 1], "int32");
  const cases: { name: string; run: () => unknown; message: RegExp; type: ErrorConstructor }[] = [
    {
      name: "int32 to a float op",
      run: () => tf.exp(int2),
      message: /^exp: dtype int32 \[2\] is not supported; use float32 or float64 \(cast it first with tf\.cast\(x, "float32"\)\)/,
      type: TypeError,
    },
    {
      name: "bool to an int-capable op",
      run: () => tf.neg(bool1),
      message: /^neg: dtype bool \[1\] is not supported; use float32 or float64 or int32 \(cast it first/,
      type: TypeError,
    },
    { name: "int32 to gelu", run: () => tf.gelu(int11), message: /^gelu: dtype int32 \[1,1\] is not supported; use float32 or float64/, type: TypeError },
    {
      name: "a disposed tensor",
      run: () => tf.sigmoid(disposed),
      message: /^sigmoid: Tensor#\d+ \(float32 \[3\]\) was disposed by dispose\(\).*tf\.keep/,
      type: Error,
    },
    { name: "a string", run: () => tf.log("abc" as never), message: /^log: argument x must be a Tensor.*the string "abc"/, type: TypeError },
    { name: "a disposed tensor to identity", run: () => tf.identity(disposed), message: /^identity: Tensor#\d+ \(float32 \[3\]\) was disposed/, type: Error },
    { name: "alpha not a number", run: () => tf.leakyRelu([1], "0.1" as never), message: /^leakyRelu: alpha must be a number, got the string "0\.1"/, type: TypeError },
    { name: "approximate not a boolean", run: () => tf.gelu([1], 1 as never), message: /^gelu: approximate must be true or false, got number 1/, type: TypeError },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      expect(c.run).toThrow(c.message);
      expect(c.run).toThrow(c.type);
      // Checked before anything was allocated, and the engine still computes.
      expect(tf.memory().numTensors).toBe(before);
      expectClose(tf.exp(tf.tensor([0, 1], [2], "float64")).data(), [1, Math.E], { rtol: 2 ** -52, atol: 0 });
    });
  }
});

describe("regressions", () => {
  // Mathf's reduction of huge float32 arguments (|x| >= 2^28 π/2) was wrong for some of them:
  // sin(6.1897e26) gave -0.4497 for -0.5354. Within an ulp of the float64 reference now.
  const huge = [6.189700196426902e26, -6.189700196426902e26, 4.2165744e8, 1e20, 3e30, 3.4e38].map(Math.fround);
  const cases: [string, (x: tf.Tensor) => tf.Tensor, (x: number) => number][] = [
    ["sin", tf.sin, Math.sin],
    ["cos", tf.cos, Math.cos],
    ["tan", tf.tan, Math.tan],
  ];
  it.each(cases)("%s float32 of huge arguments", (_, op, reference) => {
    const got = op(tf.tensor(huge, [huge.length], "float32")).data();
    expectClose(got, huge.map(reference), { rtol: 2 ** -23, atol: 0 });
  });
});
