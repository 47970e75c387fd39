// Gradient checks against finite differences of an independent float64 reference.
//
// For an op f with inputs xs, the test supplies `run` (gradtape: tensors in, tensor out) and `ref`
// (plain TypeScript, float64 arrays in, float64 array out). With a fixed random projection u of the
// output, L(xs) = sum(u * f(xs)) is a scalar:
// - first order: the tape's dL/dx_i is compared, element by element, with central differences of the
//   reference L;
// - second order (nested tapes): for a random direction v, the tape's H v, where H is L's Hessian in
//   the inputs taken together, is compared element by element with mixed central differences
//   (dL/dx_j at x + h v minus at x - h v, over 2h), and v . (H v) with the second difference of L
//   along v. For piecewise-linear ops (`secondOrder: "zero"`) H v must be exactly zero (or null).
// Nothing gradtape computes feeds the expected values: the reference alone gives them.
import { expect } from "vitest";
import * as tf from "../../src/index.js";
import { randomValues } from "./reference.js";

export interface GradCase {
  /** The op under test, on gradtape tensors. */
  run: (...xs: tf.Tensor[]) => tf.Tensor;
  /** The float64 reference: flat input values (with their shapes) to flat output values. */
  ref: (xs: number[][], shapes: number[][]) => number[];
  /** Shapes of the inputs. */
  shapes: number[][];
  /** Input values (flat), or a domain [lo, hi] to draw them from. */
  values?: number[][];
  domain?: [number, number];
  /** dtype of the inputs: float64 (default) checks both orders; float32 checks the first order only. */
  dtype?: "float32" | "float64";
  /** Tolerance of the comparison (relative, and absolute scaled by max(1, max |expected|)). */
  rtol?: number;
  atol?: number;
  /**
   * "check" (default): compare H v with finite differences. "zero": the op is piecewise linear, so the
   * tape's H v must be exactly zero and the reference's second differences near zero. "skip": none.
   */
  secondOrder?: "check" | "zero" | "skip";
  /** Old spelling of secondOrder: "skip". */
  firstOrderOnly?: boolean;
  seed?: number;
}

const H1 = 1e-6;
const H2 = 1e-4;

