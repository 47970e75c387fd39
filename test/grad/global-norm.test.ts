// clipByGlobalNorm is differentiable, as in TensorFlow: first and second order against central
// differences of a float64 reference.
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { checkGradients } from "../util/gradcheck.js";

/** The clipped tensors, flattened and joined, for a global clip norm c. */
function refClip(xs: number[][], c: number): number[] {
  const norm = Math.sqrt(xs.flat().reduce((s, v) => s + v * v, 0));
  const scale = c / Math.max(norm, c);
  return xs.flat().map((v) => v * scale);
}

function joined(clipped: (tf.Tensor | null)[]): tf.Tensor {
  return tf.concat(clipped.map((t) => tf.reshape(t!, [-1])), 0);
}

describe("clipByGlobalNorm gradients", () => {
  const shapes = [[2, 3], [4]];
  it("above the clip norm (every input scaled by c / G)", () => {
    checkGradients({ run: (a, b) => joined(tf.clipByGlobalNorm([a, b], 1.5)[0]), ref: (xs) => refClip(xs, 1.5), shapes, domain: [-2, 2] });
  });
  it("below the clip norm (identity)", () => {
    checkGradients({ run: (a, b) => joined(tf.clipByGlobalNorm([a, b], 100)[0]), ref: (xs) => refClip(xs, 100), shapes, domain: [-2, 2] });
  });
  it("with a given useNorm, a constant scale", () => {
    checkGradients({
      run: (a, b) => joined(tf.clipByGlobalNorm([a, b], 1, 4)[0]),
      ref: (xs) => xs.flat().map((v) => v / 4),
      shapes,
      secondOrder: "zero",
    });
  });
});
