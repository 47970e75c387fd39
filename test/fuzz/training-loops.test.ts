// Random training loops: 1 to 3 variables, a fresh batch made between steps, a forward pass of random
// ops (sometimes partly inside a tf.tidy, sometimes with a persistent tape asked twice), an update by an
// optimizer or by assignSub, a metric fed the loss, values read back with item(). The step is written
// as the seeds write it (no dispose, tidy or keep), wrapped whole in a tf.tidy, with every result
// disposed by hand (tfjs's styles), or as optimizer.minimize. After the first steps, every step must
// end with exactly as many live tensors and the same heap top as the one before: nothing leaks.
// The same loops also train a Sequential of Dense layers (one per op list; minimize takes the tape path).
// fast-check seed 8700, 60 loops of 60 steps, each way.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const WARMUP = 10;
const STEPS = 60;

type Unary = "tanh" | "sigmoid" | "square" | "relu";
type Combine = "add" | "mul" | "sub";

interface Loop {
  style: "seed" | "tidyStep" | "disposeAll" | "minimize";
  shapes: number[][];
  update: "sgd" | "adam" | "assignSub";
  persistent: boolean;
  tidyForward: boolean;
  metric: boolean;
  readBack: boolean;
  opsPerVariable: { unary: Unary; combine: Combine }[][];
}

const loops: fc.Arbitrary<Loop> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    style: fc.constantFrom<Loop["style"]>("seed", "tidyStep", "disposeAll", "minimize"),
    shapes: fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }), { minLength: n, maxLength: n }),
    update: fc.constantFrom<Loop["update"]>("sgd", "adam", "assignSub"),
    persistent: fc.boolean(),
    tidyForward: fc.boolean(),
    metric: fc.boolean(),
    readBack: fc.boolean(),
    opsPerVariable: fc.array(
      fc.array(fc.record({ unary: fc.constantFrom<Unary>("tanh", "sigmoid", "square", "relu"), combine: fc.constantFrom<Combine>("add", "mul", "sub") }), {
        minLength: 1,
        maxLength: 4,
      }),
      { minLength: n, maxLength: n },
    ),
  }),
);

/** Builds the loop's state and returns its step. */
function makeLoop(l: Loop): (i: number) => void {
  const vars = l.shapes.map((s, k) => new tf.Variable(tf.random.normal(s, { seed: k + 1, stddev: 0.5 })));
  const optimizer = l.update === "sgd" ? new tf.optimizers.SGD({ learningRate: 0.01 }) : l.update === "adam" ? new tf.optimizers.Adam({ learningRate: 0.01 }) : null;
  const mean = new tf.metrics.Mean();
  // minimize needs an optimizer: plain SGD stands in for assignSub.
  const sgd = new tf.optimizers.SGD({ learningRate: 0.01 });
  const forward = (batch: tf.Tensor[]): tf.Tensor => {
    const terms = vars.map((v, k) => {
      let h: tf.Tensor = tf.mul(v, batch[k]);
      for (const op of l.opsPerVariable[k]) h = tf[op.combine](tf[op.unary](h), batch[k]);
      return tf.reduceMean(tf.square(h));
    });
    return terms.reduce((a, b) => tf.add(a, b));
  };
  const step = (i: number): void => {
    // A fresh batch each step, made outside the tape, as a data pipeline would.
    const batch = l.shapes.map((s, k) => tf.random.normal(s, { seed: 1000 * k + (i % 7) }));
    const lossOf = (): tf.Tensor => (l.tidyForward ? tf.tidy(() => forward(batch)) : forward(batch));
    if (l.style === "minimize") {
      const loss = (optimizer ?? sgd).minimize(lossOf, vars);
      if (l.metric) mean.updateState(loss);
      if (l.readBack) loss.item();
      return;
    }
    const tape = new tf.GradientTape({ persistent: l.persistent });
    const loss = tape.record(lossOf);
    const grads = tape.gradient(loss, vars);
    const again = l.persistent ? tape.gradient(loss, vars[0]) : null;
    if (optimizer !== null) optimizer.applyGradients(tf.zip(grads, vars));
    else vars.forEach((v, k) => v.assignSub(tf.mul(grads[k]!, 0.01)));
    if (l.metric) mean.updateState(loss);
    if (l.readBack) {
      loss.item();
      tf.add(vars[0], 1).data();
    }
    if (l.style === "disposeAll") {
      for (const t of [loss, again, ...grads, ...batch]) t?.dispose();
    }
  };
  return l.style === "tidyStep" ? (i) => tf.tidy(() => step(i)) : step;
}

/** A Sequential of Dense layers on a fresh batch, in the loop's style, as examples/mnist trains one. */
function makeModelLoop(l: Loop): (i: number) => void {
  const width = l.shapes[0][0] + 1;
  const model = new tf.Sequential(l.opsPerVariable.map((_, k) => new tf.layers.Dense(width, { activation: k % 2 === 0 ? "relu" : "tanh" })));
  model.build([null, width]);
  const optimizer = l.update === "adam" ? new tf.optimizers.Adam({ learningRate: 0.01 }) : new tf.optimizers.SGD({ learningRate: 0.01 });
  const lossObject = tf.losses.meanSquaredError();
  const step = (i: number): void => {
    const x = tf.random.normal([4, width], { seed: i % 5 });
    const y = tf.random.normal([4, width], { seed: 100 + (i % 5) });
    const tape = new tf.GradientTape();
    const forward = (): tf.Tensor => lossObject(y, model.apply(x, { training: true }));
    const loss = tape.record(() => (l.tidyForward ? tf.tidy(forward) : forward()));
    const grads = tape.gradient(loss, model.trainableVariables);
    optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
    if (l.readBack) loss.item();
    if (l.style === "disposeAll") for (const t of [loss, x, y, ...grads]) t?.dispose();
  };
  return l.style === "tidyStep" ? (i) => tf.tidy(() => step(i)) : step;
}

describe("random training loops without dispose, tidy or keep", () => {
  it.each([
    ["of variables and ops", makeLoop],
    ["of a Sequential model", makeModelLoop],
  ] as const)(`%s keep a flat tensor count and heap top after ${WARMUP} steps`, (_, make) => {
    fc.assert(
      fc.property(loops, (l) => {
        const step = make(l);
        let count = 0;
        let top = 0;
        for (let i = 0; i < STEPS; i++) {
          step(i);
          const m = tf.memory();
          if (i === WARMUP) {
            count = m.numTensors;
            top = m.heapTopBytes;
          } else if (i > WARMUP) {
            if (m.numTensors !== count) throw new Error(`step ${i}: ${m.numTensors} live tensors, ${count} after step ${WARMUP}`);
            expect(m.heapTopBytes, `heap top at step ${i}`).toBe(top);
          }
        }
      }),
      { seed: 8700, numRuns: 60 },
    );
  });
});
