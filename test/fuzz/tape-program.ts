// Random tape programs for the tape fuzzer, resolved into concrete steps, and their meaning in the
// independent reference of ./tape-reference.ts. A program has four sources (two trainable variables,
// a non-trainable variable, a constant) of random rank-2 shapes with 1-sized dims. Its steps are
// broadcasting binary ops, matmul, unary ops and reductions (some inside stopRecording), casts, a
// watch of a variable part-way, an assign to a variable part-way, and at most one reset(). Sources are
// float64, float32, or a mix of both (casts switch between them; a binary op takes two operands of
// one dtype). The reference replays
// the resolved steps from any source values, so the second-order check can take central differences
// of it.
import fc from "fast-check";
import * as R from "./tape-reference.js";

export const SOURCES = 4; // v0, v1: trainable; v2: not trainable; c: a constant
const VARIABLES = 3;
const ELEMENTS = 9; // enough values for the largest source, 3 x 3
/**
 * fast-check favours round values, so sources often tie exactly. The sources of nested and float32
 * programs are moved apart: central differences across a maximum's tie measure nothing, and float32
 * rounding may break a tie the other way than the float64 reference.
 */
const TIE_BREAK = 1e-3;

const UNARY: R.UnaryName[] = ["neg", "tanh", "sigmoid", "sin", "sum0", "sum1"];
const BINARY: R.BinaryName[] = ["add", "sub", "mul", "maximum", "matmul"];

export type FloatDType = "float32" | "float64";

/** A step as drawn: which op, and numbers that pick its operands from what exists at that point. */
interface DrawnStep {
  name: R.UnaryName | R.BinaryName | "cast" | "watch" | "assign";
  a: number;
  b: number;
  stopped: boolean;
  values: number[];
}

export interface Program {
  shapes: R.Shape[];
  values: number[][];
  watch: boolean[];
  watchAccessedVariables: boolean;
  persistent: boolean;
  drawn: DrawnStep[];
  resetBefore: number | null;
  secondTarget: number | null;
  zeroUnconnected: boolean;
  /** The sources' dtype; the reference computes in float64 from the same (rounded) values. */
  dtype: FloatDType | "mixed";
  /** In a mixed program, which sources are float32. */
  float32Sources: boolean[];
  /** Record everything on an outer tape too, and check its gradient of the inner gradients. */
  nested: boolean;
  /** Weights of the inner gradients' elements in the outer target. */
  weights: number[][];
}

/** A step with its operands resolved to slots: sources are slots 0..3, each op output the next. */
export type Step =
  | { kind: "unary"; name: R.UnaryName; a: number; stopped: boolean }
  | { kind: "cast"; a: number; to: FloatDType; stopped: boolean }
  | { kind: "binary"; name: R.BinaryName; a: number; b: number; stopped: boolean }
  | { kind: "watch"; source: number }
  | { kind: "assign"; source: number; values: number[] }
  | { kind: "reset" };

const dim = fc.constantFrom(1, 1, 2, 3);
const values = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: ELEMENTS, maxLength: ELEMENTS });
const perSource = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(a, { minLength: SOURCES, maxLength: SOURCES });

export const program: fc.Arbitrary<Program> = fc.record({
  shapes: perSource(fc.tuple(dim, dim)),
  values: perSource(values),
  watch: perSource(fc.boolean()),
  watchAccessedVariables: fc.boolean(),
  persistent: fc.boolean(),
  drawn: fc.array(
    fc.record({
      name: fc.constantFrom<DrawnStep["name"]>(...UNARY, ...BINARY, ...BINARY, "cast", "watch", "assign"),
      a: fc.nat(),
      b: fc.nat(),
      stopped: fc.integer({ min: 0, max: 5 }).map((k) => k === 0),
      values,
    }),
    { minLength: 1, maxLength: 10 },
  ),
  resetBefore: fc.option(fc.nat(9), { freq: 4 }),
  secondTarget: fc.option(fc.nat(), { freq: 2 }),
  zeroUnconnected: fc.boolean(),
  dtype: fc.constantFrom<Program["dtype"]>("float64", "float64", "float32", "mixed"),
  float32Sources: perSource(fc.boolean()),
  nested: fc.integer({ min: 0, max: 3 }).map((k) => k === 0),
  weights: perSource(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: ELEMENTS, maxLength: ELEMENTS })),
}).map((p) => {
  // Central differences need float64.
  const dtype = p.nested ? "float64" : p.dtype;
  const apart = p.nested || dtype !== "float64";
  return { ...p, dtype, values: apart ? p.values.map((v, s) => v.map((x, i) => x + TIE_BREAK * (s * ELEMENTS + i + 1))) : p.values };
});

/** A source's dtype. */
export const sourceDType = (p: Program, s: number): FloatDType => (p.dtype === "mixed" ? (p.float32Sources[s] ? "float32" : "float64") : p.dtype);

