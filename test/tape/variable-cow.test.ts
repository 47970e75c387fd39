// A tape keeps the values a variable had when the tape read it, even if the variable is assigned
// before the gradient is taken, as TensorFlow's reads do.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

describe("assigning a variable a tape still holds", () => {
  it("the gradient uses the values the tape read (TensorFlow gives 6, not 10)", () => {
    const v = new tf.Variable(3);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => tf.mul(v, v));
    v.assign(5);
    expect(tape.gradient(y, v)!.item()).toBe(6);
    expect(v.item()).toBe(5);
  });

  it("reads before and after an assign inside one recording both count", () => {
    const v = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const first = tf.mul(v, v); // 2v at v = 2: 4
      v.assign(3);
      return tf.add(first, tf.mul(v, 10)); // 10
    });
    expect(tape.gradient(y, v)!.item()).toBe(14);
  });

  it("a training loop assigns in place once the tape is done (no copy)", () => {
    const v = new tf.Variable(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(v, v));
    tape.gradient(y, v);
    const before = (v as unknown as { tensor: tf.Tensor }).tensor;
    v.assignSub(0.5);
    expect((v as unknown as { tensor: tf.Tensor }).tensor).toBe(before);
    expect(v.item()).toBe(0.5);
  });
});
