// Jacobians and forward-mode JVPs of random programs (./tape-program.ts, float64, every source
// watched, no stopRecording, reset, watch or assign part-way) against the independent reverse mode of
// ./tape-reference.ts: tape.jacobian (persistent tapes take the loop over target elements or the one
// over source elements, whichever is shorter; non-persistent ones the latter) must equal the
// reference's gradient of each target element, and ForwardAccumulator's JVP for random tangents the
// reference Jacobian times them, within 1e-9 of the largest element. Unconnected sources give null.
// fast-check seed 62, 1500 programs of up to 10 steps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { type Program, program, referenceGradients, resolve, SOURCES, sourceData } from "./tape-program.js";
import { applyOp, expectGradient, type Operand } from "./tape-ops.js";
import type * as R from "./tape-reference.js";

const SEED = 62;
const PROGRAMS = 1500;
const TOLERANCE = 1e-9;

/** Only ops, every source watched: what jacobian and jvp differentiate. */
const opsOnly: fc.Arbitrary<Program> = program.map((p) => ({
  ...p,
  dtype: "float64",
  nested: false,
  watch: p.watch.map(() => true),
  resetBefore: null,
  drawn: p.drawn.filter((d) => d.name !== "watch" && d.name !== "assign").map((d) => ({ ...d, stopped: false })),
}));

/** The program's ops on `sources`; returns every slot. */
function runOps(p: Program, sources: Operand[]): Operand[] {
  const slots = [...sources];
  for (const step of resolve(p).steps) {
    if (step.kind === "binary" || step.kind === "cast" || step.kind === "unary") slots.push(applyOp(step, slots));
  }
  return slots;
}

function run(p: Program): void {
  tf.tidy(() => {
    const { steps, shapes, targets } = resolve(p);
    const target = targets[0];
    const rows = shapes[target][0] * shapes[target][1];
    const initial = p.shapes.map((_, s) => sourceData(p, s));
    // Row k of each source's reference Jacobian: the gradient of target element k.
    const perRow = Array.from({ length: rows }, (_, k) => {
      const seed: R.Value = { shape: shapes[target], data: Float64Array.from({ length: rows }, (_, j) => (j === k ? 1 : 0)) };
      return referenceGradients(p, steps, [target], initial, [seed]).gradients;
    });
    const jacobians = p.shapes.map((shape, s) => {
      if (perRow[0][s] === null) return null;
      const cols = shape[0] * shape[1];
      const out = new Float64Array(rows * cols);
      perRow.forEach((g, k) => out.set(g[s]!.data, k * cols));
      return out;
    });
    const sources = (): Operand[] =>
      p.shapes.map((shape, s) => {
        const value = tf.tensor(initial[s], shape, "float64");
        return s < 3 ? new tf.Variable(value, { trainable: s < 2 }) : value;
      });

    const xs = sources();
    const tape = new tf.GradientTape({ persistent: p.persistent });
    const slots = tape.record(() => {
      tape.watch(xs);
      return runOps(p, xs);
    });
    const got = tape.jacobian(slots[target], xs);
    p.shapes.forEach((shape, s) => expectGradient(`jacobian, source ${s}`, got[s], jacobians[s], [...shapes[target], ...shape], TOLERANCE));

    const primals = sources();
    const tangents = p.shapes.map((shape, s) => tf.tensor(p.weights[s].slice(0, shape[0] * shape[1]), shape, "float64"));
    const acc = new tf.ForwardAccumulator(primals, tangents);
    const y = acc.record(() => runOps(p, primals)[target]);
    const connected = jacobians.some((j) => j !== null);
    const want = new Float64Array(rows);
    jacobians.forEach((j, s) => {
      if (j === null) return;
      const cols = j.length / rows;
      for (let k = 0; k < rows; k++) for (let c = 0; c < cols; c++) want[k] += j[k * cols + c] * p.weights[s][c];
    });
    expectGradient("jvp", acc.jvp(y), connected ? want : null, shapes[target], TOLERANCE);
  });
}

describe("jacobians and JVPs of random programs against an independent reverse mode", () => {
  it(`${PROGRAMS} programs: tape.jacobian and ForwardAccumulator.jvp`, () => {
    expect(SOURCES).toBe(4);
    fc.assert(fc.property(opsOnly, run), { seed: SEED, numRuns: PROGRAMS });
  });
});
