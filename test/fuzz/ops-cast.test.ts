// Properties of cast between every pair of dtypes against TensorFlow's conversions (castValue of
// test/reference/binary.ts): float to int32 truncates toward zero and saturates, NaN gives 0, -0 gives
// 0; anything to bool is x != 0 (NaN is true); float64 to float32 rounds to nearest, overflowing to
// ±Infinity and keeping -0, NaN and subnormals that float32 can hold.
// numRuns: forward 400 per dtype pair; gradient 60 (float32 to float64 and back, first order).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { castValue } from "../reference/binary.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { array, type DType, shape, smooth } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 400;
const GRAD_RUNS = 60;
const DTYPES: DType[] = ["float32", "float64", "int32", "bool"];

describe("cast: every dtype pair against TensorFlow's conversions", () => {
  let seed = 9000;
  for (const from of DTYPES) {
    for (const to of DTYPES) {
      it(`${from} -> ${to}`, () => {
        // Ordinary values up to 3e9, beyond int32's range.
        fc.assert(
          fc.property(array(from, shape(0, 4, 48), [-3e9, 3e9]), ({ shape: s, values }) => {
            tf.tidy(() => {
              expectMatches(`cast ${from} -> ${to}`, tf.cast(tf.tensor(values, s, from), to), s, to, values.map((v) => castValue(v, to)), { ulps: 0, signedZeros: true });
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

describe("cast: gradients", () => {
  it("float32 -> float64 -> float32 passes the gradient through, in the input's dtype", () => {
    const cases = shape(0, 3, 8).chain((s) => smooth(sizeOf(s), -3, 3).map((values) => ({ s, values })));
    fc.assert(
      fc.property(cases, ({ s, values }) => {
        checkGradients({
          run: (x) => tf.mul(tf.cast(tf.mul(tf.cast(x, "float64"), 3), "float32"), 2),
          // The function the casts round: 6x (its float32 rounding would make the differences noise).
          ref: ([x]) => x.map((v) => v * 6),
          shapes: [s],
          values: [values],
          dtype: "float32",
        });
      }),
      { seed: 9500, numRuns: GRAD_RUNS },
    );
  });
});