export function checkGradients(c: GradCase): void {
  const dtype = c.dtype ?? "float64";
  const seed = c.seed ?? 7;
  const [lo, hi] = c.domain ?? [-2, 2];
  const drawn = c.values ?? c.shapes.map((s, i) => randomValues(size(s), seed + i, lo, hi));
  // float32 inputs are rounded first, so that the reference sees exactly what the tape sees.
  const values = dtype === "float32" ? drawn.map((x) => x.map(Math.fround)) : drawn;
  values.forEach((x, i) => expect(x.length, `values[${i}] against shape [${c.shapes[i]}]`).toBe(size(c.shapes[i])));
  const outSize = c.ref(values, c.shapes).length;
  const u = randomValues(outSize, seed + 100, -1, 1).map((x) => (dtype === "float32" ? Math.fround(x) : x));
  const loss = (xs: number[][]): number => dot(u, c.ref(xs, c.shapes));
  const f32 = dtype === "float32";
  const rtol = c.rtol ?? (f32 ? 1e-4 : 1e-6);
  const atol = c.atol ?? (f32 ? 1e-4 : 1e-7);
  const project = (out: tf.Tensor): tf.Tensor => tf.reduceSum(tf.mul(out, tf.tensor(u, out.shape, out.dtype)));

  tf.tidy(() => {
    // First order.
    const inputs = values.map((v, i) => tf.tensor(v, c.shapes[i], dtype));
    const tape = new tf.GradientTape();
    const projected = tape.record(() => {
      tape.watch(inputs);
      const out = c.run(...inputs);
      expect(out.size, "output size against the reference").toBe(outSize);
      return project(out);
    });
    expectNear([projected.item()], [loss(values)], f32 ? 1e-5 : 1e-10, f32 ? 1e-5 : 1e-10, "L");
    const grads = tape.gradient(projected, inputs);
    values.forEach((v, i) => {
      const numeric = v.map((_, j) => centralDifference(loss, values, i, j, H1));
      const g = grads[i];
      expect(g, `gradient of input ${i} is connected`).not.toBeNull();
      expect(g!.shape, `gradient ${i} shape`).toEqual(c.shapes[i]);
      expect(g!.dtype, `gradient ${i} dtype`).toBe(dtype);
      expectNear(Array.from(g!.data()), numeric, rtol, atol, `d/dx${i}`);
    });
  });
  const second = c.firstOrderOnly ? "skip" : (c.secondOrder ?? "check");
  if (second === "skip" || f32) return;

  // Second order through nested tapes: H v.
  const v = values.map((x, i) => randomValues(x.length, seed + 200 + i, -1, 1));
  const hv = tf.tidy(() => {
    const xs = values.map((x, i) => tf.tensor(x, c.shapes[i], "float64"));
    const outer = new tf.GradientTape();
    const directional = outer.record(() => {
      outer.watch(xs);
      const inner = new tf.GradientTape();
      const l = inner.record(() => {
        inner.watch(xs);
        return project(c.run(...xs));
      });
      const g = inner.gradient(l, xs);
      let s: tf.Tensor = tf.constant(0, "float64");
      g.forEach((gi, i) => {
        if (gi !== null) s = tf.add(s, tf.reduceSum(tf.mul(gi, tf.tensor(v[i], c.shapes[i], "float64"))));
      });
      return s;
    });
    return outer.gradient(directional, xs).map((h, i) => {
      if (h === null) return new Array<number>(values[i].length).fill(0);
      expect(h.shape, `Hv ${i} shape`).toEqual(c.shapes[i]);
      return Array.from(h.data());
    });
  });
  const step = (t: number) => values.map((x, i) => x.map((xj, j) => xj + t * v[i][j]));
  const plus = step(H2);
  const minus = step(-H2);
  const vHvNumeric = (loss(plus) - 2 * loss(values) + loss(minus)) / (H2 * H2);
  const vHv = hv.reduce((s, h, i) => s + dot(h, v[i]), 0);
  if (second === "zero") {
    hv.forEach((h, i) => h.forEach((x, j) => expect(x === 0, `Hv${i}[${j}] = ${x} of a piecewise-linear op`).toBe(true)));
    expectNear([0], [vHvNumeric], 0, 1e-5, "v.Hv (reference, inputs must be away from kinks)");
    return;
  }
  const rtol2 = Math.max(rtol, 1e-5);
  const atol2 = Math.max(atol, 1e-5);
  values.forEach((x, i) => {
    const numeric = x.map((_, j) => (centralDifference(loss, plus, i, j, H2) - centralDifference(loss, minus, i, j, H2)) / (2 * H2));
    expectNear(hv[i], numeric, rtol2, atol2, `(Hv)${i}`);
  });
  expectNear([vHv], [vHvNumeric], Math.max(rtol, 1e-4), Math.max(atol, 1e-4), "v.Hv");
}

/**
 * `n` values drawn from [lo, hi], each moved to at least `margin` from every kink (where a
 * piecewise op bends), so that finite differences never straddle one.
 */
export function awayFrom(kinks: readonly number[], n: number, seed: number, lo = -2, hi = 2, margin = 0.05): number[] {
  return randomValues(n, seed, lo, hi).map((x) => {
    for (const k of kinks) {
      if (Math.abs(x - k) < margin) return x < k ? k - margin : k + margin;
    }
    return x;
  });
}

function centralDifference(f: (xs: number[][]) => number, xs: number[][], i: number, j: number, h: number): number {
  const plus = xs.map((x) => x.slice());
  const minus = xs.map((x) => x.slice());
  plus[i][j] += h;
  minus[i][j] -= h;
  return (f(plus) - f(minus)) / (2 * h);
}

function expectNear(actual: number[], expected: number[], rtol: number, atol: number, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let k = 0; k < expected.length; k++) {
    const diff = Math.abs(actual[k] - expected[k]);
    if (!(diff <= atol * scale + rtol * Math.abs(expected[k]))) {
      expect.fail(`${what}[${k}]: tape ${actual[k]}, finite differences ${expected[k]} (|diff| ${diff})`);
    }
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