/** The program's steps with operands chosen by shape and dtype, and the slots its targets are. */
export function resolve(p: Program): { steps: Step[]; shapes: R.Shape[]; targets: number[] } {
  const shapes: R.Shape[] = [...p.shapes];
  const dtypes: FloatDType[] = p.shapes.map((_, s) => sourceDType(p, s));
  const steps: Step[] = [];
  p.drawn.forEach((d, k) => {
    if (p.resetBefore === k) steps.push({ kind: "reset" });
    const a = d.a % shapes.length;
    const [m, n] = shapes[a];
    if (d.name === "watch") steps.push({ kind: "watch", source: d.a % VARIABLES });
    // An assign would change what the second-order check differentiates with respect to.
    else if (d.name === "assign" && !p.nested) steps.push({ kind: "assign", source: d.a % VARIABLES, values: d.values });
    else if (d.name === "assign") return;
    else if (d.name === "cast") {
      // A mixed program switches dtype; the others cast to the dtype they have.
      const to = p.dtype === "mixed" ? (dtypes[a] === "float32" ? "float64" : "float32") : p.dtype;
      steps.push({ kind: "cast", a, to, stopped: d.stopped });
      shapes.push([m, n]);
      dtypes.push(to);
    } else if ((UNARY as string[]).includes(d.name)) {
      const name = d.name as R.UnaryName;
      steps.push({ kind: "unary", name, a, stopped: d.stopped });
      shapes.push(name === "sum0" ? [1, n] : name === "sum1" ? [m, 1] : [m, n]);
      dtypes.push(dtypes[a]);
    } else {
      const name = d.name as R.BinaryName;
      const fits = (b: number): boolean =>
        dtypes[b] === dtypes[a] &&
        (name === "matmul" ? shapes[b][0] === n : R.broadcastShape(shapes[a], shapes[b]) !== null && (name !== "maximum" || b !== a));
      const candidates = shapes.map((_, b) => b).filter(fits);
      if (candidates.length === 0) {
        steps.push({ kind: "unary", name: "tanh", a, stopped: d.stopped });
        shapes.push([m, n]);
        dtypes.push(dtypes[a]);
        return;
      }
      const b = candidates[d.b % candidates.length];
      steps.push({ kind: "binary", name, a, b, stopped: d.stopped });
      shapes.push(name === "matmul" ? [m, shapes[b][1]] : R.broadcastShape(shapes[a], shapes[b])!);
      dtypes.push(dtypes[a]);
    }
  });
  if (shapes.length === SOURCES) {
    // Only watches and assigns were drawn: the targets need an op.
    steps.push({ kind: "unary", name: "tanh", a: 0, stopped: false });
    shapes.push(shapes[0]);
    dtypes.push(dtypes[0]);
  }
  const last = shapes.length - 1;
  const targets = p.secondTarget === null ? [last] : [last, SOURCES + (p.secondTarget % (shapes.length - SOURCES))];
  return { steps, shapes, targets };
}

/** A source's values for its shape. */
export const sourceData = (p: Program, s: number, from = p.values[s]): Float64Array =>
  Float64Array.from(from.slice(0, p.shapes[s][0] * p.shapes[s][1]), sourceDType(p, s) === "float32" ? Math.fround : Number);

/**
 * The reference's gradients of the targets with respect to the sources, with the sources holding
 * `initial` values, and the smallest gap between the two sides of any maximum (where the program is
 * not differentiable).
 */
export function referenceGradients(
  p: Program,
  steps: readonly Step[],
  targets: readonly number[],
  initial: readonly Float64Array[],
  seeds?: R.Value[],
): { gradients: (R.Value | null)[]; margin: number } {
  const current: R.Value[] = initial.map((data, s) => ({ shape: p.shapes[s], data }));
  const pool: R.Node[] = current.map((value) => ({ value, leaf: -1, edges: [] }));
  const watched = new Set<number>();
  p.watch.forEach((w, s) => w && watched.add(s));
  let margin = Infinity;
  // A use of a source is the source itself only while the tape watches it; a trainable variable
  // read while recording becomes watched if the tape watches accessed variables.
  const use = (slot: number, recording: boolean): R.Node => {
    if (slot >= SOURCES) return pool[slot];
    if (recording && p.watchAccessedVariables && slot < 2) watched.add(slot);
    return { value: current[slot], leaf: recording && watched.has(slot) ? slot : -1, edges: [] };
  };
  for (const step of steps) {
    if (step.kind === "reset") {
      watched.clear();
      for (let i = SOURCES; i < pool.length; i++) pool[i] = R.detached(pool[i]);
    } else if (step.kind === "watch") watched.add(step.source);
    else if (step.kind === "assign") current[step.source] = { shape: p.shapes[step.source], data: sourceData(p, step.source, step.values) };
    else {
      const recording = !step.stopped;
      const node =
        step.kind === "cast"
          ? R.cast(use(step.a, recording), step.to === "float32")
          : step.kind === "unary"
            ? R.unary(step.name, use(step.a, recording))
            : R.binary(step.name, use(step.a, recording), use(step.b, recording));
      if (node.margin !== undefined) margin = Math.min(margin, node.margin);
      pool.push(step.stopped ? R.detached(node) : node);
    }
  }
  return { gradients: R.gradients(targets.map((t) => pool[t]), SOURCES, seeds), margin };
}

/** Σ weights · gradients, the outer target of a nested program (an unconnected gradient adds 0). */
export function weightedSum(p: Program, gradients: readonly (R.Value | null)[]): number {
  let sum = 0;
  gradients.forEach((g, s) => {
    if (g !== null) for (let i = 0; i < g.data.length; i++) sum += p.weights[s][i] * g.data[i];
  });
  return sum;
}

/** Central differences of the outer target with respect to each source element. */
export function referenceSecondOrder(p: Program, steps: readonly Step[], targets: readonly number[]): { gradients: Float64Array[]; margin: number } {
  const h = 1e-5;
  const base = p.shapes.map((_, s) => sourceData(p, s));
  let margin = referenceGradients(p, steps, targets, base).margin;
  const at = (s: number, i: number, delta: number): number => {
    const moved = base.map((d, t) => (t === s ? d.map((x, j) => (j === i ? x + delta : x)) : d));
    const r = referenceGradients(p, steps, targets, moved);
    margin = Math.min(margin, r.margin);
    return weightedSum(p, r.gradients);
  };
  const gradients = base.map((d, s) => d.map((_, i) => (at(s, i, h) - at(s, i, -h)) / (2 * h)));
  return { gradients, margin };
}
