// Dense on random sizes (input width and units 1 to 6, batch dims of rank 1 or 2 with 0- and
// 1-sized dims), every activation, with and without bias, float32 and float64, against the float64
// reference of test/reference/layers.ts; and the gradient with respect to the input, kernel and bias
// (through statelessCall) against central differences for the smooth activations.
// numRuns: forward 40 per activation and dtype; gradients 30 per smooth activation (float64).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { ACTIVATIONS, denseRef } from "../reference/layers.js";
import { expectClose } from "../util/close.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";

const FORWARD_RUNS = 40;
const GRAD_RUNS = 30;
const SMOOTH = ["linear", "sigmoid", "tanh", "softplus", "gelu", "silu", "mish", "softmax", "logSoftmax", "exponential"];

interface DenseCase {
  batch: number[];
  inputDim: number;
  units: number;
  useBias: boolean;
  x: number[];
  kernel: number[];
  bias: number[];
}

const values = (n: number, lo: number, hi: number) => fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n });

const denseCases = (maxBatch: number): fc.Arbitrary<DenseCase> =>
  fc
    .record({
      batch: fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: 1, maxLength: 2 }).filter((b) => sizeOf(b) <= maxBatch),
      inputDim: fc.integer({ min: 1, max: 6 }),
      units: fc.integer({ min: 1, max: 6 }),
      useBias: fc.boolean(),
    })
    .chain((c) =>
      fc.record({
        batch: fc.constant(c.batch),
        inputDim: fc.constant(c.inputDim),
        units: fc.constant(c.units),
        useBias: fc.constant(c.useBias),
        x: values(sizeOf(c.batch) * c.inputDim, -2, 2),
        kernel: values(c.inputDim * c.units, -1, 1),
        bias: values(c.units, -1, 1),
      }),
    );

function build(c: DenseCase, activation: string, dtype: "float32" | "float64"): tf.layers.Dense {
  const layer = new tf.layers.Dense(c.units, { activation, dtype, useBias: c.useBias });
  layer.build([null, c.inputDim]);
  return layer;
}

describe("Dense on random sizes against the float64 reference", () => {
  let seed = 8500;
  for (const activation of Object.keys(ACTIVATIONS)) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${activation} ${dtype}`, () => {
        const round = (xs: number[]): number[] => (dtype === "float32" ? xs.map(Math.fround) : xs);
        fc.assert(
          fc.property(denseCases(24), (c) => {
            tf.tidy(() => {
              const layer = build(c, activation, dtype);
              const kernel = round(c.kernel);
              const bias = round(c.bias);
              layer.setWeights(c.useBias ? [tf.tensor(kernel, [c.inputDim, c.units], dtype), tf.tensor(bias, [c.units], dtype)] : [tf.tensor(kernel, [c.inputDim, c.units], dtype)]);
              const x = round(c.x);
              const y = layer.apply(tf.tensor(x, [...c.batch, c.inputDim], dtype));
              expect(y.shape).toEqual([...c.batch, c.units]);
              expect(y.dtype).toBe(dtype);
              const want = denseRef(x, c.inputDim, kernel, c.units, c.useBias ? bias : null, ACTIVATIONS[activation]);
              const scale = Math.max(1, ...want.map(Math.abs));
              const tol = dtype === "float32" ? { rtol: 2e-5, atol: 2e-6 * scale } : { rtol: 1e-12, atol: 1e-13 * scale };
              expectClose(y.data(), want, tol);
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

describe("Dense: gradients with respect to input, kernel and bias against central differences", () => {
  let seed = 8600;
  for (const activation of SMOOTH) {
    it(activation, () => {
      fc.assert(
        fc.property(
          denseCases(6).filter((c) => sizeOf(c.batch) > 0),
          (c) => {
            const layer = build(c, activation, "float64");
            const shapes = [[...c.batch, c.inputDim], [c.inputDim, c.units], ...(c.useBias ? [[c.units]] : [])];
            checkGradients({
              run: (x, kernel, bias) => layer.statelessCall(c.useBias ? [kernel, bias] : [kernel], [], x)[0],
              ref: ([x, kernel, bias]) => denseRef(x, c.inputDim, kernel, c.units, c.useBias ? bias : null, ACTIVATIONS[activation]),
              shapes,
              values: [c.x, c.kernel, ...(c.useBias ? [c.bias] : [])],
              secondOrder: "skip",
            });
          },
        ),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
