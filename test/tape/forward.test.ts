import { afterEach, describe, expect, it, vi } from "vitest";
import * as tf from "../../src/index.js";
import { broadcastApply } from "../reference/binary.js";
import { matmulRef } from "../reference/matmul.js";
import { refConcat, refGather, refSlice, refTile, refTranspose } from "../reference/movement.js";
import { reduceRef, softmaxRef } from "../reference/reduce.js";
import { expectClose, F64_TOL } from "../util/close.js";
import { randomValues, ref, type RefArray, sizeOf } from "../util/reference.js";

afterEach(() => {
  vi.restoreAllMocks();
});

function values(t: tf.Tensor | null): number[] {
  expect(t).not.toBeNull();
  return Array.from(t!.data());
}

interface JvpCase {
  name: string;
  shapes: number[][];
  /** The function on gradtape tensors. */
  run: (...xs: tf.Tensor[]) => tf.Tensor;
  /** The same function on float64 reference arrays. */
  ref: (...xs: RefArray[]) => RefArray;
  domain?: [number, number];
}

const H = 1e-6;

/**
 * The accumulator's JVP, with every input a primal and random tangents, against central
 * differences of the float64 reference along the tangent direction.
 */
function checkJvp(c: JvpCase, dtype: "float32" | "float64" = "float64"): void {
  const [lo, hi] = c.domain ?? [-2, 2];
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const xs = c.shapes.map((s, i) => randomValues(sizeOf(s), 11 + i, lo, hi).map(round));
  const vs = c.shapes.map((s, i) => randomValues(sizeOf(s), 41 + i, -1, 1).map(round));
  const at = (t: number) => c.ref(...xs.map((x, i) => ref(c.shapes[i], x.map((xj, j) => xj + t * vs[i][j]))));
  const plus = at(H);
  const minus = at(-H);
  const expected = plus.values.map((p, k) => (p - minus.values[k]) / (2 * H));

  const primals = xs.map((x, i) => tf.tensor(x, c.shapes[i], dtype));
  const tangents = vs.map((v, i) => tf.tensor(v, c.shapes[i], dtype));
  const acc = new tf.ForwardAccumulator(primals, tangents);
  const y = acc.record(() => c.run(...primals));
  expect(y.shape).toEqual(plus.shape);
  const jvp = acc.jvp(y);
  expect(jvp!.shape).toEqual(y.shape);
  expect(jvp!.dtype).toBe(dtype);
  const scale = Math.max(1, ...expected.map(Math.abs));
  const tol = dtype === "float64" ? { rtol: 1e-6, atol: 1e-7 * scale } : { rtol: 1e-4, atol: 1e-5 * scale };
  expectClose(values(jvp), expected, tol);
}

const positive: [number, number] = [0.5, 2];

