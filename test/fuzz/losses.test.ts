// Losses on random shapes (rank 1 to 3, batch dims of 0 and 1 included, at least one class), every
// reduction, no weights, per-sample weights or a scalar weight, against the float64 references of
// test/reference/losses.ts: within 1e-11 (float64) or 3e-5 (float32) of the largest value. The
// smooth ones also get their gradient with respect to the predictions against central differences.
// numRuns: forward 120 per loss and dtype; gradients 40 per smooth loss (float64, first order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as R from "../reference/losses.js";
import { expectClose } from "../util/close.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";

const FORWARD_RUNS = 120;
const GRAD_RUNS = 40;
const REDUCTIONS: tf.losses.Reduction[] = ["sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"];

type Labels = "real" | "binary" | "oneHot" | "classes";

interface LossRow {
  name: string;
  make: (reduction: tf.losses.Reduction) => tf.losses.LossFunction;
  ref: (f32: boolean) => R.LossRef;
  labels: Labels;
  /** Predictions are drawn from [lo, hi]. */
  preds: [number, number];
  /** Smooth in the predictions: its gradient is checked. */
  smooth: boolean;
}

const rows: LossRow[] = [
  { name: "meanSquaredError", make: (reduction) => tf.losses.meanSquaredError({ reduction }), ref: () => R.mse, labels: "real", preds: [-2, 2], smooth: true },
  { name: "meanAbsoluteError", make: (reduction) => tf.losses.meanAbsoluteError({ reduction }), ref: () => R.mae, labels: "real", preds: [-2, 2], smooth: false },
  { name: "huber", make: (reduction) => tf.losses.huber({ reduction, delta: 0.7 }), ref: () => R.huber(0.7), labels: "real", preds: [-2, 2], smooth: false },
  { name: "logCosh", make: (reduction) => tf.losses.logCosh({ reduction }), ref: () => R.logCosh, labels: "real", preds: [-3, 3], smooth: true },
  {
    name: "binaryCrossentropy from logits",
    make: (reduction) => tf.losses.binaryCrossentropy({ reduction, fromLogits: true }),
    ref: () => R.binaryCrossentropy({ fromLogits: true }),
    labels: "binary",
    preds: [-6, 6],
    smooth: true,
  },
  {
    name: "binaryCrossentropy from probabilities, label smoothing 0.1",
    make: (reduction) => tf.losses.binaryCrossentropy({ reduction, labelSmoothing: 0.1 }),
    ref: (f32) => R.binaryCrossentropy({ labelSmoothing: 0.1, f32 }),
    labels: "binary",
    preds: [0.02, 0.98],
    smooth: true,
  },
  {
    name: "categoricalCrossentropy from logits, label smoothing 0.2",
    make: (reduction) => tf.losses.categoricalCrossentropy({ reduction, fromLogits: true, labelSmoothing: 0.2 }),
    ref: () => R.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }),
    labels: "oneHot",
    preds: [-5, 5],
    smooth: true,
  },
  {
    name: "sparseCategoricalCrossentropy from logits",
    make: (reduction) => tf.losses.sparseCategoricalCrossentropy({ reduction, fromLogits: true }),
    ref: () => R.sparseCategoricalCrossentropy({ fromLogits: true }),
    labels: "classes",
    preds: [-5, 5],
    smooth: true,
  },
  { name: "hinge", make: (reduction) => tf.losses.hinge({ reduction }), ref: () => R.hinge, labels: "binary", preds: [-2, 2], smooth: false },
];

interface LossCase {
  predShape: number[];
  labels: number[];
  preds: number[];
  weighting: "none" | "perSample" | "scalar";
  weights: number[];
  reduction: tf.losses.Reduction;
}

/** The labels' shape: the predictions' without the class axis for class indices. */
const labelShape = (row: LossRow, predShape: number[]): number[] => (row.labels === "classes" ? predShape.slice(0, -1) : predShape);

