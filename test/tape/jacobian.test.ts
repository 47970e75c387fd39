// tape.jacobian and tape.batchJacobian (called as functions of the tape) against central differences
// of plain float64 references, on persistent tapes (row loop or column loop) and non-persistent ones.
import { describe, expect, it, vi } from "vitest";
import * as tf from "../../src/index.js";
import { batchJacobian, jacobian } from "../../src/tape/jacobian.js";
import { F64_TOL, expectClose } from "../util/close.js";
import { randomValues } from "../util/reference.js";

const H = 1e-6;
const TOL = { rtol: 1e-6, atol: 1e-7 };

interface Case {
  name: string;
  shapes: number[][];
  outShape: number[];
  run: (...xs: tf.Tensor[]) => tf.Tensor;
  ref: (xs: number[][]) => number[];
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Exact values (0 and -0 alike) and shape. */
function expectValues(t: tf.Tensor | null, shape: number[], values: number[]): void {
  expect(t).not.toBeNull();
  expect(t!.shape).toEqual(shape);
  expect(Array.from(t!.data(), (v) => v + 0)).toEqual(values);
}

function matmulRef(a: number[], b: number[], n: number, k: number, m: number): number[] {
  const out = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let p = 0; p < k; p++) out[i * m + j] += a[i * k + p] * b[p * m + j];
  return out;
}

const cases: Case[] = [
  { name: "square [2,3]", shapes: [[2, 3]], outShape: [2, 3], run: (x) => tf.mul(x, x), ref: ([x]) => x.map((v) => v * v) },
  {
    name: "matmul [2,3]x[3,2] (two sources)",
    shapes: [[2, 3], [3, 2]],
    outShape: [2, 2],
    run: (a, b) => tf.matmul(a, b),
    ref: ([a, b]) => matmulRef(a, b, 2, 3, 2),
  },
  {
    name: "softmax rows [2,3]",
    shapes: [[2, 3]],
    outShape: [2, 3],
    run: (x) => tf.softmax(x),
    ref: ([x]) =>
      [0, 1].flatMap((r) => {
        const row = x.slice(3 * r, 3 * r + 3).map(Math.exp);
        const s = row.reduce((p, q) => p + q, 0);
        return row.map((v) => v / s);
      }),
  },
  {
    name: "scalar target sum(tanh(a b))",
    shapes: [[2, 3], [3, 2]],
    outShape: [],
    run: (a, b) => tf.reduceSum(tf.tanh(tf.matmul(a, b))),
    ref: ([a, b]) => [matmulRef(a, b, 2, 3, 2).reduce((s, v) => s + Math.tanh(v), 0)],
  },
  {
    name: "scalar source, target [x, x^2, sin x]",
    shapes: [[]],
    outShape: [3],
    run: (x) => tf.stack([x, tf.mul(x, x), tf.sin(x)]),
    ref: ([[x]]) => [x, x * x, Math.sin(x)],
  },
  {
    name: "broadcast a[2,1] * b[3]",
    shapes: [[2, 1], [3]],
    outShape: [2, 3],
    run: (a, b) => tf.mul(tf.exp(a), b),
    ref: ([a, b]) => [0, 1].flatMap((i) => b.map((bj) => Math.exp(a[i]) * bj)),
  },
];

/** J[r, c] over the flat output and the flat input `which`, by central differences. */
function numericJacobian(ref: (xs: number[][]) => number[], xs: number[][], which: number): number[] {
  const rows = ref(xs).length;
  const cols = xs[which].length;
  const out = new Array<number>(rows * cols);
  for (let c = 0; c < cols; c++) {
    const plus = xs.map((x) => x.slice());
    const minus = xs.map((x) => x.slice());
    plus[which][c] += H;
    minus[which][c] -= H;
    const fp = ref(plus);
    const fm = ref(minus);
    for (let r = 0; r < rows; r++) out[r * cols + c] = (fp[r] - fm[r]) / (2 * H);
  }
  return out;
}