const cases: JvpCase[] = [
  {
    name: "sin(x) tan(x) + exp(-x^2)",
    shapes: [[2, 3]],
    domain: [-1.2, 1.2],
    run: (x) => tf.add(tf.mul(tf.sin(x), tf.tan(x)), tf.exp(tf.neg(tf.square(x)))),
    ref: (x) => broadcastApply((a) => Math.sin(a) * Math.tan(a) + Math.exp(-a * a), x),
  },
  {
    name: "log(sqrt(x)) + tanh(x) sigmoid(x) - 1/x",
    shapes: [[5]],
    domain: positive,
    run: (x) => tf.sub(tf.add(tf.log(tf.sqrt(x)), tf.mul(tf.tanh(x), tf.sigmoid(x))), tf.reciprocal(x)),
    ref: (x) => broadcastApply((a) => Math.log(Math.sqrt(a)) + Math.tanh(a) / (1 + Math.exp(-a)) - 1 / a, x),
  },
  {
    name: "a / b with b broadcast along rows",
    shapes: [[2, 3], [3]],
    domain: positive,
    run: (a, b) => tf.div(a, b),
    ref: (a, b) => broadcastApply((p, q) => p / q, a, b),
  },
  {
    name: "pow(a, b) with both varying",
    shapes: [[4], [4]],
    domain: positive,
    run: (a, b) => tf.pow(a, b),
    ref: (a, b) => broadcastApply(Math.pow, a, b),
  },
  {
    name: "maximum(a, b) * minimum(a, b) + relu(a)",
    shapes: [[3, 2], [3, 2]],
    run: (a, b) => tf.add(tf.mul(tf.maximum(a, b), tf.minimum(a, b)), tf.relu(a)),
    ref: (a, b) => broadcastApply((p, q) => Math.max(p, q) * Math.min(p, q) + Math.max(p, 0), a, b),
  },
  {
    name: "matmul",
    shapes: [[3, 4], [4, 2]],
    run: (a, b) => tf.matmul(a, b),
    ref: (a, b) => matmulRef(a, b),
  },
  {
    name: "matmul transposeA",
    shapes: [[4, 3], [4, 2]],
    run: (a, b) => tf.matmul(a, b, { transposeA: true }),
    ref: (a, b) => matmulRef(a, b, true, false),
  },
  {
    name: "matmul transposeB, batched",
    shapes: [[2, 3, 4], [2, 5, 4]],
    run: (a, b) => tf.matmul(a, b, { transposeB: true }),
    ref: (a, b) => matmulRef(a, b, false, true),
  },
  {
    name: "tanh(x W + b)",
    shapes: [[2, 3], [3, 4], [4]],
    run: (x, w, b) => tf.tanh(tf.add(tf.matmul(x, w), b)),
    ref: (x, w, b) => broadcastApply(Math.tanh, broadcastApply((p, q) => p + q, matmulRef(x, w), b)),
  },
  {
    name: "reduceSum over axis 1 of x^3",
    shapes: [[3, 4]],
    run: (x) => tf.reduceSum(tf.pow(x, 3), 1),
    ref: (x) => reduceRef("sum", x.values.map((a) => a ** 3), x.shape, [1], false, "float64"),
  },
  {
    name: "reduceMean over axes [0, -1], keepdims",
    shapes: [[2, 3, 2]],
    run: (x) => tf.reduceMean(tf.exp(x), [0, -1], true),
    ref: (x) => reduceRef("mean", x.values.map(Math.exp), x.shape, [0, 2], true, "float64"),
  },
  {
    name: "reduceMax over the last axis",
    shapes: [[3, 5]],
    run: (x) => tf.reduceMax(x, -1),
    ref: (x) => reduceRef("max", x.values, x.shape, [1], false, "float64"),
  },
  {
    name: "softmax and logSoftmax",
    shapes: [[2, 4]],
    run: (x) => tf.add(tf.softmax(x), tf.logSoftmax(x, 0)),
    ref: (x) => {
      const s = softmaxRef(false, x.values, x.shape, 1);
      const l = softmaxRef(true, x.values, x.shape, 0);
      return ref(x.shape, s.map((v, i) => v + l[i]));
    },
  },
  {
    name: "pointwise + reduceSum(pointwise), squared and summed per row (TensorFlow's higher-order case)",
    shapes: [[2, 2]],
    domain: [0.5, 1.2],
    run: (x) => {
      const pointwise = tf.mul(tf.sin(x), tf.tan(x));
      return tf.reduceSum(tf.square(tf.add(pointwise, tf.reduceSum(pointwise))), 1);
    },
    ref: (x) => {
      const p = x.values.map((a) => Math.sin(a) * Math.tan(a));
      const total = p.reduce((s, v) => s + v, 0);
      const q = p.map((v) => (v + total) ** 2);
      return reduceRef("sum", q, x.shape, [1], false, "float64");
    },
  },
  {
    name: "concat, slice, transpose, reshape, tile",
    shapes: [[2, 3], [2, 2]],
    run: (a, b) => {
      const joined = tf.concat([a, tf.square(b)], 1);
      const part = tf.slice(joined, [0, 1], [2, 3]);
      return tf.tile(tf.reshape(tf.transpose(part), [2, 3]), [2, 1]);
    },
    ref: (a, b) => {
      const joined = refConcat([a, broadcastApply((v) => v * v, b)], 1);
      const part = refTranspose(refSlice(joined, [0, 1], [2, 3]));
      return refTile(ref([2, 3], part.values), [2, 1]);
    },
  },
  {
    name: "gather rows, with a repeated index",
    shapes: [[4, 3]],
    run: (x) => tf.mul(tf.gather(x, tf.tensor([2, 0, 2], [3], "int32")), x.slice([0, 0], [3, 3])),
    ref: (x) => {
      const g = refGather(x, ref([3], [2, 0, 2]), 0);
      const s = refSlice(x, [0, 0], [3, 3]);
      return ref(g.shape, g.values.map((v, i) => v * s.values[i]));
    },
  },
];

