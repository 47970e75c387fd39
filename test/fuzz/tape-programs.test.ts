// Random tape programs against the independent reverse mode of ./tape-reference.ts. A program has
// four sources (two trainable variables, a non-trainable variable, a constant) of random rank-2
// shapes with 1-sized dims, explicit watches, watchAccessedVariables on or off, a random sequence of
// broadcasting binary ops, matmul, unary ops and reductions, some of them inside stopRecording, an
// optional reset() part-way, and one or two targets. Every gradient and which sources are connected
// (null, or zeros with unconnectedGradients "zero") must agree, within 1e-9 of the largest gradient
// element; a persistent tape answers a second call, a non-persistent one throws.
// fast-check seed 61, 5000 programs of up to 10 ops.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as R from "./tape-reference.js";

const SEED = 61;
const PROGRAMS = 5000;
const TOLERANCE = 1e-9;
const SOURCES = 4; // v0, v1: trainable; v2: not trainable; c: a constant

const UNARY: R.UnaryName[] = ["neg", "tanh", "sigmoid", "sin", "sum0", "sum1"];
const BINARY: R.BinaryName[] = ["add", "sub", "mul", "maximum", "matmul"];

interface Step {
  name: R.UnaryName | R.BinaryName;
  a: number;
  b: number;
  stopped: boolean;
}

interface Program {
  shapes: R.Shape[];
  values: number[][];
  watch: boolean[];
  watchAccessedVariables: boolean;
  persistent: boolean;
  steps: Step[];
  resetBefore: number | null;
  secondTarget: number | null;
  zeroUnconnected: boolean;
}

