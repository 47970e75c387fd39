// Properties of the broadcasting binary ops (add sub mul div pow maximum minimum) against the float64
// references of test/reference/binary.ts, on random broadcast-compatible shape pairs (rank differences,
// size-1 stretching, 0-sized dims) and values mixing the specials.
// numRuns: forward 600 per op and dtype, 50 for int32 pow at the wrap-around; gradients 60 per op
// (float64, first and second order).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { type BinaryName, broadcastApply, floatOps, int32Ops } from "../reference/binary.js";
import { broadcasting, pow as refPow } from "../reference/grad.js";
import { checkGradients } from "../util/gradcheck.js";
import { ref, sizeOf } from "../util/reference.js";
import { broadcastShapes, type DType, INT32_MAX, INT32_MIN, smooth, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 600;
const GRAD_RUNS = 60;

type Fn = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const OPS: Record<BinaryName, Fn> = {
  add: tf.add,
  sub: tf.sub,
  mul: tf.mul,
  div: tf.div,
  pow: tf.pow,
  maximum: tf.maximum,
  minimum: tf.minimum,
};

/**
 * Error bound in ulps: + - * / are correctly rounded (the float64 reference of float32 operands, rounded
 * once more, is the correctly rounded float32 result); pow is Mathf.pow / Math.pow (musl, under an
 * ulp) against V8's Math.pow (under an ulp). maximum and minimum are exact.
 */
const ULPS: Record<BinaryName, number> = { add: 0.5, sub: 0.5, mul: 0.5, div: 0.5, pow: 2, maximum: 0, minimum: 0 };

/** int32 exponents: 0..31 (negative ones throw, as in TensorFlow), any base, wrapping. */
const intExponent = fc.oneof(fc.integer({ min: 0, max: 31 }), fc.constantFrom(0, 1, 2));

function pairs(op: BinaryName, dtype: DType) {
  return broadcastShapes(2).chain(([sa, sb]) =>
    fc.tuple(
      values(dtype, sizeOf(sa)),
      op === "pow" && dtype === "int32" ? fc.array(intExponent, { minLength: sizeOf(sb), maxLength: sizeOf(sb) }) : values(dtype, sizeOf(sb)),
    ).map(([a, b]) => ({ sa, a, sb, b })),
  );
}

describe("binary ops: forward against float64 references", () => {
  let seed = 3000;
  for (const op of Object.keys(OPS) as BinaryName[]) {
    for (const dtype of ["float32", "float64", "int32"] as const) {
      it(`${op} ${dtype}`, () => {
        fc.assert(
          fc.property(pairs(op, dtype), ({ sa, a, sb, b }) => {
            tf.tidy(() => {
              const f = dtype === "int32" ? int32Ops[op] : floatOps[op];
              const expected = broadcastApply(f, ref(sa, a), ref(sb, b));
              // int32 division is true division, in float64 (TensorFlow's truediv).
              const outDType = op === "div" && dtype === "int32" ? "float64" : dtype;
              const out = OPS[op](tf.tensor(a, sa, dtype), tf.tensor(b, sb, dtype));
              expectMatches(`${op} ${dtype}`, out, expected.shape, outDType, expected.values, { ulps: ULPS[op], signedZeros: true });
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }

  it("int32 pow: exponents and bases at the wrap-around", () => {
    const cases = fc.tuple(fc.constantFrom(INT32_MIN, INT32_MAX, -1, 2, 3, -2, 46341, 65536), intExponent);
    fc.assert(
      fc.property(cases, ([x, y]) => {
        tf.tidy(() => expectMatches("pow int32", tf.pow(tf.tensor([x], [1], "int32"), tf.tensor([y], [1], "int32")), [1], "int32", [int32Ops.pow(x, y)]));
      }),
      { seed: 3100, numRuns: 50 },
    );
  });
});

/** Gradient inputs per op: away from the kinks of maximum/minimum (a - b is never within 1/4 of 0), from 0 in div, and positive bases in pow. */
function gradInputs(op: BinaryName, sa: number[], sb: number[]): fc.Arbitrary<number[][]> {
  const na = sizeOf(sa);
  const nb = sizeOf(sb);
  const signed = (lo: number, hi: number, n: number) =>
    fc.tuple(smooth(n, lo, hi), fc.array(fc.boolean(), { minLength: n, maxLength: n })).map(([m, s]) => m.map((v, i) => (s[i] ? -v : v)));
  switch (op) {
    case "div":
      return fc.tuple(smooth(na, -3, 3), signed(0.5, 2, nb));
    case "pow":
      return fc.tuple(smooth(na, 0.5, 2), smooth(nb, -2, 2));
    case "maximum":
    case "minimum":
      return fc.tuple(
        fc.array(fc.integer({ min: -3, max: 3 }).map((k) => k + 0.25), { minLength: na, maxLength: na }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: nb, maxLength: nb }),
      );
    default:
      return fc.tuple(smooth(na, -3, 3), smooth(nb, -3, 3));
  }
}

describe("binary ops: gradients against central differences, with broadcasting", () => {
  let seed = 3500;
  for (const op of Object.keys(OPS) as BinaryName[]) {
    it(op, () => {
      const cases = broadcastShapes(2, 3, 8).chain(([sa, sb]) => gradInputs(op, sa, sb).map((xs) => ({ shapes: [sa, sb], xs })));
      fc.assert(
        fc.property(cases, ({ shapes, xs }) => {
          checkGradients({
            run: OPS[op],
            ref: broadcasting(op === "pow" ? refPow : floatOps[op]),
            shapes,
            values: xs,
            secondOrder: op === "maximum" || op === "minimum" || op === "add" || op === "sub" ? "zero" : "check",
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
