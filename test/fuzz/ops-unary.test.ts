// Properties of the element-wise unary ops against the float64 references of test/reference/unary.ts.
// numRuns: forward 500 per op and dtype (random shapes of rank 0..4, values mixing specials);
// gradients 60 per op (float64, first and second order, random shapes, values in the smooth domain).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { elementwise } from "../reference/grad.js";
import * as R from "../reference/unary.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { array, type DType, type FloatDType, shape, smooth } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 500;
const GRAD_RUNS = 60;

interface Row {
  name: string;
  op: (x: tf.Tensor) => tf.Tensor;
  ref: (x: number) => number;
  /** Reference for int32 (wrapping) and bool, where the op takes them. */
  intRef?: (x: number) => number;
  dtypes: DType[];
  /**
   * Error bound in ulps of the result: 0.5 for correctly rounded ops; for the SIMD approximations
   * the bound documented in assembly/math.ts (float64: one more, the error of Math.* itself).
   */
  ulps: Record<FloatDType, number>;
  /** Gradient check: where values are drawn, and whether the op is piecewise linear. */
  grad?: { lo: number; hi: number; kinks?: number[]; linear?: boolean };
}

const EXACT = { float32: 0.5, float64: 0.5 };
const TRIG = { float32: 1.5, float64: 2 };
const FLOAT: DType[] = ["float32", "float64"];
const FLOAT_INT: DType[] = ["float32", "float64", "int32"];
const ALL: DType[] = ["float32", "float64", "int32", "bool"];

const rows: Row[] = [
  { name: "neg", op: tf.neg, ref: R.neg, intRef: R.negInt, dtypes: FLOAT_INT, ulps: EXACT, grad: { lo: -3, hi: 3, linear: true } },
  { name: "abs", op: tf.abs, ref: R.abs, intRef: R.absInt, dtypes: FLOAT_INT, ulps: EXACT, grad: { lo: -3, hi: 3, kinks: [0], linear: true } },
  // Math.sign(-0) = -0 as NumPy's np.sign; TensorFlow's Eigen kernel gives +0.
  { name: "sign", op: tf.sign, ref: R.sign, intRef: R.sign, dtypes: FLOAT_INT, ulps: EXACT },
  { name: "square", op: tf.square, ref: R.square, intRef: R.squareInt, dtypes: FLOAT_INT, ulps: EXACT, grad: { lo: -3, hi: 3 } },
  { name: "sqrt", op: tf.sqrt, ref: R.sqrt, dtypes: FLOAT, ulps: EXACT, grad: { lo: 0.3, hi: 4 } },
  // Two roundings, the square root then the division: 2^-23 relative, up to 2 ulps of the result.
  { name: "rsqrt", op: tf.rsqrt, ref: R.rsqrt, dtypes: FLOAT, ulps: { float32: 2, float64: 2 }, grad: { lo: 0.3, hi: 4 } },
  { name: "reciprocal", op: tf.reciprocal, ref: R.reciprocal, dtypes: FLOAT, ulps: EXACT, grad: { lo: 0.4, hi: 3 } },
  { name: "exp", op: tf.exp, ref: R.exp, dtypes: FLOAT, ulps: { float32: 1.1, float64: 2.1 }, grad: { lo: -3, hi: 3 } },
  { name: "expm1", op: tf.expm1, ref: R.expm1, dtypes: FLOAT, ulps: { float32: 1.5, float64: 2.5 }, grad: { lo: -3, hi: 3 } },
  { name: "log", op: tf.log, ref: R.log, dtypes: FLOAT, ulps: { float32: 1, float64: 2 }, grad: { lo: 0.2, hi: 4 } },
  { name: "log1p", op: tf.log1p, ref: R.log1p, dtypes: FLOAT, ulps: { float32: 1, float64: 2 }, grad: { lo: -0.7, hi: 3 } },
  // Mathf and Math (musl) with exact argument reduction: within an ulp on small arguments, a little
  // more after reducing huge ones (1.03 ulp seen for cos(-1.6e38)); the reference's own error is an ulp.
  { name: "sin", op: tf.sin, ref: R.sin, dtypes: FLOAT, ulps: TRIG, grad: { lo: -4, hi: 4 } },
  { name: "cos", op: tf.cos, ref: R.cos, dtypes: FLOAT, ulps: TRIG, grad: { lo: -4, hi: 4 } },
  { name: "tan", op: tf.tan, ref: R.tan, dtypes: FLOAT, ulps: TRIG, grad: { lo: -1.2, hi: 1.2 } },
  { name: "floor", op: tf.floor, ref: R.floor, dtypes: FLOAT, ulps: EXACT },
  { name: "ceil", op: tf.ceil, ref: R.ceil, dtypes: FLOAT, ulps: EXACT },
  { name: "round (half to even)", op: tf.round, ref: R.round, dtypes: FLOAT, ulps: EXACT },
  { name: "identity", op: tf.identity, ref: R.identity, intRef: R.identity, dtypes: ALL, ulps: EXACT, grad: { lo: -3, hi: 3, linear: true } },
  { name: "stopGradient", op: tf.stopGradient, ref: R.identity, intRef: R.identity, dtypes: ALL, ulps: EXACT },
  // relu(-0) = max(-0, 0) = +0.
  { name: "relu", op: tf.relu, ref: R.relu, intRef: R.reluInt, dtypes: FLOAT_INT, ulps: EXACT, grad: { lo: -3, hi: 3, kinks: [0], linear: true } },
  { name: "sigmoid", op: tf.sigmoid, ref: R.sigmoid, dtypes: FLOAT, ulps: { float32: 2.4, float64: 3 }, grad: { lo: -4, hi: 4 } },
  { name: "tanh", op: tf.tanh, ref: R.tanh, dtypes: FLOAT, ulps: { float32: 1.6, float64: 2.5 }, grad: { lo: -3, hi: 3 } },
  { name: "softplus", op: tf.softplus, ref: R.softplus, dtypes: FLOAT, ulps: { float32: 1.6, float64: 2.5 }, grad: { lo: -4, hi: 4 } },
  // elu is expm1 below 0: expm1's bound.
  { name: "elu", op: tf.elu, ref: R.elu, dtypes: FLOAT, ulps: { float32: 1.5, float64: 2.5 }, grad: { lo: -3, hi: 3, kinks: [0] } },
  { name: "leakyRelu (alpha 0.5)", op: (x) => tf.leakyRelu(x, 0.5), ref: (x) => R.leakyRelu(x, 0.5), dtypes: FLOAT, ulps: EXACT, grad: { lo: -3, hi: 3, kinks: [0], linear: true } },
  // gelu(-Infinity) is -0, the limit of x Φ(x); TensorFlow computes -Infinity * 0 = NaN there.
  { name: "gelu", op: (x) => tf.gelu(x), ref: R.gelu, dtypes: FLOAT, ulps: { float32: 0.501, float64: 8 }, grad: { lo: -4, hi: 4 } },
];

