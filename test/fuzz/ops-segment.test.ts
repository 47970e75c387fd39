// Properties of unsortedSegmentSum against the float64 reference of test/reference/segment.ts: random
// id shapes (rank 1 or 2, 0- and 1-sized dims), trailing data dims, numSegments 0..4, ids in
// [-1, numSegments) (a negative id drops its row), values mixing the specials. int32 sums wrap.
// numRuns: forward 400 per dtype; gradients 60 (float64; the op is linear, so a zero second order).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { refSegmentSum } from "../reference/segment.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { type DType, shape, smooth, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 400;
const GRAD_RUNS = 60;
const EPS: Record<string, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const LARGEST: Record<string, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

interface SegmentCase {
  idsShape: number[];
  rest: number[];
  numSegments: number;
  ids: number[];
}

const segmentCases: fc.Arbitrary<SegmentCase> = fc
  .record({ idsShape: shape(1, 2, 12), rest: shape(0, 2, 6), numSegments: fc.integer({ min: 0, max: 4 }) })
  .chain((c) =>
    fc.array(fc.integer({ min: -1, max: c.numSegments - 1 }), { minLength: sizeOf(c.idsShape), maxLength: sizeOf(c.idsShape) }).map((ids) => ({ ...c, ids })),
  );

const dataShape = (c: SegmentCase): number[] => [...c.idsShape, ...c.rest];
const run = (c: SegmentCase, x: tf.Tensor): tf.Tensor => tf.unsortedSegmentSum(x, tf.tensor(c.ids, c.idsShape, "int32"), c.numSegments);

describe("unsortedSegmentSum: forward against the float64 reference", () => {
  let seed = 7600;
  for (const dtype of ["float32", "float64", "int32"] as const satisfies readonly DType[]) {
    it(dtype, () => {
      const cases = segmentCases.chain((c) => values(dtype, sizeOf(dataShape(c))).map((x) => ({ c, x })));
      fc.assert(
        fc.property(cases, ({ c, x }) => {
          tf.tidy(() => {
            const out = run(c, tf.tensor(x, dataShape(c), dtype));
            const shape = [c.numSegments, ...c.rest];
            const sums = refSegmentSum(x, dataShape(c), c.ids, c.idsShape.length, c.numSegments);
            if (dtype === "int32") {
              // Exact in float64 (|sum| < 2^53), then wrapped to 32 bits as TensorFlow's int32 adds do.
              expectMatches(`unsortedSegmentSum ${dtype}`, out, shape, dtype, sums.map((v) => v | 0));
              return;
            }
            // Summation error: a multiple of eps times the sum of magnitudes, whatever cancels.
            const magnitude = refSegmentSum(x.map(Math.abs), dataShape(c), c.ids, c.idsShape.length, c.numSegments);
            const rows = refSegmentSum(x.map(() => 1), dataShape(c), c.ids, c.idsShape.length, c.numSegments);
            expectMatches(`unsortedSegmentSum ${dtype}`, out, shape, dtype, sums, {
              ulps: 1,
              abs: (i) => Math.max(rows[i], 2) * EPS[dtype] * magnitude[i],
              mayOverflow: (i) => magnitude[i] > LARGEST[dtype],
            });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

describe("unsortedSegmentSum: gradients against central differences", () => {
  it("float64, first order, and a zero second order", () => {
    const cases = segmentCases
      .filter((c) => sizeOf(dataShape(c)) <= 16)
      .chain((c) => smooth(sizeOf(dataShape(c)), -2, 2).map((x) => ({ c, x })));
    fc.assert(
      fc.property(cases, ({ c, x }) => {
        checkGradients({
          run: (t) => run(c, t),
          ref: ([v], [s]) => refSegmentSum(v, s, c.ids, c.idsShape.length, c.numSegments),
          shapes: [dataShape(c)],
          values: [x],
          secondOrder: "zero",
        });
      }),
      { seed: 7650, numRuns: GRAD_RUNS },
    );
  });
});