describe("jacobian", () => {
  for (const c of cases) {
    for (const persistent of [true, false]) {
      it(`${c.name}, ${persistent ? "persistent" : "non-persistent"} tape`, () => {
        const values = c.shapes.map((s, i) => randomValues(size(s), 11 + i, -1.5, 1.5));
        const xs = values.map((v, i) => tf.tensor(v, c.shapes[i], "float64"));
        const tape = new tf.GradientTape({ persistent });
        const y = tape.record(() => {
          tape.watch(xs);
          return c.run(...xs);
        });
        expect(y.shape).toEqual(c.outShape);
        const js = jacobian(tape, y, xs);
        js.forEach((j, i) => {
          expect(j, `source ${i} connected`).not.toBeNull();
          expect(j!.shape).toEqual([...c.outShape, ...c.shapes[i]]);
          expect(j!.dtype).toBe("float64");
          expectClose(j!.data(), numericJacobian(c.ref, values, i), TOL);
        });
      });
    }
  }

  it("keeps the structure of sources: one tensor, an array, an object, variables", () => {
    const a = tf.tensor([1, 2], [2], "float64");
    const v = new tf.Variable(tf.tensor([3, -1], [2], "float64"), { name: "v" });
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(a);
      return tf.mul(a, v);
    });
    const single = jacobian(tape, y, a);
    expectValues(single, [2, 2], [3, 0, 0, -1]);
    const byName = jacobian(tape, y, { a, v });
    expect(Object.keys(byName)).toEqual(["a", "v"]);
    expectValues(byName.a, [2, 2], [3, 0, 0, -1]);
    expectValues(byName.v, [2, 2], [1, 0, 0, 2]);
    const list = jacobian(tape, y, [v]);
    expectValues(list[0], [2, 2], [1, 0, 0, 2]);
  });

  it("gives the gradient's shape and values for a scalar target", () => {
    const x = tf.tensor([0.5, -1, 2], [3], "float64");
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.square(x));
    });
    expect(jacobian(tape, y, x)!.array()).toEqual(tape.gradient(y, x)!.array());
  });

  it("returns null for an unconnected source, or zeros of the full shape with unconnectedGradients 'zero'", () => {
    for (const persistent of [true, false]) {
      const x = tf.tensor([1, 2, 3]);
      const z = tf.tensor([[1, 2], [3, 4]]);
      const tape = new tf.GradientTape({ persistent });
      const y = tape.record(() => {
        tape.watch([x, z]);
        return tf.mul(x, 2);
      });
      if (persistent) expect(jacobian(tape, y, [x, z])[1]).toBeNull();
      const [jx, jz] = jacobian(tape, y, [x, z], { unconnectedGradients: "zero" });
      expect(jx!.array()).toEqual([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
      expect(jz!.shape).toEqual([3, 2, 2]);
      expect(Array.from(jz!.data())).toEqual(new Array(12).fill(0));
    }
  });

  it("handles empty targets and sources", () => {
    for (const persistent of [true, false]) {
      const x = tf.tensor([1, 2, 3]);
      const empty = tf.zeros([0, 2]);
      const tape = new tf.GradientTape({ persistent });
      const [y, w] = tape.record(() => {
        tape.watch([x, empty]);
        return [tf.mul(tf.reshape(tf.slice(x, [0], [0]), [0, 1]), 3), tf.reduceSum(tf.mul(x, x))];
      });
      const j = jacobian(tape, y, [x, empty], { unconnectedGradients: "zero" });
      expect(j[0]!.shape).toEqual([0, 1, 3]);
      expect(j[1]!.shape).toEqual([0, 1, 0, 2]);
      if (persistent) {
        const k = jacobian(tape, w, [x, empty]);
        expect(k[0]!.array()).toEqual([2, 4, 6]);
        expect(k[1]).toBeNull();
      }
    }
  });

  it("counts as the one use of a non-persistent tape", () => {
    const x = tf.tensor([1, 2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, x);
    });
    expect(jacobian(tape, y, x)!.array()).toEqual([[2, 0], [0, 4]]);
    expect(() => jacobian(tape, y, x)).toThrow(/A non-persistent GradientTape can only be used to compute one set of gradients/);
    expect(() => tape.gradient(y, x)).toThrow(/A non-persistent GradientTape can only be used to compute one set of gradients/);
  });

  it("leaves a persistent tape usable, with the same answer every time", () => {
    const x = tf.tensor([1, 2, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, x);
    });
    const first = jacobian(tape, y, x)!.array();
    expect(jacobian(tape, y, x)!.array()).toEqual(first);
    expect(tape.gradient(y, x)!.array()).toEqual([2, 4, 6]);
  });

  it("rejects an unknown unconnectedGradients value and a target that is not a tensor", () => {
    const x = tf.tensor([1, 2]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, x);
    });
    expect(() => jacobian(tape, y, x, { unconnectedGradients: "zeros" as never })).toThrow(
      /GradientTape.jacobian: Unknown value for unconnected_gradients: zeros/,
    );
    expect(() => jacobian(tape, [y] as never, x)).toThrow(/GradientTape.jacobian: target is an array, not a tf.Tensor/);
    expect(jacobian(tape, y, x)!.array()).toEqual([[2, 0], [0, 4]]);
  });

  it("is differentiable: a Hessian as the jacobian of a gradient, on both loops", () => {
    // f(x) = sum(x0^2 x1 + sin x2 * x0); H by hand.
    const v = [0.7, -1.2, 0.4];
    const hessian = [
      [2 * v[1], 2 * v[0], Math.cos(v[2])],
      [2 * v[0], 0, 0],
      [Math.cos(v[2]), 0, -Math.sin(v[2]) * v[0]],
    ];
    for (const persistent of [true, false]) {
      const x = tf.tensor(v, [3], "float64");
      const outer = new tf.GradientTape({ persistent });
      const g = outer.record(() => {
        outer.watch(x);
        const inner = new tf.GradientTape();
        const f = inner.record(() => {
          inner.watch(x);
          const [x0, x1, x2] = [0, 1, 2].map((i) => tf.slice(x, [i], [1]));
          return tf.reduceSum(tf.add(tf.mul(tf.mul(x0, x0), x1), tf.mul(tf.sin(x2), x0)));
        });
        return inner.gradient(f, x)!;
      });
      const h = jacobian(outer, g, x)!;
      expect(h.shape).toEqual([3, 3]);
      expectClose(h.data(), hessian.flat(), F64_TOL);
    }
  });

  it("is differentiable: the jacobian of a jacobian (third derivatives of x^3)", () => {
    const v = [0.5, -2];
    for (const persistent of [true, false]) {
      const x = tf.tensor(v, [2], "float64");
      const outer = new tf.GradientTape({ persistent: true });
      const j = outer.record(() => {
        outer.watch(x);
        const inner = new tf.GradientTape({ persistent });
        const y = inner.record(() => {
          inner.watch(x);
          return tf.mul(tf.mul(x, x), x);
        });
        return jacobian(inner, y, x)!;
      });
      const t = jacobian(outer, j, x)!;
      expect(t.shape).toEqual([2, 2, 2]);
      // d/dx_k of diag(3 x_i^2)[i, j] is 6 x_i where i = j = k.
      expectValues(t, [2, 2, 2], [6 * v[0], 0, 0, 0, 0, 0, 0, 6 * v[1]]);
    }
  });

  it("works inside the tape's own record (with TensorFlow's warning for a persistent tape)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const x = tf.tensor([1, 2]);
    const tape = new tf.GradientTape({ persistent: true });
    const j = tape.record(() => {
      tape.watch(x);
      return jacobian(tape, tf.mul(x, x), x)!;
    });
    expect(j.array()).toEqual([[2, 0], [0, 4]]);
    warn.mockRestore();
  });

  it("frees its temporaries when no tape records the call", () => {
    const x = tf.tensor(randomValues(4, 3), [4]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.tanh(tf.mul(x, x));
    });
    jacobian(tape, y, x)!.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) jacobian(tape, y, x)!.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("batchJacobian", () => {
  it("TensorFlow's example: y = x * x", () => {
    for (const persistent of [true, false]) {
      const x = tf.tensor([[1, 2], [3, 4]]);
      const tape = new tf.GradientTape({ persistent });
      const y = tape.record(() => {
        tape.watch(x);
        return tf.mul(x, x);
      });
      const j = batchJacobian(tape, y, x);
      expect(j.shape).toEqual([2, 2, 2]);
      expect(j.array()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
    }
  });

  const batchCases: { name: string; xShape: number[]; run: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor; wShape: number[] }[] = [
    { name: "tanh(x W) [3,2]x[2,4]", xShape: [3, 2], wShape: [2, 4], run: (x, w) => tf.tanh(tf.matmul(x, w)) },
    { name: "rank-3 source and target", xShape: [2, 3, 2], wShape: [2, 2], run: (x, w) => tf.sin(tf.matmul(x, w)) },
    { name: "one row per example", xShape: [4, 5], wShape: [5, 1], run: (x, w) => tf.exp(tf.matmul(x, w)) },
  ];
  for (const c of batchCases) {
    for (const persistent of [true, false]) {
      it(`${c.name}, ${persistent ? "persistent" : "non-persistent"} tape: the full Jacobian's diagonal blocks`, () => {
        const x = tf.tensor(randomValues(size(c.xShape), 5, -1, 1), c.xShape, "float64");
        const w = tf.tensor(randomValues(size(c.wShape), 6, -1, 1), c.wShape, "float64");
        const tape = new tf.GradientTape({ persistent });
        const y = tape.record(() => {
          tape.watch(x);
          return c.run(x, w);
        });
        const j = batchJacobian(tape, y, x);
        const b = c.xShape[0];
        expect(j.shape).toEqual([b, ...y.shape.slice(1), ...c.xShape.slice(1)]);
        // Each block against the full jacobian of that example alone.
        const rows = size(y.shape.slice(1));
        const cols = size(c.xShape.slice(1));
        const got = j.data();
        for (let i = 0; i < b; i++) {
          const xi = tf.slice(x, [i, ...c.xShape.slice(1).map(() => 0)], [1, ...c.xShape.slice(1)]);
          const t = new tf.GradientTape();
          const yi = t.record(() => {
            t.watch(xi);
            return c.run(xi, w);
          });
          const ji = jacobian(t, yi, xi)!;
          expectClose(got.slice(i * rows * cols, (i + 1) * rows * cols), ji.data(), F64_TOL);
        }
      });
    }
  }

  it("matches central differences for tanh(x W)", () => {
    const xv = randomValues(6, 8, -1, 1);
    const wv = randomValues(8, 9, -1, 1);
    const x = tf.tensor(xv, [3, 2], "float64");
    const w = tf.tensor(wv, [2, 4], "float64");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.tanh(tf.matmul(x, w));
    });
    const full = numericJacobian(([xs]) => matmulRef(xs, wv, 3, 2, 4).map(Math.tanh), [xv], 0); // [12, 6]
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let r = 0; r < 4; r++) for (let c = 0; c < 2; c++) expected.push(full[(i * 4 + r) * 6 + i * 2 + c]);
    expectClose(batchJacobian(tape, y, x).data(), expected, TOL);
  });

  it("gives zeros for an unconnected source, as TensorFlow does", () => {
    const x = tf.tensor([[1, 2], [3, 4]]);
    const z = tf.tensor([[1], [2]]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch([x, z]);
      return tf.mul(x, 2);
    });
    const j = batchJacobian(tape, y, z);
    expect(j.shape).toEqual([2, 2, 1]);
    expect(Array.from(j.data())).toEqual([0, 0, 0, 0]);
  });

  it("handles an empty batch", () => {
    const x = tf.zeros([0, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.exp(x);
    });
    expect(batchJacobian(tape, y, x).shape).toEqual([0, 3, 3]);
  });

  it("checks ranks and batch sizes with TensorFlow's phrases", () => {
    const x = tf.tensor([[1, 2], [3, 4], [5, 6]]);
    const v = tf.tensor([1, 2, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    const [y, y1] = tape.record(() => {
      tape.watch([x, v]);
      return [tf.mul(x, x), tf.mul(v, v)];
    });
    expect(() => batchJacobian(tape, y1, x)).toThrow(/batchJacobian: target shape \[3\] must have rank at least 2/);
    expect(() => batchJacobian(tape, y, v)).toThrow(/batchJacobian: source shape \[3\] must have rank at least 2/);
    expect(() => batchJacobian(tape, tf.slice(y, [0, 0], [2, 2]), x)).toThrow(
      /Need first dimension of target shape \[2,2\] and source shape \[3,2\] to match/,
    );
    expect(() => batchJacobian(tape, y, x, { unconnectedGradients: "nope" as never })).toThrow(/Unknown value for unconnected_gradients/);
    expect(batchJacobian(tape, y, x).array()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]], [[10, 0], [0, 12]]]);
  });
});

describe("jacobian memory", () => {
  it.each([false, true])("frees its temporaries when it returns (persistent: %s)", (persistent) => {
    const x = tf.tensor([1, 2, 3, 4]);
    const tape = new tf.GradientTape({ persistent });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(x, x), 0, true);
    });
    const before = tf.memory().numTensors;
    const j = tape.jacobian(y, x);
    expect(j!.array()).toEqual([[2, 4, 6, 8]]);
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});
