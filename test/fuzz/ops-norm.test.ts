// Properties of addN, clipByNorm and clipByGlobalNorm against the float64 references of
// test/reference/reduce.ts: random shapes, axes (negative, several, all), lists with nulls, and values
// mixing the specials (a NaN or infinite norm makes the clipped values NaN, as in TensorFlow).
// numRuns: forward 400 per op and dtype; gradients 60 per op (float64; addN first and second order,
// the clips first order, away from norm = clipNorm where they bend).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { addNRef, clipByGlobalNormRef, clipByNormRef } from "../reference/reduce.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { axes, type DType, shape, smooth, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 400;
const GRAD_RUNS = 60;
const EPS: Record<string, number> = { float32: 2 ** -24, float64: 2 ** -53 };
/** The smallest subnormal: x * clipNorm is rounded there before the division, as in TensorFlow. */
const TINY: Record<string, number> = { float32: 2 ** -149, float64: 2 ** -1074 };
/**
 * The largest magnitude drawn for the clips: squares summed in the dtype overflow beyond it, giving
 * an infinite norm as TensorFlow's float32 sum of squares does, which the float64 references do not model.
 */
const CLIP_RANGE: Record<string, number> = { float32: 1e18, float64: 1e150 };

/** Values for the clips: the mix of values() within CLIP_RANGE (NaN and ±Infinity kept). */
function clipValues(dtype: "float32" | "float64", n: number): fc.Arbitrary<number[]> {
  return values(dtype, n).map((xs) => xs.map((v) => (Number.isFinite(v) && Math.abs(v) > CLIP_RANGE[dtype] ? Math.sign(v) * CLIP_RANGE[dtype] : v)));
}

/** A positive clip norm, small or large against the values. */
const clipNorm = fc.oneof(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.constantFrom(1, 1e-3, 1e6));

