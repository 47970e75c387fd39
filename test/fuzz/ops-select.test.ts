// Properties of the comparisons, where and clipByValue against the float64 references of
// test/reference/binary.ts, on random broadcast-compatible shapes and values mixing the specials
// (comparisons with NaN are false except notEqual; -0 equals 0; clipByValue propagates NaN from t and
// from the bounds, as TensorFlow's maximum(minimum(t, hi), lo) does). maximum and minimum, NaN
// propagating, are in ops-binary.test.ts.
// numRuns: forward 400 per op and dtype; gradients 80 per op (float64).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { broadcastApply, broadcastShape, clipOp, type CompareName, compareOps, whereOp } from "../reference/binary.js";
import { broadcasting } from "../reference/grad.js";
import { checkGradients } from "../util/gradcheck.js";
import { ref, sizeOf } from "../util/reference.js";
import { broadcastShapes, type DType, smooth, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 400;
const GRAD_RUNS = 80;
const COMPARISONS: CompareName[] = ["equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual"];
type Fn = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

describe("comparisons: forward against float64 references", () => {
  let seed = 7000;
  for (const op of COMPARISONS) {
    const dtypes: DType[] = op === "equal" || op === "notEqual" ? ["float32", "float64", "int32", "bool"] : ["float32", "float64", "int32"];
    for (const dtype of dtypes) {
      it(`${op} ${dtype}`, () => {
        const cases = broadcastShapes(2).chain(([sa, sb]) => fc.tuple(values(dtype, sizeOf(sa)), values(dtype, sizeOf(sb))).map(([a, b]) => ({ sa, a, sb, b })));
        fc.assert(
          fc.property(cases, ({ sa, a, sb, b }) => {
            tf.tidy(() => {
              const expected = broadcastApply(compareOps[op], ref(sa, a), ref(sb, b));
              const out = (tf[op] as Fn)(tf.tensor(a, sa, dtype), tf.tensor(b, sb, dtype));
              expectMatches(`${op} ${dtype}`, out, expected.shape, "bool", expected.values);
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

describe("where and clipByValue: forward against float64 references", () => {
  let seed = 7200;
  for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
    it(`where ${dtype} (condition, a and b broadcast together)`, () => {
      const cases = broadcastShapes(3).chain(([sc, sa, sb]) =>
        fc.tuple(values("bool", sizeOf(sc)), values(dtype, sizeOf(sa)), values(dtype, sizeOf(sb))).map(([c, a, b]) => ({ sc, c, sa, a, sb, b })),
      );
      fc.assert(
        fc.property(cases, ({ sc, c, sa, a, sb, b }) => {
          tf.tidy(() => {
            const expected = broadcastApply(whereOp, ref(sc, c), ref(sa, a), ref(sb, b));
            const out = tf.where(tf.tensor(c, sc, "bool"), tf.tensor(a, sa, dtype), tf.tensor(b, sb, dtype));
            expectMatches(`where ${dtype}`, out, expected.shape, dtype, expected.values, { ulps: 0, signedZeros: true });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }

  for (const dtype of ["float32", "float64", "int32"] as const) {
    it(`clipByValue ${dtype} (bounds broadcast to t, crossed bounds give the lower one)`, () => {
      // t takes the broadcast shape; the bounds are shapes that broadcast to it.
      const cases = broadcastShapes(3).chain(([s0, sl, sh]) => {
        const st = broadcastShape(s0, sl, sh)!;
        return fc.tuple(values(dtype, sizeOf(st)), values(dtype, sizeOf(sl)), values(dtype, sizeOf(sh))).map(([x, lo, hi]) => ({ st, x, sl, lo, sh, hi }));
      });
      fc.assert(
        fc.property(cases, ({ st, x, sl, lo, sh, hi }) => {
          tf.tidy(() => {
            const expected = broadcastApply(clipOp, ref(st, x), ref(sl, lo), ref(sh, hi));
            const out = tf.clipByValue(tf.tensor(x, st, dtype), tf.tensor(lo, sl, dtype), tf.tensor(hi, sh, dtype));
            expectMatches(`clipByValue ${dtype}`, out, expected.shape, dtype, expected.values, { ulps: 0, signedZeros: true });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

describe("where and clipByValue: gradients against central differences", () => {
  it("where, into a and b (the condition fixed)", () => {
    const cases = broadcastShapes(3, 3, 8).chain(([sc, sa, sb]) =>
      fc.tuple(values("bool", sizeOf(sc)), smooth(sizeOf(sa), -2, 2), smooth(sizeOf(sb), -2, 2)).map(([c, a, b]) => ({ sc, c, sa, a, sb, b })),
    );
    fc.assert(
      fc.property(cases, ({ sc, c, sa, a, sb, b }) => {
        checkGradients({
          run: (x, y) => tf.where(tf.tensor(c, sc, "bool"), x, y),
          ref: ([x, y], [shx, shy]) => broadcastApply(whereOp, ref(sc, c), ref(shx, x), ref(shy, y)).values,
          shapes: [sa, sb],
          values: [a, b],
          secondOrder: "zero",
        });
      }),
      { seed: 7500, numRuns: GRAD_RUNS },
    );
  });

  it("clipByValue, into t and both bounds, away from ties", () => {
    // t at k + 1/4, lo at integers, hi at k + 1/2: no two within 1/4 of each other, and the bounds may cross.
    const offset = (d: number) => (n: number) => fc.array(fc.integer({ min: -3, max: 3 }).map((k) => k + d), { minLength: n, maxLength: n });
    const cases = broadcastShapes(3, 3, 8)
      .map(([s0, sl, sh]) => ({ st: broadcastShape(s0, sl, sh)!, sl, sh }))
      .chain(({ st, sl, sh }) => fc.tuple(offset(0.25)(sizeOf(st)), offset(0)(sizeOf(sl)), offset(0.5)(sizeOf(sh))).map((xs) => ({ shapes: [st, sl, sh], xs })));
    fc.assert(
      fc.property(cases, ({ shapes, xs }) => {
        checkGradients({ run: (x, lo, hi) => tf.clipByValue(x, lo, hi), ref: broadcasting(clipOp), shapes, values: xs, secondOrder: "zero" });
      }),
      { seed: 7501, numRuns: GRAD_RUNS },
    );
  });
});