function lossCases(row: LossRow): fc.Arbitrary<LossCase> {
  const batchDims = fc.array(fc.constantFrom(0, 1, 1, 2, 3), { minLength: 0, maxLength: 2 });
  const classes = fc.integer({ min: 1, max: 4 });
  return fc.tuple(batchDims, classes).chain(([batch, k]) => {
    const predShape = [...batch, k];
    const n = sizeOf(predShape);
    const rowsCount = n / k;
    const labels: fc.Arbitrary<number[]> =
      row.labels === "real"
        ? fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n })
        : row.labels === "binary"
          ? fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n })
          : row.labels === "classes"
            ? fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: rowsCount, maxLength: rowsCount })
            : fc
                .array(fc.integer({ min: 0, max: k - 1 }), { minLength: rowsCount, maxLength: rowsCount })
                .map((picks) => Array.from({ length: n }, (_, i) => (picks[Math.floor(i / k)] === i % k ? 1 : 0)));
    return fc.record({
      predShape: fc.constant(predShape),
      labels,
      preds: fc.array(fc.double({ min: row.preds[0], max: row.preds[1], noNaN: true }), { minLength: n, maxLength: n }),
      weighting: fc.constantFrom<LossCase["weighting"]>("none", "perSample", "scalar"),
      weights: fc.array(fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant(0)), { minLength: n, maxLength: n }),
      reduction: fc.constantFrom(...REDUCTIONS),
    });
  });
}

/** The reference's per-sample shape, and the weights of the case in it (null for none). */
function weightsOf(row: LossRow, c: LossCase, perSampleShape: number[]): R.Arr | null {
  if (c.weighting === "none") return null;
  if (c.weighting === "scalar") return { shape: [], values: [c.weights[0] ?? 1.5] };
  return { shape: perSampleShape, values: c.weights.slice(0, sizeOf(perSampleShape)) };
}

describe("losses on random shapes against the float64 reference", () => {
  let seed = 8300;
  for (const row of rows) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${row.name} ${dtype}`, () => {
        const f32 = dtype === "float32";
        const round = (xs: number[]): number[] => (f32 ? xs.map(Math.fround) : xs);
        fc.assert(
          fc.property(lossCases(row), (c) => {
            tf.tidy(() => {
              const tShape = labelShape(row, c.predShape);
              const t = { shape: tShape, values: round(c.labels) };
              const p = { shape: c.predShape, values: round(c.preds) };
              const ref = row.ref(f32);
              const weights = weightsOf(row, c, ref(t, p).out.shape);
              const expected = R.lossRef(ref, t, p, weights && { ...weights, values: round(weights.values) }, c.reduction as R.Reduction);
              const labelDType = row.labels === "classes" ? "int32" : dtype;
              const w = weights === null ? undefined : tf.tensor(round(weights.values), weights.shape, dtype);
              const got = row.make(c.reduction)(tf.tensor(t.values, tShape, labelDType), tf.tensor(p.values, c.predShape, dtype), w);
              expect(got.shape).toEqual(expected.shape);
              expect(got.dtype).toBe(dtype);
              const scale = Math.max(1, ...expected.values.map(Math.abs));
              const tol = f32 ? { rtol: 3e-5, atol: 3e-6 * scale } : { rtol: 1e-11, atol: 1e-12 * scale };
              expectClose(got.data(), expected.values, tol);
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

describe("smooth losses: gradients with respect to the predictions against central differences", () => {
  let seed = 8400;
  for (const row of rows.filter((r) => r.smooth)) {
    it(row.name, () => {
      const cases = lossCases(row).filter((c) => sizeOf(c.predShape) > 0 && sizeOf(c.predShape) <= 12);
      fc.assert(
        fc.property(cases, (c) => {
          const tShape = labelShape(row, c.predShape);
          const ref = row.ref(false);
          const t = { shape: tShape, values: c.labels };
          const weights = weightsOf(row, c, ref(t, { shape: c.predShape, values: c.preds }).out.shape);
          const labelDType = row.labels === "classes" ? "int32" : "float64";
          checkGradients({
            run: (x) => {
              const w = weights === null ? undefined : tf.tensor(weights.values, weights.shape, "float64");
              return row.make(c.reduction)(tf.tensor(c.labels, tShape, labelDType), x, w);
            },
            ref: ([v], [s]) => R.lossRef(ref, t, { shape: s, values: v }, weights, c.reduction as R.Reduction).values,
            shapes: [c.predShape],
            values: [c.preds],
            secondOrder: "skip",
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