/** gelu's tanh form, whose float32 error grows in the lower tail (the cubic's rounding times 2|z|). */
const geluTanh = { name: "gelu (approximate)", op: (x: tf.Tensor) => tf.gelu(x, true), ref: R.geluTanh };

function forward(row: Row, dtype: DType, seed: number): void {
  it(`${row.name} ${dtype}`, () => {
    fc.assert(
      fc.property(array(dtype, shape(0, 4, 40), [-12, 12]), ({ shape: s, values }) => {
        tf.tidy(() => {
          const x = tf.tensor(values, s, dtype);
          const reference = dtype === "int32" || dtype === "bool" ? row.intRef! : row.ref;
          const ulps = dtype === "float32" || dtype === "float64" ? row.ulps[dtype] : 0;
          expectMatches(row.name, row.op(x), s, dtype, values.map(reference), { ulps, signedZeros: true });
        });
      }),
      { seed, numRuns: FORWARD_RUNS },
    );
  });
}

describe("unary ops: forward against float64 references", () => {
  let seed = 1000;
  for (const row of rows) for (const dtype of row.dtypes) forward(row, dtype, seed++);
  for (const dtype of ["float32", "float64"] as const) {
    it(`${geluTanh.name} ${dtype}`, () => {
      fc.assert(
        fc.property(array(dtype, shape(0, 4, 40), [-6, 6]), ({ shape: s, values }) => {
          tf.tidy(() => {
            const x = tf.tensor(values, s, dtype);
            // Beyond |x| = 6 the lower tail is below 1e-8 |x|: an absolute bound relative to |x|.
            const [rel, abs] = dtype === "float32" ? [1e-5, 1e-7] : [2e-14, 1e-16];
            const expected = values.map(geluTanh.ref);
            expectMatches(geluTanh.name, geluTanh.op(x), s, dtype, expected, {
              ulps: 1,
              abs: (i) => rel * Math.abs(expected[i]) + abs * Math.abs(values[i]),
              signedZeros: true,
            });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

/** Values in [lo, hi] at least 0.05 from every kink, so that central differences never straddle one. */
function awayFromKinks(xs: number[], kinks: readonly number[]): number[] {
  return xs.map((x) => {
    for (const k of kinks) if (Math.abs(x - k) < 0.05) return x < k ? k - 0.05 : k + 0.05;
    return x;
  });
}

describe("unary ops: gradients against central differences", () => {
  let seed = 2000;
  for (const row of rows) {
    const g = row.grad;
    if (g === undefined) continue;
    it(row.name, () => {
      const cases = shape(0, 3, 6).chain((s) => smooth(sizeOf(s), g.lo, g.hi).map((v) => ({ shape: s, values: awayFromKinks(v, g.kinks ?? []) })));
      fc.assert(
        fc.property(cases, ({ shape: s, values }) => {
          checkGradients({
            run: row.op,
            ref: elementwise(row.ref),
            shapes: [s],
            values: [values],
            secondOrder: g.linear ? "zero" : "check",
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
