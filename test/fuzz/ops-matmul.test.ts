// Properties of matmul against the float64 reference of test/reference/matmul.ts: random m, k, n
// (0 and 1 included, and sizes that cross the kernel's 4- and 8-wide panels), both transposes, batch
// dims that broadcast (rank differences and size-1 stretching), and values mixing the specials.
// numRuns: forward 400 per dtype; gradients 80 (float64, first and second order).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { matmulRef } from "../reference/matmul.js";
import { checkGradients } from "../util/gradcheck.js";
import { ref, sizeOf } from "../util/reference.js";
import { broadcastShapes, type DType, smooth, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 400;
const GRAD_RUNS = 80;

const EPS: Record<string, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const LARGEST: Record<string, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

interface Case {
  sa: number[];
  sb: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Operand shapes: batch dims that broadcast, then [m, k] and [k, n], each stored transposed when asked. */
function shapes(maxDim: number, maxBatchSize: number): fc.Arbitrary<Case> {
  const size = fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: maxDim }));
  return fc
    .record({ batch: broadcastShapes(2, 2, maxBatchSize), m: size, k: size, n: size, transposeA: fc.boolean(), transposeB: fc.boolean() })
    .map(({ batch: [ba, bb], m, k, n, transposeA, transposeB }) => ({
      sa: [...ba, ...(transposeA ? [k, m] : [m, k])],
      sb: [...bb, ...(transposeB ? [n, k] : [k, n])],
      transposeA,
      transposeB,
    }));
}

describe("matmul: forward against the float64 reference", () => {
  let seed = 5000;
  for (const dtype of ["float32", "float64", "int32"] as const satisfies DType[]) {
    it(dtype, () => {
      const cases = shapes(9, 6).chain((c) => fc.tuple(values(dtype, sizeOf(c.sa)), values(dtype, sizeOf(c.sb))).map(([a, b]) => ({ ...c, a, b })));
      fc.assert(
        fc.property(cases, ({ sa, sb, a, b, transposeA, transposeB }) => {
          tf.tidy(() => {
            const expected = matmulRef(ref(sa, a), ref(sb, b), transposeA, transposeB, dtype === "int32");
            const out = tf.matmul(tf.tensor(a, sa, dtype), tf.tensor(b, sb, dtype), { transposeA, transposeB });
            if (dtype === "int32") {
              expectMatches("matmul int32", out, expected.shape, dtype, expected.values);
              return;
            }
            const k = transposeA ? sa[sa.length - 2] : sa[sa.length - 1];
            // A sum of k products in any order (and fused or not): k eps times the sum of |products|.
            expectMatches(`matmul ${dtype}`, out, expected.shape, dtype, expected.values, {
              ulps: 1,
              abs: (i) => Math.max(k, 2) * EPS[dtype] * expected.magnitude[i],
              mayOverflow: (i) => expected.magnitude[i] > LARGEST[dtype],
            });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

describe("matmul: gradients against central differences", () => {
  it("both operands, transposes and broadcast batches", () => {
    const cases = shapes(3, 4)
      .filter((c) => sizeOf(c.sa) + sizeOf(c.sb) <= 24)
      .chain((c) => fc.tuple(smooth(sizeOf(c.sa), -2, 2), smooth(sizeOf(c.sb), -2, 2)).map((xs) => ({ ...c, xs })));
    fc.assert(
      fc.property(cases, ({ sa, sb, transposeA, transposeB, xs }) => {
        checkGradients({
          run: (a, b) => tf.matmul(a, b, { transposeA, transposeB }),
          ref: ([a, b]) => matmulRef(ref(sa, a), ref(sb, b), transposeA, transposeB).values,
          shapes: [sa, sb],
          values: xs,
        });
      }),
      { seed: 5500, numRuns: GRAD_RUNS },
    );
  });
});
