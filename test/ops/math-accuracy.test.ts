// Accuracy of the SIMD transcendental functions (assembly/math.ts, math-f64.ts), through the ops that
// run them: dense sweeps and edge cases against float64 references, measured in units in the last
// place (ulp) of the result's dtype. The bounds are the ones documented next to each function; float64
// bounds allow one more ulp, the error of Math.* itself. gelu is x Φ(x) rounded once, so it checks Φ.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as ref from "../reference/unary.js";

type FloatDType = "float32" | "float64";

/** The spacing of `dtype` values at |v|. */
function ulpAt(v: number, dtype: FloatDType): number {
  const a = Math.abs(v);
  const [minExp, digits] = dtype === "float32" ? [-126, 24] : [-1022, 53];
  if (a < 2 ** minExp) return 2 ** (minExp - digits + 1);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - digits + 1);
}

function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/**
 * The largest error in ulp over `inputs`, and the first inputs whose error exceeds `bound` or whose
 * result is not exactly the reference's where that is NaN, infinite or zero (signed).
 */
function misses(
  op: (x: tf.Tensor) => tf.Tensor,
  reference: (x: number) => number,
  dtype: FloatDType,
  inputs: number[],
  bound: number,
): { worst: number; failures: string[] } {
  const x = tf.tensor(dtype === "float32" ? Float32Array.from(inputs) : Float64Array.from(inputs));
  const xs = x.data();
  const ys = op(x).data();
  // An overflowed result counts as the first power of two beyond the largest finite value.
  const overflow = dtype === "float32" ? 2 ** 128 : 2 ** 1023 * 2;
  let worst = 0;
  const failures: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    const exact = reference(xs[i]);
    const got = ys[i];
    // Where the correctly rounded result overflows to ±Inf or is NaN or zero, it must be exactly that.
    const rounded = dtype === "float32" ? Math.fround(exact) : exact;
    if (!Number.isFinite(rounded) || exact === 0) {
      if (!Object.is(got, rounded)) failures.push(`x=${show(xs[i])}: expected ${show(rounded)}, got ${show(got)}`);
      continue;
    }
    const value = Number.isFinite(got) ? got : Math.sign(got) * overflow;
    const err = Math.abs(value - exact) / ulpAt(exact, dtype);
    worst = Math.max(worst, err);
    if (!(err <= bound)) failures.push(`x=${show(xs[i])}: expected ${exact}, got ${show(got)} (${err.toFixed(3)} ulp)`);
  }
  return { worst, failures: failures.slice(0, 5) };
}

