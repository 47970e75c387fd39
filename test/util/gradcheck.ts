// Gradient checks against central differences of an independent float64 reference.
//
// For an op f with inputs xs, the test supplies `run` (gradtape: tensors in, tensor out) and `ref`
// (plain TypeScript, float64 arrays in, float64 array out). With a fixed random projection u of the
// output, L(xs) = sum(u * f(xs)) is a scalar:
// - first order: the tape's dL/dx_i is compared, element by element, with central differences of the
//   reference L;
// - second order (nested tapes): for a random direction v, the tape's v . (H v), where H is L's Hessian
//   in the inputs taken together, is compared with (L(x + h v) - 2 L(x) + L(x - h v)) / h^2.
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
  /** Relative tolerance of the comparison (float64 inputs). */
  rtol?: number;
  atol?: number;
  /** Skip the second-order check (for ops whose second derivative is zero or undefined everywhere). */
  firstOrderOnly?: boolean;
  seed?: number;
}

const H1 = 1e-6;
const H2 = 1e-4;

export function checkGradients(c: GradCase): void {
  const seed = c.seed ?? 7;
  const [lo, hi] = c.domain ?? [-2, 2];
  const values = c.values ?? c.shapes.map((s, i) => randomValues(size(s), seed + i, lo, hi));
  const outSize = c.ref(values, c.shapes).length;
  const u = randomValues(outSize, seed + 100, -1, 1);
  const loss = (xs: number[][]): number => dot(u, c.ref(xs, c.shapes));
  const rtol = c.rtol ?? 1e-6;
  const atol = c.atol ?? 1e-7;

  // First order.
  const inputs = values.map((v, i) => tf.tensor(v, c.shapes[i], "float64"));
  const tape = new tf.GradientTape();
  const projected = tape.record(() => {
    tape.watch(inputs);
    const out = c.run(...inputs);
    expect(out.size, "output size against the reference").toBe(outSize);
    return tf.reduceSum(tf.mul(out, tf.tensor(u, out.shape, "float64")));
  });
  expect(projected.item()).toBeCloseTo(loss(values), 8);
  const grads = tape.gradient(projected, inputs);
  values.forEach((v, i) => {
    const numeric = v.map((_, j) => centralDifference(loss, values, i, j, H1));
    const g = grads[i];
    expect(g, `gradient of input ${i} is connected`).not.toBeNull();
    expect(g!.shape, `gradient ${i} shape`).toEqual(c.shapes[i]);
    expectNear(Array.from(g!.data()), numeric, rtol, atol, `d/dx${i}`);
  });
  if (c.firstOrderOnly) return;

  // Second order through nested tapes: v . (H v).
  const v = values.map((x, i) => randomValues(x.length, seed + 200 + i, -1, 1));
  const xs = values.map((x, i) => tf.tensor(x, c.shapes[i], "float64"));
  const outer = new tf.GradientTape();
  const directional = outer.record(() => {
    outer.watch(xs);
    const inner = new tf.GradientTape();
    const l = inner.record(() => {
      inner.watch(xs);
      const out = c.run(...xs);
      return tf.reduceSum(tf.mul(out, tf.tensor(u, out.shape, "float64")));
    });
    const g = inner.gradient(l, xs);
    let s: tf.Tensor = tf.constant(0, "float64");
    g.forEach((gi, i) => {
      if (gi !== null) s = tf.add(s, tf.reduceSum(tf.mul(gi, tf.tensor(v[i], c.shapes[i], "float64"))));
    });
    return s;
  });
  const hv = outer.gradient(directional, xs);
  let vHv = 0;
  hv.forEach((h, i) => {
    if (h !== null) vHv += dot(Array.from(h.data()), v[i]);
  });
  const step = (t: number) => values.map((x, i) => x.map((xj, j) => xj + t * v[i][j]));
  const numeric = (loss(step(H2)) - 2 * loss(values) + loss(step(-H2))) / (H2 * H2);
  expectNear([vHv], [numeric], Math.max(rtol, 1e-4), Math.max(atol, 1e-4), "v.Hv");
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
