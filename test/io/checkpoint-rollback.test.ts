// decodeCheckpoint loses nothing when an object's own setWeights throws after earlier objects were set.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectEngineHealthy } from "../hostile/engine-health.js";

/** A Checkpointable of one variable whose setWeights can be made to throw. */
class Holder implements tf.io.Checkpointable {
  failing = false;
  constructor(readonly variable: tf.Variable) {}

  getWeights(): tf.Tensor[] {
    return [this.variable.value()];
  }

  setWeights(weights: tf.TensorInput[]): void {
    if (this.failing) throw new Error("Holder.setWeights: refused");
    this.variable.assign(weights[0]);
  }
}

describe("regressions: checkpoints", () => {
  it("a later object's failing setWeights gives earlier objects their previous weights back", () => {
    const first = new Holder(new tf.Variable(tf.tensor([1, 2])));
    const second = new Holder(new tf.Variable(tf.tensor([3])));
    const file = tf.io.encodeCheckpoint({ first: new Holder(new tf.Variable(tf.tensor([9, 9]))), second: new Holder(new tf.Variable(tf.tensor([9]))) });
    second.failing = true;
    const before = tf.memory().numTensors;
    expect(() => tf.io.decodeCheckpoint(file, { first, second })).toThrow(/Holder\.setWeights: refused/);
    expect(Array.from(first.variable.tensor.data())).toEqual([1, 2]);
    expect(Array.from(second.variable.tensor.data())).toEqual([3]);
    expect(tf.memory().numTensors).toBe(before);
    expectEngineHealthy();
  });
});
