// Gradients of the element-wise unary ops: first and second order against finite differences of the
// float64 references, third order of tanh, sigmoid and exp against their closed forms, and null
// gradients for the ops whose derivative is zero wherever it exists.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { elementwise, first, second, third } from "../reference/grad.js";
import * as R from "../reference/unary.js";
import { awayFrom, checkGradients, type GradCase } from "../util/gradcheck.js";
import { randomValues } from "../util/reference.js";

type Row = [string, GradCase];
const S = [2, 3];
const unary = (run: (x: tf.Tensor) => tf.Tensor, f: (x: number) => number, rest: Partial<GradCase> = {}): GradCase => ({
  run,
  ref: elementwise(f),
  shapes: [S],
  ...rest,
});
const kinked = (kinks: number[], seed = 3): Pick<GradCase, "values" | "secondOrder"> => ({
  values: [awayFrom(kinks, 6, seed)],
  secondOrder: "zero",
});

const rows: Row[] = [
  ["neg", unary(tf.neg, R.neg, { secondOrder: "zero" })],
  ["abs", unary(tf.abs, R.abs, kinked([0]))],
  ["square", unary(tf.square, R.square)],
  ["sqrt", unary(tf.sqrt, R.sqrt, { domain: [0.3, 3] })],
  ["rsqrt", unary(tf.rsqrt, R.rsqrt, { domain: [0.3, 3] })],
  ["reciprocal", unary(tf.reciprocal, R.reciprocal, { values: [awayFrom([0], 6, 4, -2, 2, 0.4)] })],
  ["exp", unary(tf.exp, R.exp)],
  ["expm1", unary(tf.expm1, R.expm1)],
  ["log", unary(tf.log, R.log, { domain: [0.2, 4] })],
  ["log1p", unary(tf.log1p, R.log1p, { domain: [-0.7, 3] })],
  ["sin", unary(tf.sin, R.sin, { domain: [-4, 4] })],
  ["cos", unary(tf.cos, R.cos, { domain: [-4, 4] })],
  ["tan", unary(tf.tan, R.tan, { domain: [-1.2, 1.2] })],
  ["identity", unary(tf.identity, R.identity, { secondOrder: "zero" })],
  ["debugging.checkNumerics", unary((x) => tf.debugging.checkNumerics(x, "x"), R.identity, { secondOrder: "zero" })],
  ["relu", unary(tf.relu, R.relu, kinked([0]))],
  ["sigmoid", unary(tf.sigmoid, R.sigmoid, { domain: [-4, 4] })],
  ["tanh", unary(tf.tanh, R.tanh)],
  ["softplus", unary(tf.softplus, R.softplus, { domain: [-4, 4] })],
  ["elu", unary(tf.elu, R.elu, { values: [awayFrom([0], 6, 5, -3, 2)] })],
  ["leakyRelu alpha 0.2", unary((x) => tf.leakyRelu(x), (x) => R.leakyRelu(x, 0.2), kinked([0]))],
  ["leakyRelu alpha 0.05 as option", unary((x) => tf.leakyRelu(x, { alpha: 0.05 }), (x) => R.leakyRelu(x, 0.05), kinked([0], 6))],
  ["gelu exact", unary((x) => tf.gelu(x), R.gelu, { domain: [-3, 3] })],
  ["gelu tanh form", unary((x) => tf.gelu(x, true), R.geluTanh, { domain: [-3, 3] })],
  ["gelu exact at 0", unary((x) => tf.gelu(x), R.gelu, { values: [[-1.2, 0, 0.3, 0, 2, -0.4]] })],
  ["gelu exact near 0", unary((x) => tf.gelu(x), R.gelu, { domain: [-0.01, 0.01] })],
  ["exp of a scalar", { run: tf.exp, ref: elementwise(R.exp), shapes: [[]] }],
  ["gelu exact of one element [1]", { run: (x) => tf.gelu(x), ref: elementwise(R.gelu), shapes: [[1]], values: [[0.8]] }],
  ["tanh of rank 3", { run: tf.tanh, ref: elementwise(R.tanh), shapes: [[2, 1, 3]] }],
  ["sin of a chain", unary((x) => tf.sin(tf.mul(tf.exp(x), x)), (x) => Math.sin(Math.exp(x) * x), { domain: [-1, 1] })],
];

describe("unary gradients (float64, first and second order)", () => {
  it.each(rows)("%s", (_, c) => checkGradients(c));
});