/** n evenly spaced values in [lo, hi]. */
function linear(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** n values spaced evenly in log scale between lo > 0 and hi, with both signs if `signed`. */
function magnitudes(lo: number, hi: number, n: number, signed = true): number[] {
  const a = Math.log(lo);
  const b = Math.log(hi);
  const out = Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
  return signed ? out.concat(out.map((v) => -v)) : out;
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0];
const F32_MAX = 3.4028234663852886e38;
const F32_TINY = 1.401298464324817e-45; // smallest subnormal
const F64_TINY = 5e-324;

interface Sweep {
  name: string;
  op: (x: tf.Tensor) => tf.Tensor;
  ref: (x: number) => number;
  /** Documented max error in ulp, for float32 and float64. */
  bound: Record<FloatDType, number>;
  inputs: Record<FloatDType, number[]>;
}

const sweeps: Sweep[] = [
  {
    name: "exp",
    op: tf.exp,
    ref: ref.exp,
    bound: { float32: 1.1, float64: 2.1 },
    inputs: {
      // Overflow at 88.7228 (float32) and 709.7827; subnormal results below -87.34 and -708.4.
      float32: [...linear(-104, 89, 200_001), ...linear(88.6, 88.8, 2001), ...linear(-104, -86, 20_001),
        ...magnitudes(F32_TINY, 1, 2000), 88.72283, 88.72284, -103.97, -103.98, F32_MAX, -F32_MAX, ...SPECIAL],
      float64: [...linear(-746, 710, 100_001), ...linear(709.7, 709.8, 2001), ...linear(-746, -707, 10_001),
        ...magnitudes(F64_TINY, 1, 2000), 709.782712893384, 709.7827128933841, -745.1332191019411, -745.14, ...SPECIAL],
    },
  },
  {
    name: "expm1",
    op: tf.expm1,
    ref: ref.expm1,
    bound: { float32: 1.5, float64: 2.5 },
    inputs: {
      float32: [...linear(-20, 89, 200_001), ...linear(-1, 1, 100_001), ...linear(88.6, 88.8, 2001),
        ...magnitudes(F32_TINY, 1, 4000), ...SPECIAL],
      float64: [...linear(-40, 710, 100_001), ...linear(-1, 1, 100_001), ...linear(709.7, 709.8, 2001),
        ...magnitudes(F64_TINY, 1, 4000), ...SPECIAL],
    },
  },
  {
    name: "log",
    op: tf.log,
    ref: ref.log,
    bound: { float32: 1, float64: 2 },
    inputs: {
      float32: [...magnitudes(F32_TINY, F32_MAX, 200_001, false), ...linear(0.5, 2, 100_001), ...linear(0.999, 1.001, 10_001),
        -1, -F32_TINY, 1, F32_MAX, ...SPECIAL],
      float64: [...magnitudes(F64_TINY, 1.7e308, 100_001, false), ...linear(0.5, 2, 100_001), ...linear(0.999, 1.001, 10_001),
        -1, -F64_TINY, 1, Number.MAX_VALUE, ...SPECIAL],
    },
  },
  {
    name: "log1p",
    op: tf.log1p,
    ref: ref.log1p,
    bound: { float32: 1, float64: 2 },
    inputs: {
      float32: [...linear(-1, 10, 200_001), ...magnitudes(F32_TINY, 1, 4000), ...magnitudes(1, F32_MAX, 4000, false),
        -1, -1.0000001, -2, F32_MAX, ...SPECIAL],
      float64: [...linear(-1, 10, 100_001), ...magnitudes(F64_TINY, 1, 4000), ...magnitudes(1, 1.7e308, 4000, false),
        -1, -1.0000000000000002, -2, Number.MAX_VALUE, ...SPECIAL],
    },
  },
  {
    name: "tanh",
    op: tf.tanh,
    ref: ref.tanh,
    bound: { float32: 1.6, float64: 2.5 },
    inputs: {
      float32: [...linear(-12, 12, 200_001), ...linear(-0.6, 0.6, 50_001), ...magnitudes(F32_TINY, F32_MAX, 4000), ...SPECIAL],
      float64: [...linear(-20, 20, 100_001), ...linear(-0.6, 0.6, 50_001), ...magnitudes(F64_TINY, 1e300, 4000), ...SPECIAL],
    },
  },
  {
    name: "sigmoid",
    op: tf.sigmoid,
    ref: ref.sigmoid,
    bound: { float32: 2.4, float64: 3 },
    inputs: {
      // Results are subnormal below -87.3 (float32) and -708.4 (float64), 1 after rounding above 17 and 37.
      float32: [...linear(-105, 90, 200_001), ...linear(-8, 8, 50_001), ...magnitudes(F32_TINY, F32_MAX, 4000), ...SPECIAL],
      float64: [...linear(-746, 40, 100_001), ...linear(-8, 8, 50_001), ...magnitudes(F64_TINY, 1e300, 4000), ...SPECIAL],
    },
  },
  {
    name: "softplus",
    op: tf.softplus,
    ref: ref.softplus,
    bound: { float32: 1.6, float64: 2.5 },
    inputs: {
      float32: [...linear(-105, 100, 200_001), ...linear(-4, 4, 50_001), ...magnitudes(F32_TINY, F32_MAX, 4000), ...SPECIAL],
      float64: [...linear(-746, 100, 100_001), ...linear(-4, 4, 50_001), ...magnitudes(F64_TINY, 1e300, 4000), ...SPECIAL],
    },
  },
  {
    name: "gelu (x Φ(x))",
    op: (x) => tf.gelu(x),
    ref: ref.gelu,
    // The float64 reference is itself within 4 ulp (exp, a continued fraction and four roundings).
    bound: { float32: 0.501, float64: 8 },
    inputs: {
      // Φ(x) x underflows below -14.1 (float32) and -38.5 (float64).
      float32: [...linear(-15, 10, 100_001), ...linear(-0.8, 0.8, 20_001), ...magnitudes(F32_TINY, F32_MAX, 2000), ...SPECIAL],
      float64: [...linear(-39, 10, 50_001), ...linear(-0.8, 0.8, 20_001), ...linear(-7, -5, 10_001),
        ...magnitudes(F64_TINY, 1e300, 2000), ...SPECIAL],
    },
  },
];

describe("transcendental accuracy", () => {
  for (const s of sweeps) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${s.name} ${dtype}: within ${s.bound[dtype]} ulp`, () => {
        const { worst, failures } = misses(s.op, s.ref, dtype, s.inputs[dtype], s.bound[dtype]);
        expect(failures).toEqual([]);
        expect(worst).toBeLessThanOrEqual(s.bound[dtype]);
      });
    }
  }
});

describe("transcendental edge values", () => {
  // Exact results where Math.* has them, and limits at the infinities.
  const cases: [string, (x: tf.Tensor) => tf.Tensor, number[], number[]][] = [
    ["exp", tf.exp, [-Infinity, Infinity, 0, -0, NaN, -1000, 1000], [0, Infinity, 1, 1, NaN, 0, Infinity]],
    ["expm1", tf.expm1, [-Infinity, Infinity, 0, -0, NaN, -1000], [-1, Infinity, 0, -0, NaN, -1]],
    ["log", tf.log, [0, -0, -1, -Infinity, Infinity, 1, NaN], [-Infinity, -Infinity, NaN, NaN, Infinity, 0, NaN]],
    ["log1p", tf.log1p, [-1, -2, 0, -0, Infinity, -Infinity, NaN], [-Infinity, NaN, 0, -0, Infinity, NaN, NaN]],
    ["tanh", tf.tanh, [Infinity, -Infinity, 0, -0, NaN, 1e30, -1e30], [1, -1, 0, -0, NaN, 1, -1]],
    ["sigmoid", tf.sigmoid, [Infinity, -Infinity, 0, -0, NaN, 1e30, -1e30], [1, 0, 0.5, 0.5, NaN, 1, 0]],
    ["softplus", tf.softplus, [Infinity, -Infinity, NaN, 1e30, -1e30], [Infinity, 0, NaN, 1e30, 0]],
    ["gelu", (x) => tf.gelu(x), [Infinity, -Infinity, 0, -0, NaN, -1e30], [Infinity, -0, 0, -0, NaN, -0]],
    ["gelu approximate", (x) => tf.gelu(x, true), [Infinity, -Infinity, 0, -0, NaN, -1e30], [Infinity, -0, 0, -0, NaN, -0]],
  ];
  for (const [name, op, inputs, expected] of cases) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${name} ${dtype}`, () => {
        const x = tf.tensor(inputs, [inputs.length], dtype);
        const got = Array.from(op(x).data());
        const want = expected.map((v) => (dtype === "float32" ? Math.fround(v) : v));
        // Object.is also tells -0 from 0 and matches NaN.
        got.forEach((v, i) => expect(Object.is(v, want[i]), `${name}(${inputs[i]}) = ${v}, expected ${want[i]}`).toBe(true));
      });
    }
  }
});
