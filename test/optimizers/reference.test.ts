// Many steps of every optimizer with random gradients against the plain-TypeScript reference
// (test/reference/optimizers.ts): bit for bit in float32 (the reference rounding every operation to
// float32, as TensorFlow computes) and in float64, and close to the exact float64 math in float32.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";
import { randomValues } from "../util/reference.js";
import {
  float32,
  float64,
  type ReferenceOptimizer,
  referenceAdagrad,
  referenceAdam,
  referenceClipByGlobalNorm,
  referenceClipByNorm,
  referenceRMSprop,
  referenceSGD,
  type Round,
} from "../reference/optimizers.js";

type Dtype = "float32" | "float64";

interface Case {
  name: string;
  make: () => tf.optimizers.Optimizer;
  /** A reference for one variable; all share `lr` through `options`. */
  reference: (round: Round) => ReferenceOptimizer;
}

// Learning rates exactly representable in float32: Keras keeps a fixed rate in a float32 variable.
const CASES: Case[] = [
  { name: "SGD", make: () => new tf.optimizers.SGD({ learningRate: 0.125 }), reference: (r) => referenceSGD({ lr: 0.125 }, r) },
  {
    name: "SGD momentum 0.9",
    make: () => new tf.optimizers.SGD({ learningRate: 0.0625, momentum: 0.9 }),
    reference: (r) => referenceSGD({ lr: 0.0625, momentum: 0.9 }, r),
  },
  {
    name: "SGD Nesterov momentum 0.5, weight decay 0.01",
    make: () => new tf.optimizers.SGD({ learningRate: 0.0625, momentum: 0.5, nesterov: true, weightDecay: 0.01 }),
    reference: (r) => referenceSGD({ lr: 0.0625, momentum: 0.5, nesterov: true, weightDecay: 0.01 }, r),
  },
  { name: "Adam", make: () => new tf.optimizers.Adam({ learningRate: 0.03125 }), reference: (r) => referenceAdam({ lr: 0.03125 }, r) },
  {
    name: "Adam amsgrad, beta1 0.8, beta2 0.99, epsilon 1e-3",
    make: () => new tf.optimizers.Adam({ learningRate: 0.25, beta1: 0.8, beta2: 0.99, epsilon: 1e-3, amsgrad: true }),
    reference: (r) => referenceAdam({ lr: 0.25, beta1: 0.8, beta2: 0.99, epsilon: 1e-3, amsgrad: true }, r),
  },
  {
    name: "AdamW (weight decay 0.004 by default)",
    make: () => new tf.optimizers.AdamW({ learningRate: 0.5 }),
    reference: (r) => referenceAdam({ lr: 0.5, weightDecay: 0.004 }, r),
  },
  {
    name: "AdamW amsgrad, weight decay 0.1",
    make: () => new tf.optimizers.AdamW({ learningRate: 0.5, weightDecay: 0.1, amsgrad: true }),
    reference: (r) => referenceAdam({ lr: 0.5, weightDecay: 0.1, amsgrad: true }, r),
  },
  { name: "RMSprop", make: () => new tf.optimizers.RMSprop({ learningRate: 0.0625 }), reference: (r) => referenceRMSprop({ lr: 0.0625 }, r) },
  {
    name: "RMSprop centered, momentum 0.5, rho 0.8",
    make: () => new tf.optimizers.RMSprop({ learningRate: 0.0625, centered: true, momentum: 0.5, rho: 0.8 }),
    reference: (r) => referenceRMSprop({ lr: 0.0625, centered: true, momentum: 0.5, rho: 0.8 }, r),
  },
  {
    name: "RMSprop momentum 0.3, weight decay 0.05",
    make: () => new tf.optimizers.RMSprop({ learningRate: 0.0625, momentum: 0.3, weightDecay: 0.05 }),
    reference: (r) => referenceRMSprop({ lr: 0.0625, momentum: 0.3, weightDecay: 0.05 }, r),
  },
  {
    name: "RMSprop centered, epsilon 1e-4",
    make: () => new tf.optimizers.RMSprop({ learningRate: 0.0625, centered: true, epsilon: 1e-4 }),
    reference: (r) => referenceRMSprop({ lr: 0.0625, centered: true, epsilon: 1e-4 }, r),
  },
  { name: "Adagrad", make: () => new tf.optimizers.Adagrad({ learningRate: 0.25 }), reference: (r) => referenceAdagrad({ lr: 0.25 }, r) },
  {
    name: "Adagrad initial accumulator 0.3, epsilon 1e-6, weight decay 0.02",
    make: () => new tf.optimizers.Adagrad({ learningRate: 0.25, initialAccumulatorValue: 0.3, epsilon: 1e-6, weightDecay: 0.02 }),
    reference: (r) => referenceAdagrad({ lr: 0.25, initialAccumulatorValue: 0.3, epsilon: 1e-6, weightDecay: 0.02 }, r),
  },
];

