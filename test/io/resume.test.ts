// Resuming from a checkpoint continues training exactly as if it had not stopped: the model's
// weights and the optimizer's state (iterations and slots) come back bit for bit.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { type TrainingRun, trainingRun } from "./training-run.js";

const totalSteps = 12;

describe("checkpoint resumption", () => {
  const optimizers: [string, () => tf.optimizers.Optimizer][] = [
    ["Adam", () => new tf.optimizers.Adam({ learningRate: 0.01 })],
    ["AdamW amsgrad", () => new tf.optimizers.AdamW({ learningRate: 0.01, amsgrad: true })],
    ["SGD nesterov", () => new tf.optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
    ["RMSprop centered", () => new tf.optimizers.RMSprop({ learningRate: 0.01, centered: true, momentum: 0.5 })],
    ["Adagrad", () => new tf.optimizers.Adagrad({ learningRate: 0.05 })],
    [
      "Adam with a schedule",
      () =>
        new tf.optimizers.Adam({
          learningRate: new tf.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.02, decaySteps: 3, decayRate: 0.5 }),
        }),
    ],
  ];

  for (const [name, makeOptimizer] of optimizers) {
    for (const stopAt of [1, 5]) {
      it(`${name}: stopping after ${stopAt} steps and resuming gives the weights of an uninterrupted run`, () => {
        const straight = trainingRun(makeOptimizer(), 1);
        straight.train(totalSteps);

        const first = trainingRun(makeOptimizer(), 1);
        first.train(stopAt);
        const bytes = tf.io.encodeCheckpoint({ model: first.model, optimizer: first.optimizer }, { step: String(stopAt) });

        // A fresh process would build everything anew: other initial weights, an optimizer with no state.
        const resumed = trainingRun(makeOptimizer(), 99);
        resumed.model.build([null, 4]);
        expect(tf.io.decodeCheckpoint(bytes, { model: resumed.model, optimizer: resumed.optimizer })).toEqual({ step: String(stopAt) });
        resumed.train(totalSteps - stopAt);

        expectSameState(resumed, straight);
      });
    }
  }
});

describe("a checkpoint saved with another optimizer", () => {
  const saveAdam = (): Uint8Array => {
    const saved = trainingRun(new tf.optimizers.Adam(), 1);
    saved.train(2);
    return tf.io.encodeCheckpoint({ model: saved.model, optimizer: saved.optimizer });
  };
  const weightsOf = (run: TrainingRun) => run.model.getWeights().map((w) => Array.from(w.data()));

  it("into a built optimizer: decodeCheckpoint throws and changes nothing", () => {
    const fresh = trainingRun(new tf.optimizers.SGD({ momentum: 0.9 }), 5);
    fresh.model.build([null, 4]);
    fresh.optimizer.build(fresh.model.trainableVariables);
    const before = weightsOf(fresh);
    expect(() => tf.io.decodeCheckpoint(saveAdam(), { model: fresh.model, optimizer: fresh.optimizer })).toThrow(
      /decodeCheckpoint: the checkpoint holds 10 weights for this SGD, which has 6 \(iteration, learning_rate, /,
    );
    expect(weightsOf(fresh)).toEqual(before);
    fresh.train(1);
    const untouched = trainingRun(new tf.optimizers.SGD({ momentum: 0.9 }), 5);
    untouched.train(1);
    expect(weightsOf(fresh)).toEqual(weightsOf(untouched));
  });

  it("into an optimizer before its first step: the first step throws, naming the mismatch", () => {
    const fresh = trainingRun(new tf.optimizers.SGD({ momentum: 0.9 }), 5);
    fresh.model.build([null, 4]);
    tf.io.decodeCheckpoint(saveAdam(), { model: fresh.model, optimizer: fresh.optimizer });
    expect(() => fresh.train(1)).toThrow(/SGD.*setWeights was given 10 weights before the first step/);
  });
});

function expectSameState(actual: TrainingRun, expected: TrainingRun): void {
  const a = actual.model.getWeights();
  const e = expected.model.getWeights();
  expect(a.length).toBe(e.length);
  a.forEach((w, i) => expect(Array.from(w.data())).toEqual(Array.from(e[i].data())));
  const sa = actual.optimizer.getWeights();
  const se = expected.optimizer.getWeights();
  expect(sa.length).toBe(se.length);
  sa.forEach((w, i) => expect(Array.from(w.data())).toEqual(Array.from(se[i].data())));
}
