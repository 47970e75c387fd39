// Random tape programs (./tape-program.ts) against the independent reverse mode of
// ./tape-reference.ts. Every gradient and which sources are connected (null, or zeros with
// unconnectedGradients "zero") must agree: within 1e-9 of the largest gradient element for float64
// programs, 1e-4 for float32 and mixed float32/float64 ones (a third of the programs; where a
// maximum's sides come within 1e-3, float32 may break the tie the other way, and only connectivity
// is compared). A persistent
// tape answers a second call, a non-persistent one throws. A quarter of the programs (float64) also
// run inside an outer persistent tape, which differentiates a weighted sum of the inner gradients:
// that must agree with central differences of the reference within 1e-5 (skipped where a maximum's
// two sides come within 1e-4, where the derivative jumps).
// fast-check seed 61, 5000 programs of up to 10 steps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { type Program, program, referenceGradients, referenceSecondOrder, resolve, type Step, sourceData, sourceDType } from "./tape-program.js";
import { applyOp, expectGradient, type Operand } from "./tape-ops.js";
import type * as R from "./tape-reference.js";

const SEED = 61;
const PROGRAMS = 5000;
const TOLERANCE = 1e-9;
const SECOND_ORDER_TOLERANCE = 1e-5;
const SMALLEST_MARGIN = 1e-4;
const FLOAT32_TOLERANCE = 1e-4;
const SMALLEST_FLOAT32_MARGIN = 1e-3;

/** Runs the steps on `tape`, as the reference replays them; returns every slot's tensor. */
function record(p: Program, tape: tf.GradientTape, steps: readonly Step[], sources: Operand[]): Operand[] {
  const slots = [...sources];
  tape.record(() => {
    p.watch.forEach((w, s) => w && tape.watch(sources[s]));
    for (const step of steps) {
      if (step.kind === "reset") tape.reset();
      else if (step.kind === "watch") tape.watch(sources[step.source]);
      else if (step.kind === "assign") {
        const value = tf.tensor(sourceData(p, step.source, step.values), p.shapes[step.source], sourceDType(p, step.source));
        (sources[step.source] as tf.Variable).assign(value);
      } else {
        const apply = (): tf.Tensor => applyOp(step, slots);
        slots.push(step.stopped ? tape.stopRecording(apply) : apply());
      }
    }
  });
  return slots;
}

/** What a program's run left unchecked: values at a float32 near-tie, second order at a kink. */
interface Unchecked {
  float32Tie: boolean;
  skipped: boolean;
}

/** Checks one program. */
function run(p: Program): Unchecked {
  return tf.tidy(() => {
    const { steps, targets } = resolve(p);
    const sources: Operand[] = p.shapes.map((shape, s) => {
      const value = tf.tensor(sourceData(p, s), shape, sourceDType(p, s));
      return s < 3 ? new tf.Variable(value, { trainable: s < 2 }) : value;
    });
    const initial = p.shapes.map((_, s) => sourceData(p, s));
    const unconnectedGradients = p.zeroUnconnected ? "zero" : "none";
    const tape = new tf.GradientTape({ persistent: p.persistent, watchAccessedVariables: p.watchAccessedVariables });
    const firstOrder = (): { slots: Operand[]; got: (tf.Tensor | null)[] } => {
      const slots = record(p, tape, steps, sources);
      return { slots, got: tape.gradient(targets.map((t) => slots[t]), sources, { unconnectedGradients }) };
    };
    const outer = p.nested ? new tf.GradientTape({ persistent: true }) : null;
    let outerTarget: tf.Tensor | null = null;
    const { slots, got } =
      outer === null
        ? firstOrder()
        : outer.record(() => {
            outer.watch(sources);
            const result = firstOrder();
            result.got.forEach((g, s) => {
              if (g === null) return;
              const term = tf.reduceSum(tf.mul(g, tf.tensor(p.weights[s].slice(0, g.size), g.shape, "float64")));
              outerTarget = outerTarget === null ? term : tf.add(outerTarget, term);
            });
            return result;
          });

    const reference = referenceGradients(p, steps, targets, initial);
    // In float32 a maximum whose sides nearly tie may pick the other side than the float64 reference:
    // then only which sources are connected is compared.
    const float32Tie = p.dtype !== "float64" && reference.margin < SMALLEST_FLOAT32_MARGIN;
    const tolerance = float32Tie ? Infinity : p.dtype !== "float64" ? FLOAT32_TOLERANCE : TOLERANCE;
    const compare = (got: (tf.Tensor | null)[], want: (R.Value | null)[], unconnected: "none" | "zero"): void => {
      p.shapes.forEach((shape, s) => {
        const zero = { shape, data: new Float64Array(shape[0] * shape[1]) };
        expectGradient(`source ${s}`, got[s], (want[s] ?? (unconnected === "zero" ? zero : null))?.data ?? null, shape, tolerance);
      });
    };
    compare(got, reference.gradients, unconnectedGradients);
    const last = targets[0];
    if (p.persistent) {
      compare(tape.gradient(slots[last], sources), referenceGradients(p, steps, [last], initial).gradients, "none");
    } else expect(() => tape.gradient(slots[last], sources[0])).toThrow(/non-persistent GradientTape can only be used to compute one set of gradients/);

    if (outer === null || outerTarget === null) return { float32Tie, skipped: false };
    const want = referenceSecondOrder(p, steps, targets);
    if (want.margin < SMALLEST_MARGIN) return { float32Tie, skipped: true };
    const second = outer.gradient(outerTarget, sources);
    p.shapes.forEach((shape, s) => {
      const g = second[s] ?? tf.zeros(shape, "float64");
      expectGradient(`second order, source ${s}`, g, want.gradients[s], shape, SECOND_ORDER_TOLERANCE);
    });
    return { float32Tie, skipped: false };
  });
}

describe("tape programs against an independent reverse mode", () => {
  it(`${PROGRAMS} random programs give the reference's gradients, and nested ones its second order`, () => {
    let nested = 0;
    let skipped = 0;
    let float32 = 0;
    let float32Ties = 0;
    fc.assert(
      fc.property(program, (p) => {
        if (p.nested) nested++;
        if (p.dtype !== "float64") float32++;
        const unchecked = run(p);
        if (unchecked.skipped) skipped++;
        if (unchecked.float32Tie) float32Ties++;
      }),
      { seed: SEED, numRuns: PROGRAMS },
    );
    // The value checks must run on most programs of each kind for them to mean anything.
    expect(nested).toBeGreaterThan(PROGRAMS / 5);
    expect(skipped).toBeLessThan(nested / 10);
    expect(float32).toBeGreaterThan(PROGRAMS / 5);
    expect(float32Ties).toBeLessThan(float32 / 10);
  });

  it("the comparison rejects a wrong gradient, a missing one and an extra one", () => {
    const want: R.Value = { shape: [1, 2], data: Float64Array.from([1, 2]) };
    const wrong = tf.tensor([1, 2 + 1e-6], [1, 2], "float64");
    const right = tf.tensor([1, 2], [1, 2], "float64");
    expect(() => expectGradient("x", wrong, want.data, [1, 2], TOLERANCE)).toThrow(/element 1 is/);
    expect(() => expectGradient("x", null, want.data, [1, 2], TOLERANCE)).toThrow(/expected a gradient, got null/);
    expect(() => expectGradient("x", right, null, [1, 2], TOLERANCE)).toThrow(/expected null/);
    expect(() => expectGradient("x", right, want.data, [1, 2], TOLERANCE)).not.toThrow();
  });
});
