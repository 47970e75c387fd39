// Learning rate schedules against Keras 3's tests (keras/src/optimizers/schedules/
// learning_rate_schedule_test.py), with Keras's tolerance, and against float32 arithmetic exactly.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const { ExponentialDecay, CosineDecay, PiecewiseConstantDecay } = tf.optimizers.schedules;

/** Keras's assertAllClose(x, expected, 1e-6): |x - e| <= 1e-6 + 1e-6 * |e|. */
function expectKerasClose(actual: number, expected: number, tol = 1e-6): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol + tol * Math.abs(expected));
}

function npCosineDecay(step: number, decaySteps: number, alpha = 0): number {
  const s = Math.min(step, decaySteps);
  const decay = 0.5 * (1 + Math.cos((Math.PI * s) / decaySteps));
  return (1 - alpha) * decay + alpha;
}

function linearWarmup(step: number, warmupSteps: number, initial: number, target: number): number {
  return (step / warmupSteps) * (target - initial);
}

describe("ExponentialDecay", () => {
  it("test_continuous", () => {
    const decayed = new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96 });
    expectKerasClose(decayed.call(5), 0.05 * 0.96 ** (5 / 10));
  });

  it("test_staircase and test_variables", () => {
    const decayed = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
    expectKerasClose(decayed.call(1), 0.1);
    expectKerasClose(decayed.call(2), 0.1);
    expectKerasClose(decayed.call(100), 0.1 * 0.96 ** Math.floor(100 / 3));
  });

  it("computes in float32: f32(0.1) * f32(f32(0.96) ^ f32(7 / 3))", () => {
    const f = Math.fround;
    const decayed = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96 });
    expect(decayed.call(7)).toBe(f(f(0.1) * f(Math.pow(f(0.96), f(7 / 3)))));
  });

  it("getConfig", () => {
    const s = new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96, staircase: true, name: "my_ed" });
    expect(s.getConfig()).toEqual({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96, staircase: true, name: "my_ed" });
  });
});

describe("PiecewiseConstantDecay", () => {
  it("test_piecewise_values", () => {
    const decayed = new PiecewiseConstantDecay({ boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] });
    for (const [step, expected] of [
      [-999, 1.0],
      [100, 1.0],
      [105, 0.1],
      [110, 0.1],
      [120, 0.01],
      [999, 0.001],
    ]) {
      expectKerasClose(decayed.call(step), expected);
    }
  });

  it("test_boundary_values", () => {
    const decayed = new PiecewiseConstantDecay({ boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7] });
    [0.4, 0.4, 0.5, 0.6, 0.7].forEach((expected, step) => expectKerasClose(decayed.call(step), expected));
  });

  it("getConfig", () => {
    const s = new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 2, 3], name: "my_pcd" });
    expect(s.getConfig()).toEqual({ boundaries: [10, 20], values: [1, 2, 3], name: "my_pcd" });
  });
});

describe("CosineDecay", () => {
  it("test_decay", () => {
    for (let step = 0; step < 1500; step += 250) {
      const decayed = new CosineDecay({ initialLearningRate: 1, decaySteps: 1000 });
      expectKerasClose(decayed.call(step), npCosineDecay(step, 1000));
    }
  });

  it("test_alpha", () => {
    for (let step = 0; step < 1500; step += 250) {
      const decayed = new CosineDecay({ initialLearningRate: 1, decaySteps: 1000, alpha: 0.1 });
      expectKerasClose(decayed.call(step), npCosineDecay(step, 1000, 0.1));
    }
  });

  it("test_warmup", () => {
    for (let step = 0; step < 1500; step += 250) {
      const lr = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 10, warmupSteps: 1500 });
      expectKerasClose(lr.call(step), linearWarmup(step, 1500, 0, 10));
    }
  });

  it("test_warmup_decay", () => {
    for (let step = 0; step < 3000; step += 250) {
      const lr = new CosineDecay({ initialLearningRate: 0, decaySteps: 1000, warmupTarget: 10, warmupSteps: 2000 });
      const expected = step < 2001 ? linearWarmup(step, 2000, 0, 10) : 10 * npCosineDecay(step - 2000, 1000);
      expectKerasClose(lr.call(step), expected);
    }
  });

  it("getConfig", () => {
    const s = new CosineDecay({ initialLearningRate: 0.05, decaySteps: 10, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2, name: "my_cd" });
    expect(s.getConfig()).toEqual({ initialLearningRate: 0.05, decaySteps: 10, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2, name: "my_cd" });
  });
});

describe("schedules as an optimizer's learning rate", () => {
  it("the optimizer's learningRate is the schedule at its step; it cannot be set, and no learning_rate variable exists", () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [1], values: [0.5, 0.25] });
    const opt = new tf.optimizers.SGD({ learningRate: schedule });
    expect(opt.variables().map((v) => v.name)).toEqual(["iteration"]);
    const w = new tf.Variable([1, 1]);
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      rates.push(opt.learningRate);
      opt.applyGradients([[tf.ones([2]), w]]);
    }
    expect(rates).toEqual([0.5, 0.5, 0.25]);
    expect(w.array()).toEqual([-0.25, -0.25]);
    expect(() => {
      opt.learningRate = 0.1;
    }).toThrow(/created with a LearningRateSchedule .* hence its learning rate is not settable/);
  });

  it("a user schedule: a subclass of LearningRateSchedule", () => {
    class Halving extends tf.optimizers.schedules.LearningRateSchedule {
      call(step: number): number {
        return 1 / 2 ** (step + 1);
      }
      getConfig(): Record<string, unknown> {
        return {};
      }
    }
    const opt = new tf.optimizers.SGD({ learningRate: new Halving() });
    const w = new tf.Variable(0);
    for (let i = 0; i < 3; i++) opt.applyGradients([[tf.constant(-1), w]]);
    expect(w.item()).toBe(0.875);
  });
});

describe("schedule errors", () => {
  it("decaySteps must be > 0, options are checked by name and type", () => {
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 })).toThrow(
      /ExponentialDecay: Argument decaySteps must be > 0\. Received: decaySteps=0/,
    );
    expect(() => new CosineDecay({ initialLearningRate: 0.1, decaySteps: -1 })).toThrow(/CosineDecay: Argument decaySteps must be > 0/);
    expect(() => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decay_rate: 0.9 } as never)).toThrow(
      /ExponentialDecay: Argument\(s\) not recognized: decay_rate; the options are initialLearningRate, decaySteps, decayRate/,
    );
    expect(() => new ExponentialDecay({ initialLearningRate: "0.1", decaySteps: 3, decayRate: 0.9 } as never)).toThrow(
      /initialLearningRate must be a number, got the string "0.1"/,
    );
  });

  it("PiecewiseConstantDecay: one more value than boundaries", () => {
    expect(() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      /The length of boundaries should be 1 less than the length of values\. Received: boundaries=\[1, 2\] of length 2, and values=\[1, 2\] of length 2/,
    );
  });
});