const f32Rows: Row[] = [
  ["exp", unary(tf.exp, R.exp)],
  ["log", unary(tf.log, R.log, { domain: [0.2, 4] })],
  ["tanh", unary(tf.tanh, R.tanh)],
  ["sigmoid", unary(tf.sigmoid, R.sigmoid)],
  ["sqrt", unary(tf.sqrt, R.sqrt, { domain: [0.3, 3] })],
  ["relu", unary(tf.relu, R.relu, kinked([0]))],
  ["gelu exact", unary((x) => tf.gelu(x), R.gelu)],
  ["gelu tanh form", unary((x) => tf.gelu(x, true), R.geluTanh)],
  ["elu", unary(tf.elu, R.elu, { values: [awayFrom([0], 6, 5)] })],
];

describe("unary gradients (float32, first order)", () => {
  it.each(f32Rows)("%s", (_, c) => checkGradients({ ...c, dtype: "float32" }));
});

describe("third order through three nested tapes", () => {
  const xs = [-2.5, -1.1, -0.3, 0, 0.4, 1.7];
  const ops = { tanh: tf.tanh, sigmoid: tf.sigmoid, exp: tf.exp } as const;
  it.each(Object.keys(ops) as (keyof typeof ops)[])("%s", (name) => {
    const op = ops[name];
    const x = tf.tensor(xs, [6], "float64");
    const t1 = new tf.GradientTape();
    const t2 = new tf.GradientTape();
    const t3 = new tf.GradientTape();
    let d1: tf.Tensor | null = null;
    let d2: tf.Tensor | null = null;
    const g2 = t1.record(() => {
      t1.watch(x);
      const g1 = t2.record(() => {
        t2.watch(x);
        const y = t3.record(() => {
          t3.watch(x);
          return op(x);
        });
        d1 = t3.gradient(y, x);
        return d1;
      });
      d2 = t2.gradient(g1!, x);
      return d2;
    });
    const d3 = t1.gradient(g2!, x);
    const expectClose = (actual: tf.Tensor | null, f: (x: number) => number, what: string) => {
      expect(actual, what).not.toBeNull();
      const got = Array.from(actual!.data());
      xs.forEach((v, i) => expect(got[i], `${what} at ${v}`).toBeCloseTo(f(v), 12));
    };
    expectClose(d1, first[name], "d/dx");
    expectClose(d2, second[name], "d2/dx2");
    expectClose(d3, third[name], "d3/dx3");
  });
});

describe("ops with zero derivative give null gradients", () => {
  const x = tf.tensor(randomValues(6, 11, -3, 3), [2, 3], "float64");
  const zeroDerivative: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ["floor", tf.floor],
    ["ceil", tf.ceil],
    ["round", tf.round],
    ["sign", tf.sign],
    ["stopGradient", tf.stopGradient],
    ["equal", (t) => tf.equal(t, 0.5)],
    ["notEqual", (t) => tf.notEqual(t, 0.5)],
    ["greater", (t) => tf.greater(t, 0.5)],
    ["greaterEqual", (t) => tf.greaterEqual(t, 0.5)],
    ["less", (t) => tf.less(t, 0.5)],
    ["lessEqual", (t) => tf.lessEqual(t, 0.5)],
    ["argMax", (t) => tf.argMax(t, 1)],
    ["argMin", (t) => tf.argMin(t, 0)],
    ["cast to int32", (t) => tf.cast(t, "int32")],
    ["comparison cast back to float", (t) => tf.cast(tf.greater(t, 0), "float64")],
    ["floor then exp", (t) => tf.exp(tf.floor(t))],
  ];
  it.each(zeroDerivative)("%s", (_, op) => {
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return op(x);
    });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("gives zeros with unconnectedGradients: zero", () => {
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.floor(x);
    });
    const g = tape.gradient(y, x, { unconnectedGradients: "zero" });
    expect(Array.from(g!.data())).toEqual(new Array(6).fill(0));
  });

  it("leaves the other path's gradient: d/dx (floor(x) * x) = floor(x)", () => {
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(tf.floor(x), x);
    });
    expect(Array.from(tape.gradient(y, x)!.data())).toEqual(Array.from(x.data(), Math.floor));
  });
});

describe("regressions", () => {
  const rows: Row[] = [
    // gelu'(x) took Phi(x) as gelu(x) / x, and gelu(5e-324) rounds to 0: the slope came out 0, not 1/2.
    ["gelu exact at subnormal and tiny inputs", unary((x) => tf.gelu(x), R.gelu, { values: [[5e-324, -5e-324, 1e-310, -1e-300, 1e-20, -3e-10]] })],
  ];
  it.each(rows)("%s", (_, c) => checkGradients(c));
  it.each(rows)("%s (float32)", (_, c) => checkGradients({ ...c, dtype: "float32", values: [[1.4e-45, -1e-40, 1e-38, -1e-30, 1e-20, -3e-10]] }));
});