const dim = fc.constantFrom(1, 1, 2, 3);
const program: fc.Arbitrary<Program> = fc.record({
  shapes: fc.array(fc.tuple(dim, dim), { minLength: SOURCES, maxLength: SOURCES }),
  values: fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 9, maxLength: 9 }), {
    minLength: SOURCES,
    maxLength: SOURCES,
  }),
  watch: fc.array(fc.boolean(), { minLength: SOURCES, maxLength: SOURCES }),
  watchAccessedVariables: fc.boolean(),
  persistent: fc.boolean(),
  steps: fc.array(
    fc.record({
      name: fc.constantFrom<R.UnaryName | R.BinaryName>(...UNARY, ...BINARY, ...BINARY),
      a: fc.nat(),
      b: fc.nat(),
      stopped: fc.integer({ min: 0, max: 5 }).map((k) => k === 0),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  resetBefore: fc.option(fc.nat(9), { freq: 4 }),
  secondTarget: fc.option(fc.nat(), { freq: 2 }),
  zeroUnconnected: fc.boolean(),
});

/** One value of the program in both worlds. */
interface Slot {
  t: tf.Tensor | tf.Variable;
  node: R.Node;
  /** The source this slot is, or -1 for an op's output. */
  source: number;
}

/** Throws unless `got` is `want` within the tolerance, naming the source. */
function expectGradient(label: string, got: tf.Tensor | null, want: R.Value | null, shape: R.Shape): void {
  if (want === null) {
    if (got !== null) throw new Error(`${label}: expected null (unconnected), got a gradient`);
    return;
  }
  if (got === null) throw new Error(`${label}: expected a gradient, got null`);
  expect(got.shape, label).toEqual(shape);
  const data = got.data();
  const scale = Math.max(1, ...Array.from(want.data, Math.abs));
  for (let i = 0; i < want.data.length; i++) {
    if (!(Math.abs(data[i] - want.data[i]) <= TOLERANCE * scale)) {
      throw new Error(`${label}: element ${i} is ${data[i]}, the reference gives ${want.data[i]}`);
    }
  }
}

function run(p: Program): void {
  tf.tidy(() => {
    const sources: Slot[] = p.shapes.map((shape, s) => {
      const value = tf.tensor(p.values[s].slice(0, shape[0] * shape[1]), shape, "float64");
      const t = s < 3 ? new tf.Variable(value, { trainable: s < 2 }) : value;
      const data = Float64Array.from(p.values[s].slice(0, shape[0] * shape[1]));
      return { t, node: { value: { shape, data }, leaf: -1, edges: [] }, source: s };
    });
    const tape = new tf.GradientTape({ persistent: p.persistent, watchAccessedVariables: p.watchAccessedVariables });
    const watched = new Set<number>();
    const pool: Slot[] = [...sources];
    /** The reference node a use of `slot` contributes: the source itself only while it is watched. */
    const use = (slot: Slot, recording: boolean): R.Node => {
      if (slot.source < 0) return slot.node;
      if (recording && p.watchAccessedVariables && slot.source < 2) watched.add(slot.source);
      return recording && watched.has(slot.source) ? { ...slot.node, leaf: slot.source } : slot.node;
    };
    tape.record(() => {
      p.watch.forEach((w, s) => {
        if (w) {
          tape.watch(sources[s].t);
          watched.add(s);
        }
      });
      p.steps.forEach((step, k) => {
        if (p.resetBefore === k) {
          tape.reset();
          watched.clear();
          for (const slot of pool) if (slot.source < 0) slot.node = R.detached(slot.node);
        }
        const a = pool[step.a % pool.length];
        const apply = (): Slot => {
          if ((UNARY as string[]).includes(step.name)) {
            const name = step.name as R.UnaryName;
            const node = R.unary(name, use(a, !step.stopped));
            const t = name === "sum0" ? tf.reduceSum(a.t, 0, true) : name === "sum1" ? tf.reduceSum(a.t, 1, true) : tf[name](a.t);
            return { t, node, source: -1 };
          }
          const name = step.name as R.BinaryName;
          const fits = (b: Slot): boolean =>
            name === "matmul" ? b.node.value.shape[0] === a.node.value.shape[1] : R.broadcastShape(a.node.value.shape, b.node.value.shape) !== null && (name !== "maximum" || b !== a);
          const candidates = pool.filter(fits);
          if (candidates.length === 0) return { t: tf.tanh(a.t), node: R.unary("tanh", use(a, !step.stopped)), source: -1 };
          const b = candidates[step.b % candidates.length];
          const node = R.binary(name, use(a, !step.stopped), use(b, !step.stopped));
          return { t: tf[name](a.t, b.t), node, source: -1 };
        };
        const out = step.stopped ? tape.stopRecording(apply) : apply();
        if (step.stopped) out.node = R.detached(out.node);
        pool.push(out);
      });
    });
    const last = pool[pool.length - 1];
    const targets = p.secondTarget === null ? [last] : [last, pool[SOURCES + (p.secondTarget % (pool.length - SOURCES))]];
    const unconnectedGradients = p.zeroUnconnected ? "zero" : "none";
    const check = (ts: Slot[], options: { unconnectedGradients: "none" | "zero" }): void => {
      const got = tape.gradient(ts.map((s) => s.t), sources.map((s) => s.t), options);
      const want = R.gradients(ts.map((s) => s.node), SOURCES);
      sources.forEach((s, i) => {
        const zero = { shape: s.node.value.shape, data: new Float64Array(s.node.value.data.length) };
        const expected = want[i] ?? (options.unconnectedGradients === "zero" ? zero : null);
        expectGradient(`source ${i}`, got[i], expected, s.node.value.shape);
      });
    };
    check(targets, { unconnectedGradients });
    if (p.persistent) check([last], { unconnectedGradients: "none" });
    else expect(() => tape.gradient(last.t, sources[0].t)).toThrow(/non-persistent GradientTape can only be used to compute one set of gradients/);
  });
}

describe("tape programs against an independent reverse mode", () => {
  it(`${PROGRAMS} random programs give the reference's gradients`, () => {
    fc.assert(fc.property(program, run), { seed: SEED, numRuns: PROGRAMS });
  });

  it("the comparison rejects a wrong gradient, a missing one and an extra one", () => {
    const want: R.Value = { shape: [1, 2], data: Float64Array.from([1, 2]) };
    const wrong = tf.tensor([1, 2 + 1e-6], [1, 2], "float64");
    const right = tf.tensor([1, 2], [1, 2], "float64");
    expect(() => expectGradient("x", wrong, want, [1, 2])).toThrow(/element 1 is/);
    expect(() => expectGradient("x", null, want, [1, 2])).toThrow(/expected a gradient, got null/);
    expect(() => expectGradient("x", right, null, [1, 2])).toThrow(/expected null/);
    expect(() => expectGradient("x", right, want, [1, 2])).not.toThrow();
  });
});