describe("ForwardAccumulator JVPs against finite differences", () => {
  for (const c of cases) it(c.name, () => checkJvp(c));
  it("matmul in float32", () => checkJvp(cases[5], "float32"));
  it("tanh(x W + b) in float32", () => checkJvp(cases[8], "float32"));
});

describe("ForwardAccumulator basics (TensorFlow's forwardprop_test)", () => {
  it("JVP of sin at 0.1 with tangent 0.2", () => {
    const x = tf.constant(0.1, "float64");
    const acc = new tf.ForwardAccumulator(x, tf.constant(0.2, "float64"));
    const y = acc.record(() => tf.sin(x));
    expectClose(values(acc.jvp(y)), [Math.cos(0.1) * 0.2], F64_TOL);
  });

  it("a primal's JVP is its tangent, also outside record; numbers take the primal's dtype", () => {
    const x = tf.tensor([1, 2], [2], "float64");
    const tangent = tf.tensor([0.5, -1], [2], "float64");
    const acc = new tf.ForwardAccumulator(x, tangent);
    expect(acc.jvp(x)).toBe(tangent);
    const y = tf.constant(-2, "float64");
    const accScalar = new tf.ForwardAccumulator(y, 1.5);
    expect(accScalar.jvp(y)!.dtype).toBe("float64");
    expectClose(values(accScalar.jvp(y)), [1.5], F64_TOL);
    const z = tf.tensor([1, 2, 3]);
    const accArray = new tf.ForwardAccumulator(z, [3, 2, 1]);
    expectClose(values(accArray.jvp(z)), [3, 2, 1]);
  });

  it("records only inside record; record can be entered again but not re-entered", () => {
    const x = tf.constant(-2);
    const acc = new tf.ForwardAccumulator(x, tf.constant(1.5));
    const y = acc.record(() => {
      const inner = tf.mul(4, x);
      expectClose(values(acc.jvp(inner)), [6]);
      expect(() => acc.record(() => 0)).toThrow(/Accumulator is already recording/);
      return inner;
    });
    const z = tf.mul(4, x);
    expect(acc.jvp(z)).toBeNull();
    const yy = acc.record(() => tf.mul(y, y));
    expectClose(values(acc.jvp(yy)), [6 * -8 * 2]);
  });

  it("an input used twice gets both contributions", () => {
    const x = tf.constant(1);
    const acc = new tf.ForwardAccumulator(x, tf.constant(2));
    const y = acc.record(() => tf.add(x, x));
    expectClose(values(acc.jvp(y)), [4]);
  });

  it("unconnected tensors give null, or zeros with unconnectedGradients 'zero'", () => {
    const x = tf.constant(-1);
    const acc = new tf.ForwardAccumulator(x, tf.constant(0.1));
    const [y, w] = acc.record(() => [tf.constant(-2), tf.mul(tf.constant([1, 2], "float64"), 3)]);
    expectClose(values(acc.jvp(x, { unconnectedGradients: "zero" })), [0.1]);
    expectClose(values(acc.jvp(x, { unconnectedGradients: "none" })), [0.1]);
    expect(acc.jvp(y)).toBeNull();
    const zero = acc.jvp(w, { unconnectedGradients: "zero" });
    expect(zero!.shape).toEqual([2]);
    expect(zero!.dtype).toBe("float64");
    expect(values(zero)).toEqual([0, 0]);
  });

  it("empty tensors have empty JVPs", () => {
    const x = tf.zeros([0, 3]);
    const acc = new tf.ForwardAccumulator(x, tf.zeros([0, 3]));
    const [y, total] = acc.record(() => [tf.exp(x), tf.reduceSum(tf.exp(x))]);
    expect(acc.jvp(y)!.shape).toEqual([0, 3]);
    expect(values(acc.jvp(total))).toEqual([0]);
  });

  it("integer results have no JVP", () => {
    const x = tf.tensor([3, 1, 2]);
    const acc = new tf.ForwardAccumulator(x, tf.tensor([1, 1, 1]));
    const [i, c] = acc.record(() => [tf.argMax(x), tf.cast(x, "int32")]);
    expect(acc.jvp(i)).toBeNull();
    expect(acc.jvp([i, c], { unconnectedGradients: "zero" }).map((t) => t!.dtype)).toEqual(["int32", "int32"]);
  });

  it("jvp keeps the structure of its argument", () => {
    const a = tf.constant(2);
    const b = tf.constant(3);
    const acc = new tf.ForwardAccumulator({ a, b }, { a: tf.constant(1), b: tf.constant(10) });
    const [p, q] = acc.record(() => [tf.mul(a, b), tf.add(a, 1)]);
    const list = acc.jvp([p, q, a]);
    expect(list.map((t) => t!.item())).toEqual([3 + 20, 1, 1]);
    const named = acc.jvp({ p, q });
    expect(named.p!.item()).toBe(23);
    expect(named.q!.item()).toBe(1);
  });

  it("casts carry tangents between float dtypes", () => {
    const x = tf.tensor([1, 2], [2], "float32");
    const s = tf.tensor([3, 4], [2], "float64");
    const acc = new tf.ForwardAccumulator([x, s], [tf.tensor([1, -1], [2], "float32"), tf.tensor([0.5, 0.5], [2], "float64")]);
    const y = acc.record(() => tf.mul(tf.cast(x, "float64"), s));
    const jvp = acc.jvp(y)!;
    expect(jvp.dtype).toBe("float64");
    // d(x s) = dx s + x ds
    expectClose(values(jvp), [1 * 3 + 1 * 0.5, -1 * 4 + 2 * 0.5], F64_TOL);
  });

  it("the matmul with transposeB of TensorFlow's testReusingJVP", () => {
    const m1 = tf.tensor(randomValues(12, 3), [3, 4], "float64");
    const m2 = tf.identity(m1);
    const t1 = tf.tensor(randomValues(12, 4), [3, 4], "float64");
    const t2 = tf.tensor(randomValues(12, 5), [3, 4], "float64");
    const acc = new tf.ForwardAccumulator([m1, m2], [t1, t2]);
    const [r1, r2] = acc.record(() => [tf.matmul(m1, m1, { transposeB: true }), tf.matmul(m2, m2, { transposeB: true })]);
    const expected = (m: tf.Tensor, t: tf.Tensor) =>
      values(tf.add(tf.matmul(t, m, { transposeB: true }), tf.matmul(m, t, { transposeB: true })));
    expectClose(values(r1), values(r2), F64_TOL);
    expectClose(values(acc.jvp(r1)), expected(m1, t1), F64_TOL);
    expectClose(values(acc.jvp(r2)), expected(m2, t2), F64_TOL);
  });

  it("an exception inside record stops the recording", () => {
    const x = tf.constant(1);
    const acc = new tf.ForwardAccumulator(x, tf.constant(1));
    expect(() =>
      acc.record(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(acc.jvp(tf.mul(x, 2))).toBeNull();
    expectClose(values(acc.jvp(acc.record(() => tf.mul(x, 2)))), [2]);
  });

  it("JVPs follow tf.tidy: returned ones survive, and a freed one is reported", () => {
    const x = tf.tensor([1, 2]);
    const acc = new tf.ForwardAccumulator(x, tf.tensor([1, 1]));
    const before = tf.memory().numTensors;
    const [y, dy] = tf.tidy(() => {
      const out = acc.record(() => tf.exp(tf.mul(tf.sin(x), 2)));
      return [out, acc.jvp(out)!];
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    expectClose(values(dy), [1, 2].map((a) => Math.exp(2 * Math.sin(a)) * 2 * Math.cos(a)));
    expect(acc.jvp(y)).toBe(dy);
    const lost = tf.tidy(() => acc.record(() => tf.square(x)));
    expect(() => acc.jvp(lost)).toThrow(/ForwardAccumulator\.jvp: the JVP of Tensor#\d+ .*tf\.tidy/);
  });
});

describe("ForwardAccumulator with variables", () => {
  it("a variable primal: reads get tangents (TensorFlow's testVariableWatched)", () => {
    const v = new tf.Variable([1, 2, 3]);
    const acc = new tf.ForwardAccumulator(v, tf.tensor([0.1, -0.2, 0.3]));
    expectClose(values(acc.jvp(v)), [0.1, -0.2, 0.3]);
    const [x, x2] = acc.record(() => [tf.mul(v, 2), tf.add(v, 0.1)]);
    expectClose(values(acc.jvp(x)), [0.2, -0.4, 0.6]);
    expectClose(values(acc.jvp(x2)), [0.1, -0.2, 0.3]);
  });

  it("assigning to a watched variable inside record works", () => {
    const v = new tf.Variable(1);
    const acc = new tf.ForwardAccumulator(v, 11);
    acc.record(() => v.assignSub(0.5));
    expect(v.item()).toBe(0.5);
  });

  it("does not change what user tapes watch or compute", () => {
    const v = new tf.Variable([1, 2]);
    const w = new tf.Variable([3, 4]);
    const acc = new tf.ForwardAccumulator([v, w], [tf.tensor([1, 0]), tf.tensor([0, 1])]);
    const quiet = new tf.GradientTape({ watchAccessedVariables: false });
    const tape = new tf.GradientTape();
    const y = tape.record(() => quiet.record(() => acc.record(() => tf.reduceSum(tf.mul(v, v)))));
    expect(quiet.watchedVariables()).toEqual([]);
    expect(tape.watchedVariables()).toEqual([v]);
    expect(quiet.gradient(y, v)).toBeNull();
    expectClose(values(tape.gradient(y, [v, w])[0]), [2, 4]);
    expectClose(values(acc.jvp(y)), [2]);
  });

  it("a tape inside the accumulator computes its gradients as without it", () => {
    const x = tf.tensor([0.3, -0.7], [2], "float64");
    const acc = new tf.ForwardAccumulator(x, tf.tensor([1, 2], [2], "float64"));
    const g = acc.record(() => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return tf.reduceSum(tf.exp(x));
      });
      return tape.gradient(y, x)!;
    });
    expectClose(values(g), [Math.exp(0.3), Math.exp(-0.7)], F64_TOL);
  });
});

// f(x) = sum(tanh(x)^2) + (sum x^2)^2, whose Hessian-vector product has a closed form:
// H v = (2 sech^4 x - 4 tanh^2 x sech^2 x) v + 4 (x.x) v + 8 x (x.v).
const hx = [0.4, -1.1, 0.7];
const hv = [1, -0.5, 2];

function f(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.reduceSum(tf.square(tf.tanh(x))), tf.square(tf.reduceSum(tf.square(x))));
}

function hessianVectorProduct(x: number[], v: number[]): number[] {
  const xx = x.reduce((s, a) => s + a * a, 0);
  const xv = x.reduce((s, a, i) => s + a * v[i], 0);
  return x.map((a, i) => {
    const t = Math.tanh(a);
    const sech2 = 1 - t * t;
    return (2 * sech2 * sech2 - 4 * t * t * sech2) * v[i] + 4 * xx * v[i] + 8 * a * xv;
  });
}

describe("ForwardAccumulator nested with tapes and accumulators", () => {
  const expected = hessianVectorProduct(hx, hv);

  it("forward-over-back Hessian-vector product", () => {
    const x = tf.tensor(hx, [3], "float64");
    const acc = new tf.ForwardAccumulator(x, tf.tensor(hv, [3], "float64"));
    const g = acc.record(() => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return f(x);
      });
      return tape.gradient(y, x)!;
    });
    expectClose(values(acc.jvp(g)), expected, { rtol: 1e-12, atol: 1e-11 });
  });

  it("forward-over-back with a variable (TensorFlow's docstring example)", () => {
    const v = new tf.Variable([1, 2]);
    const acc = new tf.ForwardAccumulator(v, tf.tensor([1, 0]));
    const backward = acc.record(() => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => tf.reduceSum(tf.pow(v, 3)));
      return tape.gradient(y, v)!;
    });
    expectClose(values(backward), [3, 12]);
    expectClose(values(acc.jvp(backward)), [6, 0]);
  });

  for (const accFirst of [true, false]) {
    it(`back-over-forward Hessian-vector product (${accFirst ? "accumulator" : "tape"} created first)`, () => {
      const x = tf.tensor(hx, [3], "float64");
      const acc0 = accFirst ? new tf.ForwardAccumulator(x, tf.tensor(hv, [3], "float64")) : null;
      const tape = new tf.GradientTape();
      const acc = acc0 ?? new tf.ForwardAccumulator(x, tf.tensor(hv, [3], "float64"));
      const jvp = tape.record(() => {
        tape.watch(x);
        const y = acc.record(() => f(x));
        return acc.jvp(y)!;
      });
      expectClose(values(tape.gradient(jvp, x)), expected, { rtol: 1e-12, atol: 1e-11 });
    });
  }

  it("back-over-forward of cos (TensorFlow's testBackwardOverForward)", () => {
    const c = tf.constant(1, "float64");
    const tape = new tf.GradientTape();
    const acc = new tf.ForwardAccumulator(c, tf.constant(0.1, "float64"));
    const d = tape.record(() => {
      tape.watch(c);
      return acc.record(() => tf.cos(c));
    });
    // jvp was computed inside the tape, even though it is looked up afterwards.
    expectClose(values(tape.gradient(acc.jvp(d)!, c)), [-0.1 * Math.cos(1)], F64_TOL);
  });

  it("a tape entered inside the accumulator does not see its JVPs (testForwardOverBackwardMemoryEfficiency)", () => {
    const c = tf.constant(1, "float64");
    const tape = new tf.GradientTape();
    const acc = new tf.ForwardAccumulator(c, tf.constant(0.1, "float64"));
    tape.record(() => undefined);
    const d = acc.record(() =>
      tape.record(() => {
        tape.watch(c);
        return tf.cos(c);
      }),
    );
    expectClose(values(acc.jvp(d)), [-0.1 * Math.sin(1)], F64_TOL);
    expect(tape.gradient(acc.jvp(d)!, c)).toBeNull();
  });

  it("nested accumulators give second derivatives; the inner one does not see the outer's JVPs", () => {
    const primal = tf.constant(1.1, "float64");
    const outer = new tf.ForwardAccumulator(primal, tf.constant(1, "float64"));
    const inner = new tf.ForwardAccumulator(primal, tf.constant(1, "float64"));
    const out = outer.record(() => inner.record(() => tf.pow(primal, 3.5)));
    const innerJvp = inner.jvp(out)!;
    expectClose(values(out), [1.1 ** 3.5], F64_TOL);
    expectClose(values(innerJvp), [3.5 * 1.1 ** 2.5], F64_TOL);
    expectClose(values(outer.jvp(innerJvp)), [3.5 * 2.5 * 1.1 ** 1.5], F64_TOL);
    expect(inner.jvp(outer.jvp(out)!)).toBeNull();
  });

  it("higher orders by composing accumulators (testHigherOrderPureForward)", () => {
    const derivatives = [1.1 ** 3.5, 3.5 * 1.1 ** 2.5, 3.5 * 2.5 * 1.1 ** 1.5, 3.5 * 2.5 * 1.5 * 1.1 ** 0.5];
    const forwardGrad =
      (g: (x: tf.Tensor) => tf.Tensor) =>
      (x: tf.Tensor): tf.Tensor => {
        const acc = new tf.ForwardAccumulator(x, tf.constant(1, "float64"));
        return acc.jvp(acc.record(() => g(x)))!;
      };
    let fn = (x: tf.Tensor): tf.Tensor => tf.pow(x, 3.5);
    derivatives.forEach((d, order) => {
      if (order > 0) fn = forwardGrad(fn);
      expectClose(values(fn(tf.constant(1.1, "float64"))), [d], { rtol: 1e-12, atol: 0 });
    });
  });

  it("an outer accumulator watching an inner one's tangent (testJVPPacking)", () => {
    const two = tf.constant(2);
    const primalIn = tf.constant(1);
    const innerTangent = tf.constant(3);
    const outer = new tf.ForwardAccumulator([primalIn, innerTangent], [tf.constant(2), tf.constant(4)]);
    const inner = new tf.ForwardAccumulator(primalIn, innerTangent);
    const out = outer.record(() => inner.record(() => tf.mul(primalIn, two)));
    expectClose(values(inner.jvp(out)), [6]);
    expectClose(values(outer.jvp(out)), [4]);
    expectClose(values(outer.jvp(inner.jvp(out)!)), [8]);
  });
});