/** Scalars, one element, SIMD widths with and without a tail, 2-D, and empty variables. */
const SHAPES: number[][] = [[], [1], [2], [7], [3, 5], [33], [0], [2, 0]];
const STEPS = 40;

const roundFor = (dtype: Dtype): Round => (dtype === "float32" ? float32 : float64);
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Runs the optimizer and one reference per variable side by side; returns both final values. */
function train(c: Case, dtype: Dtype, round: Round, seed: number): { actual: number[][]; expected: number[][] } {
  const opt = c.make();
  const initial = SHAPES.map((s, k) => randomValues(size(s), seed + k, -2, 2).map(roundFor(dtype)));
  const vars = SHAPES.map((s, k) => new tf.Variable(tf.tensor(initial[k], s, dtype), { name: `v${k}` }));
  const expected = initial.map((w) => w.slice());
  const refs = SHAPES.map(() => c.reference(round));
  for (let step = 0; step < STEPS; step++) {
    const grads = SHAPES.map((s, k) => randomValues(size(s), seed * 1000 + step * 31 + k).map(roundFor(dtype)));
    opt.applyGradients(tf.zip(grads.map((g, k) => tf.tensor(g, SHAPES[k], dtype)), vars));
    refs.forEach((ref, k) => ref.step(expected[k], grads[k]));
  }
  expect(opt.iterations.item()).toBe(STEPS);
  return { actual: vars.map((v) => Array.from(v.data())), expected };
}

describe.each(CASES)("$name", (c) => {
  it.each(["float32", "float64"] as const)(`%s: ${STEPS} steps on 8 variables equal the reference rounded to the dtype bit for bit`, (dtype) => {
    const { actual, expected } = train(c, dtype, roundFor(dtype), 7);
    actual.forEach((a, k) => expect(a, `variable ${k} ${JSON.stringify(SHAPES[k])}`).toEqual(expected[k]));
  });

  it(`float32 stays close to the float64 computation over ${STEPS} steps`, () => {
    const { actual, expected } = train(c, "float32", float64, 11);
    actual.forEach((a, k) => expectClose(a, expected[k], { rtol: 1e-4, atol: 1e-4 }));
  });
});

describe("the learning rate", () => {
  it("a fixed rate is kept in float32, as Keras keeps it, also for float64 variables", () => {
    const w = new tf.Variable(tf.tensor([1, -2, 3], [3], "float64"));
    const opt = new tf.optimizers.SGD({ learningRate: 0.1 });
    opt.applyGradients([[tf.tensor([1, 1, 1], [3], "float64"), w]]);
    const lr = Math.fround(0.1);
    expect(Array.from(w.data())).toEqual([1 - lr, -2 - lr, 3 - lr]);
    expect(opt.learningRate).toBe(lr);
  });

  it.each(["float32", "float64"] as const)("%s: a schedule's rate at each step (ExponentialDecay with Adam)", (dtype) => {
    const schedule = new tf.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 });
    const opt = new tf.optimizers.Adam({ learningRate: schedule });
    const round = roundFor(dtype);
    const options = { lr: 0 };
    const ref = referenceAdam(options, round);
    const w = new tf.Variable(tf.tensor([0.5, -1, 2, 0.25, 3], [5], dtype));
    const expected = [0.5, -1, 2, 0.25, 3];
    for (let step = 0; step < 10; step++) {
      const g = randomValues(5, 40 + step).map(round);
      options.lr = schedule.call(step);
      expect(opt.learningRate).toBe(options.lr);
      opt.applyGradients([[tf.tensor(g, [5], dtype), w]]);
      ref.step(expected, g);
    }
    expect(Array.from(w.data())).toEqual(expected);
  });

  it("a function as the rate is called at every step (Keras's callable learning rate)", () => {
    let calls = 0;
    const opt = new tf.optimizers.SGD({ learningRate: () => (++calls === 1 ? 0.5 : 0.25) });
    const w = new tf.Variable([1, 2]);
    opt.applyGradients([[tf.tensor([1, 1]), w]]);
    opt.applyGradients([[tf.tensor([1, 1]), w]]);
    expect(w.array()).toEqual([0.25, 1.25]);
  });
});

