// Properties of reduceSum, reduceMean, reduceMax, reduceMin, argMax and argMin against the float64
// references of test/reference/reduce.ts: random shapes (0-sized dims too), axis sets (negative, several,
// none, all), keepdims, and values mixing the specials.
// numRuns: forward 500 per reduction and dtype, 500 per arg-reduction and dtype; gradients 60 per
// reduction (float64, first and second order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { argRef, type Reduction, reduceRef } from "../reference/reduce.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { array, axes, axis, type DType, permutation, shape } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 500;
const GRAD_RUNS = 60;

const REDUCTIONS: { name: "reduceSum" | "reduceMean" | "reduceMax" | "reduceMin"; kind: Reduction }[] = [
  { name: "reduceSum", kind: "sum" },
  { name: "reduceMean", kind: "mean" },
  { name: "reduceMax", kind: "max" },
  { name: "reduceMin", kind: "min" },
];
const EPS: Record<string, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const LARGEST: Record<string, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/** An input and how it is reduced: an axis list (undefined: all axes) and keepdims. */
function reductionCase(dtype: DType) {
  return array(dtype, shape(0, 4, 48)).chain((x) =>
    fc.record({ axes: fc.option(axes(x.shape.length), { nil: undefined }), keepdims: fc.boolean(), asNumber: fc.boolean() }).map((r) => ({ x, ...r })),
  );
}

/** The reduced axes, non-negative: all of them when `list` is undefined. */
const axesOf = (s: number[], list: number[] | undefined): number[] => (list === undefined ? s.map((_, d) => d) : list.map((a) => (a < 0 ? a + s.length : a)));

describe("reductions: forward against float64 references", () => {
  let seed = 4000;
  for (const { name, kind } of REDUCTIONS) {
    for (const dtype of ["float32", "float64", "int32"] as const) {
      it(`${name} ${dtype}`, () => {
        fc.assert(
          fc.property(reductionCase(dtype), ({ x, axes: list, keepdims, asNumber }) => {
            tf.tidy(() => {
              const reduced = axesOf(x.shape, list);
              // A single axis may be passed as a number.
              const arg = list !== undefined && list.length === 1 && asNumber ? list[0] : list;
              const expected = reduceRef(kind, x.values, x.shape, reduced, keepdims, dtype);
              const out = tf[name](tf.tensor(x.values, x.shape, dtype), arg, keepdims);
              if (dtype === "int32" || kind === "max" || kind === "min") {
                expectMatches(`${name} ${dtype}`, out, expected.shape, dtype, expected.values, { ulps: 0, signedZeros: kind !== "sum" && kind !== "mean" });
                return;
              }
              // The float64 reference's own partial sums can overflow where the result does not (a mean
              // of huge values): there it sums the values scaled by 2^-64 and scales back.
              const unscaled = reduceRef(kind, x.values.map((v) => v * 2 ** -64), x.shape, reduced, keepdims, dtype).values.map((v) => v * 2 ** 64);
              const want = expected.values.map((v, i) => (expected.magnitude[i] > LARGEST.float64 ? unscaled[i] : v));
              // Summation error: a multiple of eps times the sum of magnitudes, independent of cancellation.
              const scale = (i: number) => (kind === "mean" ? expected.magnitude[i] / expected.count : expected.magnitude[i]);
              expectMatches(`${name} ${dtype}`, out, expected.shape, dtype, want, {
                ulps: 1,
                abs: (i) => Math.max(expected.count, 2) * EPS[dtype] * scale(i),
                mayOverflow: (i) => expected.magnitude[i] > LARGEST[dtype],
              });
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }

  for (const [name, isMax] of [["argMax", true], ["argMin", false]] as const) {
    for (const dtype of ["float32", "float64", "int32"] as const) {
      it(`${name} ${dtype} (NaN wins, the first of equals wins)`, () => {
        const cases = array(dtype, shape(1, 4, 48)).chain((x) => axis(x.shape.length).map((a) => ({ x, a })));
        fc.assert(
          fc.property(cases, ({ x, a }) => {
            tf.tidy(() => {
              const t = tf.tensor(x.values, x.shape, dtype);
              const ax = a < 0 ? a + x.shape.length : a;
              if (x.shape[ax] === 0) {
                expect(() => tf[name](t, a)).toThrow(new RegExp(`${name}: .*empty`));
                return;
              }
              const outShape = x.shape.filter((_, d) => d !== ax);
              expectMatches(`${name} ${dtype}`, tf[name](t, a), outShape, "int32", argRef(isMax, x.values, x.shape, ax));
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

/** Distinct values 0.3 apart in random order, so that max and min have one winner and no kink nearby. */
function distinct(n: number): fc.Arbitrary<number[]> {
  return permutation(n).map((p) => p.map((k) => 0.3 * k - 1));
}

describe("reductions: gradients against central differences", () => {
  let seed = 4500;
  for (const { name, kind } of REDUCTIONS) {
    it(name, () => {
      const cases = shape(0, 4, 8).chain((s) =>
        fc.record({ values: distinct(sizeOf(s)), axes: fc.option(axes(s.length), { nil: undefined }), keepdims: fc.boolean() }).map((r) => ({ shape: s, ...r })),
      )
        // The mean, max and min of an empty group are NaN or infinite: no finite differences there.
        .filter((c) => kind === "sum" || sizeOf(c.shape) > 0 || reduceRef(kind, [], c.shape, axesOf(c.shape, c.axes), false, "float64").values.length === 0);
      fc.assert(
        fc.property(cases, ({ shape: s, values, axes: list, keepdims }) => {
          const reduced = axesOf(s, list);
          checkGradients({
            run: (x) => tf[name](x, list, keepdims),
            ref: ([x]) => reduceRef(kind, x, s, reduced, keepdims, "float64").values,
            shapes: [s],
            values: [values],
            secondOrder: "zero",
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