describe("ForwardAccumulator errors", () => {
  it("a primal given twice", () => {
    const x = tf.constant(-2);
    expect(() => new tf.ForwardAccumulator([x, x], [1, 2])).toThrow(
      /ForwardAccumulator: Tensor#\d+ \(float32 \[\]\) \(primals entry 1\) was specified as a primal multiple times.*sum the corresponding tangents/,
    );
    const v = new tf.Variable([1, 2]);
    expect(() => new tf.ForwardAccumulator({ a: v, b: v }, { a: [1, 1], b: [1, 1] })).toThrow(/was specified as a primal multiple times/);
  });

  it("tangents that do not match the primals", () => {
    const x = tf.tensor([1, 2]);
    const y = tf.tensor([3, 4]);
    expect(() => new tf.ForwardAccumulator([x, y], [tf.tensor([1, 1])])).toThrow(
      /ForwardAccumulator: primals is an array of 2 but tangents is an array of 1; give one tangent per primal/,
    );
    expect(() => new tf.ForwardAccumulator([x, y], tf.tensor([1, 1]))).toThrow(/tangents is a single tensor/);
    expect(() => new tf.ForwardAccumulator({ x, y }, { x: [1, 1], z: [1, 1] })).toThrow(
      /primals is an object with keys \{x, y\} but tangents is an object with keys \{x, z\}/,
    );
    expect(() => new tf.ForwardAccumulator(x, tf.tensor([1, 2, 3]))).toThrow(
      /ForwardAccumulator: tangents has shape \[3\] but its primal Tensor#\d+ \(float32 \[2\]\) has shape \[2\]/,
    );
    expect(() => new tf.ForwardAccumulator([x, y], [[1, 1], tf.tensor([1, 1], [2], "float64")])).toThrow(
      /ForwardAccumulator: tangents entry 1 is float64 but its primal .* is float32; cast it with tf\.cast/,
    );
    expect(() => new tf.ForwardAccumulator(x, "1" as never)).toThrow(TypeError);
  });

  it("primals that are not tensors or variables", () => {
    expect(() => new tf.ForwardAccumulator([tf.tensor([1]), 3 as never], [[1], 1])).toThrow(
      /ForwardAccumulator: primals\[1\] is number 3, not a tf\.Tensor or tf\.Variable/,
    );
  });

  it("an integer primal warns once and has no JVPs", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const i = tf.tensor([1, 2], [2], "int32");
    const acc = new tf.ForwardAccumulator(i, tf.tensor([1, 1], [2], "int32"));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/The dtype of the watched primal must be floating \(e\.g\. tf\.float32\), got int32/));
    expect(acc.jvp(i)).toBeNull();
    const y = acc.record(() => tf.cast(i, "float32"));
    expect(acc.jvp(y)).toBeNull();
  });

  it("bad arguments to record and jvp", () => {
    const x = tf.constant(1);
    const acc = new tf.ForwardAccumulator(x, 1);
    expect(() => acc.record(3 as never)).toThrow(/ForwardAccumulator\.record: expected a function/);
    expect(() => acc.jvp(x, { unconnectedGradients: "zeros" as never })).toThrow(
      /ForwardAccumulator\.jvp: Unknown value for unconnected_gradients: zeros/,
    );
    expect(() => acc.jvp([x, "y" as never])).toThrow(/ForwardAccumulator\.jvp: primals\[1\] is the string "y"/);
    const gone = tf.mul(x, 1);
    gone.dispose();
    expect(() => acc.jvp(gone)).toThrow(/ForwardAccumulator\.jvp: Tensor#\d+ .* was disposed by dispose\(\)/);
  });

  it("the engine keeps working after the errors", () => {
    const x = tf.tensor([0.5, 1.5], [2], "float64");
    expect(() => new tf.ForwardAccumulator([x, x], [[1, 1], [1, 1]])).toThrow();
    const acc = new tf.ForwardAccumulator(x, [1, 1]);
    const y = acc.record(() => tf.log(x));
    expectClose(values(acc.jvp(y)), [2, 1 / 1.5], F64_TOL);
  });
});