describe("addN, clipByNorm, clipByGlobalNorm: forward against float64 references", () => {
  let seed = 9600;
  for (const dtype of ["float32", "float64", "int32"] as const satisfies DType[]) {
    it(`addN ${dtype} (added left to right, int32 wrapping)`, () => {
      const cases = fc.record({ s: shape(0, 4, 48), count: fc.integer({ min: 1, max: 4 }) }).chain(({ s, count }) =>
        fc.array(values(dtype, sizeOf(s)), { minLength: count, maxLength: count }).map((xs) => ({ s, xs })),
      );
      fc.assert(
        fc.property(cases, ({ s, xs }) => {
          tf.tidy(() => {
            // Left to right, each partial sum rounded to the dtype: exactly TensorFlow's order.
            const expected = dtype === "float32" ? xs.reduce((acc, x) => acc.map((v, i) => Math.fround(v + x[i]))) : addNRef(xs, dtype);
            const out = tf.addN(xs.map((x) => tf.tensor(x, s, dtype)));
            expectMatches(`addN ${dtype}`, out, s, dtype, expected, { ulps: 0, signedZeros: dtype === "float32" });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }

  for (const dtype of ["float32", "float64"] as const) {
    it(`clipByNorm ${dtype}`, () => {
      const cases = shape(0, 4, 48).chain((s) =>
        fc.record({ x: clipValues(dtype, sizeOf(s)), c: clipNorm, axes: fc.option(axes(s.length), { nil: undefined }) }).map((r) => ({ s, ...r })),
      );
      fc.assert(
        fc.property(cases, ({ s, x, c, axes: list }) => {
          tf.tidy(() => {
            const reduced = list?.map((a) => (a < 0 ? a + s.length : a));
            const cRounded = dtype === "float32" ? Math.fround(c) : c;
            const expected = clipByNormRef(x, s, cRounded, reduced);
            const n = reduced === undefined ? sizeOf(s) : sizeOf(reduced.map((a) => s[a]));
            const out = tf.clipByNorm(tf.tensor(x, s, dtype), c, list);
            // The norm's sum of squares: n eps relative; then a sqrt, a product and a quotient.
            const abs = (i: number) => (n + 8) * EPS[dtype] * Math.abs(expected[i]) + TINY[dtype] / cRounded;
            expectMatches(`clipByNorm ${dtype}`, out, s, dtype, expected, { ulps: 1, abs });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });

    it(`clipByGlobalNorm ${dtype} (null entries stay null)`, () => {
      const entry = fc.option(shape(0, 3, 12).chain((s) => clipValues(dtype, sizeOf(s)).map((x) => ({ s, x }))), { nil: null, freq: 4 });
      const cases = fc.record({ list: fc.array(entry, { minLength: 1, maxLength: 4 }), c: clipNorm });
      fc.assert(
        fc.property(cases, ({ list, c }) => {
          tf.tidy(() => {
            const cRounded = dtype === "float32" ? Math.fround(c) : c;
            const expected = clipByGlobalNormRef(list.map((e) => (e === null ? null : e.x)), cRounded);
            const [clipped, norm] = tf.clipByGlobalNorm(list.map((e) => (e === null ? null : tf.tensor(e.x, e.s, dtype))), c);
            const n = list.reduce((k, e) => k + (e === null ? 0 : e.x.length), 0);
            const tol = (e: number) => (n + 8) * EPS[dtype] * Math.abs(e) + TINY[dtype];
            // With no tensor at all the norm is float32, as TensorFlow's default.
            const normDType = list.every((e) => e === null) ? "float32" : dtype;
            // Squares below the smallest subnormal underflow: the norm may lose up to sqrt(n TINY).
            const normTol = tol(expected.norm) + Math.sqrt((n + 1) * TINY[dtype]);
            expectMatches(`clipByGlobalNorm ${dtype} norm`, norm, [], normDType, [expected.norm], { ulps: 1, abs: () => normTol });
            list.forEach((e, k) => {
              if (e === null) {
                expect(clipped[k], `clipped[${k}] of a null entry`).toBeNull();
                return;
              }
              const want = expected.clipped[k]!;
              expectMatches(`clipByGlobalNorm ${dtype} clipped[${k}]`, clipped[k]!, e.s, dtype, want, { ulps: 1, abs: (i) => tol(want[i]) });
            });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

/** Values scaled so that their norm is 0.5 or 2 times clipNorm: on one side of the bend, clearly. */
function scaledTo(xs: number[], target: number): number[] {
  const norm = Math.sqrt(xs.reduce((s, v) => s + v * v, 0));
  return norm === 0 ? xs : xs.map((v) => (v * target) / norm);
}

describe("addN, clipByNorm, clipByGlobalNorm: gradients against central differences", () => {
  it("addN", () => {
    const cases = fc.record({ s: shape(0, 3, 6), count: fc.integer({ min: 1, max: 4 }) }).chain(({ s, count }) =>
      fc.array(smooth(sizeOf(s), -2, 2), { minLength: count, maxLength: count }).map((xs) => ({ s, xs })),
    );
    fc.assert(
      fc.property(cases, ({ s, xs }) => {
        checkGradients({ run: (...ts) => tf.addN(ts), ref: (vs) => addNRef(vs, "float64"), shapes: xs.map(() => s), values: xs, secondOrder: "zero" });
      }),
      { seed: 9800, numRuns: GRAD_RUNS },
    );
  });

  it("clipByNorm, clipped or not, over all axes", () => {
    const cases = shape(1, 3, 8)
      .filter((s) => sizeOf(s) > 0)
      .chain((s) => fc.record({ x: smooth(sizeOf(s), 0.2, 2), clipped: fc.boolean() }).map((r) => ({ s, ...r })));
    fc.assert(
      fc.property(cases, ({ s, x, clipped }) => {
        const values = scaledTo(x, clipped ? 3 : 0.75);
        checkGradients({ run: (t) => tf.clipByNorm(t, 1.5), ref: ([v]) => clipByNormRef(v, s, 1.5), shapes: [s], values: [values], secondOrder: "skip" });
      }),
      { seed: 9801, numRuns: GRAD_RUNS },
    );
  });

  it("clipByGlobalNorm, clipped or not, through every tensor of the list", () => {
    const cases = fc
      .record({ shapes: fc.array(shape(0, 2, 4), { minLength: 1, maxLength: 3 }), clipped: fc.boolean() })
      .filter(({ shapes }) => shapes.some((s) => sizeOf(s) > 0))
      .chain(({ shapes, clipped }) => fc.tuple(...shapes.map((s) => smooth(sizeOf(s), 0.2, 2))).map((xs) => ({ shapes, xs, clipped })));
    fc.assert(
      fc.property(cases, ({ shapes, xs, clipped }) => {
        const flat = scaledTo(xs.flat(), clipped ? 3 : 0.75);
        let at = 0;
        const values = xs.map((x) => flat.slice(at, (at += x.length)));
        checkGradients({
          run: (...ts) => tf.concat(tf.clipByGlobalNorm(ts, 1.5)[0].map((t) => tf.reshape(t!, [-1])), 0),
          ref: (vs) => clipByGlobalNormRef(vs, 1.5).clipped.flatMap((v) => v!),
          shapes,
          values,
          secondOrder: "skip",
        });
      }),
      { seed: 9802, numRuns: GRAD_RUNS },
    );
  });
});