describe("clipping against the reference", () => {
  const grads = [
    [3, 4, 0, 12],
    [0.5, -0.25],
  ];

  it.each(["float32", "float64"] as const)("%s: clipnorm clips each gradient to its own norm", (dtype) => {
    const vars = grads.map((g) => new tf.Variable(tf.zeros([g.length], dtype)));
    new tf.optimizers.SGD({ learningRate: 1, clipnorm: 2 }).applyGradients(tf.zip(grads.map((g) => tf.tensor(g, [g.length], dtype)), vars));
    const tol = dtype === "float32" ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 1e-15, atol: 1e-16 };
    vars.forEach((v, k) => expectClose(v.data(), referenceClipByNorm(grads[k], 2).map((x) => -x), tol));
  });

  it.each(["float32", "float64"] as const)("%s: globalClipnorm clips all gradients by their global norm", (dtype) => {
    const vars = grads.map((g) => new tf.Variable(tf.zeros([g.length], dtype)));
    const opt = new tf.optimizers.SGD({ learningRate: 1, globalClipnorm: 2 });
    opt.applyGradients(tf.zip(grads.map((g) => tf.tensor(g, [g.length], dtype)), vars));
    const expected = referenceClipByGlobalNorm(grads, 2);
    const tol = dtype === "float32" ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 1e-15, atol: 1e-16 };
    vars.forEach((v, k) => expectClose(v.data(), expected[k].map((x) => -x), tol));
  });

  it("clipping happens before the step of every optimizer (Adam, RMSprop, Adagrad, momentum SGD)", () => {
    const makers: [string, (clip: object) => tf.optimizers.Optimizer][] = [
      ["Adam", (clip) => new tf.optimizers.Adam({ learningRate: 0.5, ...clip })],
      ["RMSprop", (clip) => new tf.optimizers.RMSprop({ learningRate: 0.5, ...clip })],
      ["Adagrad", (clip) => new tf.optimizers.Adagrad({ learningRate: 0.5, ...clip })],
      ["SGD", (clip) => new tf.optimizers.SGD({ learningRate: 0.5, momentum: 0.9, ...clip })],
    ];
    // The gradient grows every step, so that clipping changes what a scale-invariant step (Adam) sees.
    const gradientAt = (step: number): number[] => [30, -40, 5, 1, 0.5].map((x) => x * (step + 1));
    const clip: Record<string, (g: number[]) => number[]> = {
      clipnorm: (g) => referenceClipByNorm(g, 1),
      clipvalue: (g) => g.map((x) => Math.min(Math.max(x, -2), 2)),
      globalClipnorm: (g) => referenceClipByGlobalNorm([g], 1)[0],
    };
    const clipOptions: Record<string, object> = { clipnorm: { clipnorm: 1 }, clipvalue: { clipvalue: 2 }, globalClipnorm: { globalClipnorm: 1 } };
    for (const [name, make] of makers) {
      for (const kind of Object.keys(clip)) {
        const a = new tf.Variable(tf.tensor([1, 2, 3, 4, 5], [5], "float64"));
        const b = new tf.Variable(tf.tensor([1, 2, 3, 4, 5], [5], "float64"));
        const unclipped = new tf.Variable(tf.tensor([1, 2, 3, 4, 5], [5], "float64"));
        const withClip = make(clipOptions[kind]);
        const preClipped = make({});
        const plain = make({});
        for (let step = 0; step < 3; step++) {
          const g = gradientAt(step);
          withClip.applyGradients([[tf.tensor(g, [5], "float64"), a]]);
          preClipped.applyGradients([[tf.tensor(clip[kind](g), [5], "float64"), b]]);
          plain.applyGradients([[tf.tensor(g, [5], "float64"), unclipped]]);
        }
        expectClose(a.data(), b.data(), { rtol: 1e-13, atol: 1e-13 });
        const moved = Array.from(a.data()).map((x, i) => Math.abs(x - unclipped.data()[i]));
        expect(Math.max(...moved), `${name} ${kind}: clipping changes the result`).toBeGreaterThan(1e-6);
      }
    }
  });
});
