// Properties of softmax and logSoftmax against the float64 reference of test/reference/reduce.ts, along
// a random axis (negative too) of random shapes, with values mixing the specials: a row holding NaN or
// +Infinity is NaN throughout (x - max is NaN there), a row of -Infinity likewise, as in TensorFlow.
// numRuns: forward 500 per op and dtype; gradients 80 per op (float64, first and second order).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { softmaxRef } from "../reference/reduce.js";
import { checkGradients } from "../util/gradcheck.js";
import { sizeOf } from "../util/reference.js";
import { array, axis, shape, smooth } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 500;
const GRAD_RUNS = 80;
const EPS: Record<string, number> = { float32: 2 ** -24, float64: 2 ** -53 };

/** Per element, the largest finite |x_j - max| of its row: rounding x - max errs by eps times that. */
function spread(values: number[], s: number[], ax: number): number[] {
  const length = s[ax];
  const inner = sizeOf(s.slice(ax + 1));
  const out = new Array<number>(values.length).fill(0);
  for (let o = 0; o < sizeOf(s.slice(0, ax)); o++) {
    for (let j = 0; j < inner; j++) {
      const at = (k: number) => (o * length + k) * inner + j;
      let max = -Infinity;
      for (let k = 0; k < length; k++) max = Math.max(max, values[at(k)]);
      let r = 0;
      for (let k = 0; k < length; k++) {
        const d = Math.abs(values[at(k)] - max);
        if (Number.isFinite(d)) r = Math.max(r, d);
      }
      for (let k = 0; k < length; k++) out[at(k)] = r;
    }
  }
  return out;
}

const OPS = [
  { name: "softmax", op: tf.softmax, log: false },
  { name: "logSoftmax", op: tf.logSoftmax, log: true },
] as const;

describe("softmax and logSoftmax: forward against the float64 reference", () => {
  let seed = 8000;
  for (const { name, op, log } of OPS) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${name} ${dtype}`, () => {
        const cases = array(dtype, shape(1, 4, 48), [-30, 30]).chain((x) => axis(x.shape.length).map((a) => ({ x, a })));
        fc.assert(
          fc.property(cases, ({ x, a }) => {
            tf.tidy(() => {
              const ax = a < 0 ? a + x.shape.length : a;
              const expected = softmaxRef(log, x.values, x.shape, ax);
              const r = spread(x.values, x.shape, ax);
              const eps = EPS[dtype];
              // softmax: p (1 + 2 eps R) from the shift, a few eps from exp and the sum (relative);
              // logSoftmax: 2 eps R from the shift and the log of the sum, absolute.
              const bound = log
                ? (i: number) => eps * (16 + 4 * r[i] + 4 * Math.abs(expected[i]))
                : (i: number) => (expected[i] === 0 ? 0 : eps * (16 + 4 * r[i]) * Math.abs(expected[i]));
              expectMatches(`${name} ${dtype}`, op(tf.tensor(x.values, x.shape, dtype), a), x.shape, dtype, expected, { ulps: 1, abs: bound });
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }
});

describe("softmax and logSoftmax: gradients against central differences", () => {
  let seed = 8500;
  for (const { name, op, log } of OPS) {
    it(name, () => {
      const cases = shape(1, 3, 8).chain((s) => fc.tuple(smooth(sizeOf(s), -3, 3), axis(s.length)).map(([values, a]) => ({ s, values, a })));
      fc.assert(
        fc.property(cases, ({ s, values, a }) => {
          checkGradients({
            run: (x) => op(x, a),
            ref: ([x]) => softmaxRef(log, x, s, a < 0 ? a + s.length : a),
            shapes: [s],
            values: [values],
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
