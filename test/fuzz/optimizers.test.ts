// Optimizers with random hyperparameters (momentum, Nesterov, betas, amsgrad, rho, centered, epsilon,
// initial accumulators, weight decay) on variables of random sizes (0 to 40 elements: SIMD bodies and
// every tail) for a few steps of random gradients, against the reference of
// test/reference/optimizers.ts rounded to the variable's dtype: bit for bit, in float32 and float64.
// Learning rates are float32 values, as Keras keeps a fixed rate in a float32 variable.
// numRuns: 150 per optimizer and dtype.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import {
  float32,
  float64,
  type ReferenceOptimizer,
  referenceAdagrad,
  referenceAdam,
  referenceRMSprop,
  referenceSGD,
  type Round,
} from "../reference/optimizers.js";

const RUNS = 150;

interface Configured {
  /** The hyperparameters, for fast-check's report. */
  options: object;
  make: () => tf.optimizers.Optimizer;
  reference: (round: Round) => ReferenceOptimizer;
}

const lr = fc.double({ min: 1e-3, max: 1, noNaN: true }).map(Math.fround);
const unit = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const weightDecay = fc.option(unit(0, 0.2), { nil: undefined });
const epsilon = fc.option(unit(1e-8, 1e-2), { nil: undefined });

const OPTIMIZERS: Record<string, fc.Arbitrary<Configured>> = {
  SGD: fc
    .record({ lr, momentum: fc.oneof(fc.constant(0), unit(0, 0.99)), nesterov: fc.boolean(), weightDecay })
    .map((o) => ({
      options: o,
      make: () => new tf.optimizers.SGD({ learningRate: o.lr, momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay }),
      reference: (r) => referenceSGD(o, r),
    })),
  Adam: fc
    .record({ lr, beta1: unit(0, 0.99), beta2: unit(0.5, 0.9999), epsilon, amsgrad: fc.boolean(), weightDecay })
    .map((o) => ({
      options: o,
      make: () =>
        new tf.optimizers.Adam({ learningRate: o.lr, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon, amsgrad: o.amsgrad, weightDecay: o.weightDecay }),
      reference: (r) => referenceAdam(o, r),
    })),
  AdamW: fc
    .record({ lr, beta1: unit(0, 0.99), beta2: unit(0.5, 0.9999), amsgrad: fc.boolean(), weightDecay: unit(0, 0.2) })
    .map((o) => ({
      options: o,
      make: () => new tf.optimizers.AdamW({ learningRate: o.lr, beta1: o.beta1, beta2: o.beta2, amsgrad: o.amsgrad, weightDecay: o.weightDecay }),
      reference: (r) => referenceAdam(o, r),
    })),
  RMSprop: fc
    .record({ lr, rho: unit(0.5, 0.99), momentum: fc.oneof(fc.constant(0), unit(0, 0.9)), centered: fc.boolean(), epsilon, weightDecay })
    .map((o) => ({
      options: o,
      make: () =>
        new tf.optimizers.RMSprop({ learningRate: o.lr, rho: o.rho, momentum: o.momentum, centered: o.centered, epsilon: o.epsilon, weightDecay: o.weightDecay }),
      reference: (r) => referenceRMSprop(o, r),
    })),
  Adagrad: fc
    .record({ lr, initialAccumulatorValue: unit(0, 1), epsilon, weightDecay })
    .map((o) => ({
      options: o,
      make: () =>
        new tf.optimizers.Adagrad({ learningRate: o.lr, initialAccumulatorValue: o.initialAccumulatorValue, epsilon: o.epsilon, weightDecay: o.weightDecay }),
      reference: (r) => referenceAdagrad(o, r),
    })),
};

/** Variables of random sizes, and per step a gradient for each. */
const training = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 3 }).chain((sizes) =>
  fc.record({
    sizes: fc.constant(sizes),
    initial: fc.tuple(...sizes.map((n) => fc.array(unit(-2, 2), { minLength: n, maxLength: n }))),
    steps: fc.array(fc.tuple(...sizes.map((n) => fc.array(fc.oneof(unit(-3, 3), fc.constant(0)), { minLength: n, maxLength: n }))), {
      minLength: 1,
      maxLength: 6,
    }),
  }),
);

describe("optimizers with random hyperparameters against the reference, bit for bit", () => {
  let seed = 8100;
  for (const [name, configured] of Object.entries(OPTIMIZERS)) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${name} ${dtype}`, () => {
        const round = dtype === "float32" ? float32 : float64;
        fc.assert(
          fc.property(configured, training, (c, t) => {
            tf.tidy(() => {
              const opt = c.make();
              const expected = t.initial.map((w) => w.map(round));
              const vars = expected.map((w, k) => new tf.Variable(tf.tensor(w, [t.sizes[k]], dtype)));
              const refs = t.sizes.map(() => c.reference(round));
              for (const grads of t.steps) {
                const rounded = grads.map((g) => g.map(round));
                opt.applyGradients(tf.zip(rounded.map((g, k) => tf.tensor(g, [t.sizes[k]], dtype)), vars));
                refs.forEach((ref, k) => ref.step(expected[k], rounded[k]));
              }
              vars.forEach((v, k) => expect(Array.from(v.data()), `variable ${k} of ${t.sizes[k]}`).toEqual(expected[k]));
            });
          }),
          { seed: seed++, numRuns: RUNS },
        );
      });
    }
  }
});
