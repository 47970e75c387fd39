// GradientTape semantics: the cases of TensorFlow's guides "Introduction to gradients and automatic
// differentiation" (guide/autodiff) and "Advanced automatic differentiation" (guide/advanced_autodiff),
// with the numbers they print, then the API's own contract (errors, warnings, structures).
import { afterEach, describe, expect, it, vi } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";

const item = (t: tf.Tensor | null): number => {
  expect(t).not.toBeNull();
  return t!.item();
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("guide/autodiff", () => {
  it("Gradient tapes: x = Variable(3), y = x**2, dy/dx = 6", () => {
    const x = new tf.Variable(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.pow(x, 2));
    expect(item(tape.gradient(y, x))).toBe(6);
  });

  it("x @ w + b: gradients have the sources' shapes, as a list or a dict", () => {
    const w = new tf.Variable(tf.random.normal([3, 2]), { name: "w" });
    const b = new tf.Variable(tf.zeros([2], "float32"), { name: "b" });
    const x = [[1, 2, 3]];
    const tape = new tf.GradientTape({ persistent: true });
    const loss = tape.record(() => {
      const y = tf.add(tf.matmul(x, w), b);
      return tf.reduceMean(tf.pow(y, 2));
    });
    const [dlDw, dlDb] = tape.gradient(loss, [w, b]);
    expect(w.shape).toEqual([3, 2]);
    expect(dlDw!.shape).toEqual([3, 2]);
    expect(dlDb!.shape).toEqual([2]);
    const grad = tape.gradient(loss, { w, b });
    expect(grad.b!.array()).toEqual(dlDb!.array());
    expect(grad.w!.array()).toEqual(dlDw!.array());
  });

  it("Controlling what the tape watches: 6.0 None None None, watched ['x0:0']", () => {
    const x0 = new tf.Variable(3, { name: "x0" });
    const x1 = new tf.Variable(3, { name: "x1", trainable: false });
    const x2 = tf.add(new tf.Variable(2, { name: "x2" }), 1);
    const x3 = tf.constant(3);
    expect(x2).toBeInstanceOf(tf.Tensor);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.add(tf.add(tf.pow(x0, 2), tf.pow(x1, 2)), tf.pow(x2, 2)));
    const grad = tape.gradient(y, [x0, x1, x2, x3]);
    expect(grad.map((g) => (g === null ? null : g.item()))).toEqual([6, null, null, null]);
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(["x0"]);
  });

  it("watch a constant: 6.0", () => {
    const x = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.pow(x, 2);
    });
    expect(item(tape.gradient(y, x))).toBe(6);
  });

  it("watchAccessedVariables: false: dy/dx0 None, dy/dx1 = sigmoid(10)", () => {
    const x0 = new tf.Variable(0);
    const x1 = new tf.Variable(10);
    const tape = new tf.GradientTape({ watchAccessedVariables: false });
    const ys = tape.record(() => {
      tape.watch(x1);
      const y = tf.add(tf.sin(x0), tf.softplus(x1));
      return tf.reduceSum(y);
    });
    const grad = tape.gradient(ys, { x0, x1 });
    expect(grad.x0).toBeNull();
    expectClose([item(grad.x1)], [1 / (1 + Math.exp(-10))]); // 0.9999546
  });

  it("Intermediate results: dz/dy = 2y = 18", () => {
    const x = tf.constant(3);
    const tape = new tf.GradientTape();
    const [y, z] = tape.record(() => {
      tape.watch(x);
      const y = tf.mul(x, x);
      return [y, tf.mul(y, y)];
    });
    expect(item(tape.gradient(z, y))).toBe(18);
  });

  it("persistent: [4, 108] then [2, 6]", () => {
    const x = tf.constant([1, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    const [y, z] = tape.record(() => {
      tape.watch(x);
      const y = tf.mul(x, x);
      return [y, tf.mul(y, y)];
    });
    expect(tape.gradient(z, x)!.array()).toEqual([4, 108]);
    expect(tape.gradient(y, x)!.array()).toEqual([2, 6]);
  });

  it("Gradients of non-scalar targets: 4, -0.25, their sum 3.75, and x * [3, 4] gives 7", () => {
    const x = new tf.Variable(2);
    const tape = new tf.GradientTape({ persistent: true });
    const [y0, y1] = tape.record(() => [tf.pow(x, 2), tf.div(1, x)]);
    expect(item(tape.gradient(y0, x))).toBe(4);
    expect(item(tape.gradient(y1, x))).toBe(-0.25);
    const t2 = new tf.GradientTape();
    const ys = t2.record(() => ({ y0: tf.pow(x, 2), y1: tf.div(1, x) }));
    expect(item(t2.gradient(ys, x))).toBe(3.75);
    const t3 = new tf.GradientTape();
    const y = t3.record(() => tf.mul(x, [3, 4]));
    expect(item(t3.gradient(y, x))).toBe(7);
  });

  it("element-wise: the gradient of the sum of sigmoid(linspace) is sigmoid'", () => {
    const x = tf.linspace(-10, 10, 201);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.sigmoid(x);
    });
    const dy = tape.gradient(y, x)!;
    const expected = Array.from(x.data(), (v) => {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 - s);
    });
    expectClose(dy.data(), expected, { rtol: 1e-5, atol: 1e-7 });
  });

  it("Control flow: dv0 = 1, dv1 None, dx None", () => {
    const x = tf.constant(1);
    const v0 = new tf.Variable(2);
    const v1 = new tf.Variable(2);
    const tape = new tf.GradientTape({ persistent: true });
    const result = tape.record(() => {
      tape.watch(x);
      return tf.greater(x, 0).item() ? v0 : tf.pow(v1, 2);
    });
    const [dv0, dv1] = tape.gradient(result, [v0, v1]);
    expect(item(dv0)).toBe(1);
    expect(dv1).toBeNull();
    expect(tape.gradient(result, x)).toBeNull();
  });

  it("Getting a gradient of None: z = y * y does not depend on x", () => {
    const x = new tf.Variable(2);
    const y = new tf.Variable(3);
    const tape = new tf.GradientTape();
    const z = tape.record(() => tf.mul(y, y));
    expect(tape.gradient(z, x)).toBeNull();
  });

  it("1. Replaced a variable with a tensor: Variable : 1.0, then Tensor : None", () => {
    let x: tf.Variable | tf.Tensor = new tf.Variable(2);
    const seen: [string, number | null][] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const tape = new tf.GradientTape();
      const source = x;
      const y = tape.record(() => tf.add(source, 1));
      const g = tape.gradient(y, source);
      seen.push([source.constructor.name, g === null ? null : g.item()]);
      x = tf.add(x, 1); // should be x.assignAdd(1)
    }
    expect(seen).toEqual([
      ["Variable", 1],
      ["Tensor", null],
    ]);
  });

  it("2. Did calculations outside of the engine: the tape sees a constant", () => {
    const x = new tf.Variable([
      [1, 2],
      [3, 4],
    ]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const x2 = tf.pow(x, 2).array() as number[][];
      const colMean = x2[0].map((_, j) => (x2[0][j] + x2[1][j]) / 2); // the NumPy step
      return tf.reduceMean(colMean, 0);
    });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("3. Took gradients through an integer: None", () => {
    const x = new tf.Variable([
      [2, 2],
      [2, 2],
    ], { dtype: "int32" });
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tf.cast(x, "float32");
      return tf.reduceSum(x);
    });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("5. Took gradients through a stateful object: assignAdd does not connect x0", () => {
    const x0 = new tf.Variable(3);
    const x1 = new tf.Variable(0);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      x1.assignAdd(x0);
      return tf.pow(x1, 2);
    });
    expect(tape.gradient(y, x0)).toBeNull();
    expect(item(tape.gradient(y, x1))).toBe(6);
  });

  it("Zeros instead of None: [0, 0]", () => {
    const x = new tf.Variable([2, 2]);
    const y = new tf.Variable(3);
    const tape = new tf.GradientTape();
    const z = tape.record(() => tf.pow(y, 2));
    expect(tape.gradient(z, x, { unconnectedGradients: "zero" })!.array()).toEqual([0, 0]);
  });
});

describe("guide/advanced_autodiff", () => {
  const x = tf.constant(2);
  const y = tf.constant(3);

  it("Stop recording: dz/dx 4, dz/dy None", () => {
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch([x, y]);
      const xSq = tf.mul(x, x);
      const ySq = t.stopRecording(() => tf.mul(y, y));
      return tf.add(xSq, ySq);
    });
    const grad = t.gradient(z, { x, y });
    expect(item(grad.x)).toBe(4);
    expect(grad.y).toBeNull();
  });

  it("Reset recording: dz/dx 4, dz/dy None", () => {
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch([x, y]);
      const ySq = tf.mul(y, y);
      t.reset();
      t.watch(x);
      return tf.add(tf.mul(x, x), ySq);
    });
    const grad = t.gradient(z, { x, y });
    expect(item(grad.x)).toBe(4);
    expect(grad.y).toBeNull();
  });

  it("reset forgets explicit watches: a variable watched before reset and used after it is unconnected", () => {
    const v = new tf.Variable(3, { dtype: "float64", trainable: false });
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch(v);
      t.reset();
      return tf.mul(v, v);
    });
    expect(t.gradient(z, v)).toBeNull();
  });

  it("Stop gradient: dz/dx 4, dz/dy None", () => {
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch([x, y]);
      return tf.add(tf.pow(x, 2), tf.stopGradient(tf.pow(y, 2)));
    });
    const grad = t.gradient(z, { x, y });
    expect(item(grad.x)).toBe(4);
    expect(grad.y).toBeNull();
  });

  it("Multiple tapes: cos(0) = 1 and sigmoid'(0) = 0.25", () => {
    const x0 = tf.constant(0);
    const x1 = tf.constant(0);
    const tape0 = new tf.GradientTape();
    const tape1 = new tf.GradientTape();
    const ys = tape0.record(() =>
      tape1.record(() => {
        tape0.watch(x0);
        tape1.watch(x1);
        const y = tf.add(tf.sin(x0), tf.sigmoid(x1));
        return tf.reduceSum(y);
      }),
    );
    expect(item(tape0.gradient(ys, x0))).toBe(1);
    expect(item(tape1.gradient(ys, x1))).toBe(0.25);
  });

  it("Higher-order gradients: x = Variable(1), y = x*x*x: 3 and 6", () => {
    const v = new tf.Variable(1);
    const t2 = new tf.GradientTape();
    const dyDx = t2.record(() => {
      const t1 = new tf.GradientTape();
      const yy = t1.record(() => tf.mul(tf.mul(v, v), v));
      return t1.gradient(yy, v)!;
    });
    const d2 = t2.gradient(dyDx, v);
    expect(dyDx.item()).toBe(3);
    expect(item(d2)).toBe(6);
  });
});

describe("GradientTape contract", () => {
  it("watching an int32 tensor warns with TensorFlow's phrase and gives null", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const x = tf.constant(3, "int32");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, x);
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/The dtype of the watched tensor must be floating \(e\.g\. tf\.float32\), got int32/);
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("an int32 source is null even when it is the target; zeros with 'zero'", () => {
    const x = tf.constant([1, 2], "int32");
    const t = new tf.GradientTape({ persistent: true });
    t.record(() => {});
    expect(t.gradient(x, x)).toBeNull();
    const z = t.gradient(x, x, { unconnectedGradients: "zero" })!;
    expect(z.dtype).toBe("int32");
    expect(z.array()).toEqual([0, 0]);
  });

  it("an int variable read in the tape is listed as watched without a warning, and its gradient is null", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const n = new tf.Variable(4, { dtype: "int32", name: "n" });
    const w = new tf.Variable(2, { name: "w" });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(tf.cast(tf.mul(n, n), "float32"), w));
    expect(warn).not.toHaveBeenCalled();
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(["n", "w"]);
    const [dn, dw] = tape.gradient(y, [n, w]);
    expect(dn).toBeNull();
    expect(item(dw)).toBe(16);
  });

  it("watchedVariables lists variables in creation order, as TensorFlow does (testImplicitGradOrdering)", () => {
    const a = new tf.Variable(1, { name: "a" });
    const b = new tf.Variable(2, { name: "b" });
    const tape = new tf.GradientTape();
    tape.record(() => {
      tf.mul(b, b);
      tf.mul(a, b);
      tf.mul(a, a);
    });
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(["a", "b"]);
  });

  it("a persistent tape's gradient inside its own record warns once, with TensorFlow's text", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const x = new tf.Variable(3);
    const tape = new tf.GradientTape({ persistent: true });
    tape.record(() => {
      const y = tf.mul(x, x);
      expect(item(tape.gradient(y, x))).toBe(6);
      expect(item(tape.gradient(y, x))).toBe(6);
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /^Calling GradientTape\.gradient on a persistent tape inside its context is significantly less efficient than calling it outside the context/,
    );
  });

  it("a non-persistent gradient inside record stops the recording; record again starts a fresh tape", () => {
    const x = new tf.Variable(3);
    const tape = new tf.GradientTape();
    let after!: tf.Tensor;
    const g = tape.record(() => {
      const y = tf.mul(x, x);
      const g = tape.gradient(y, x);
      after = tf.mul(x, 5); // not recorded: the tape stopped
      return g;
    });
    expect(item(g)).toBe(6);
    expect(() => tape.gradient(after, x)).toThrow(/A non-persistent GradientTape can only be used to compute one set of gradients/);
    // As TensorFlow's `with tape:` after the gradient: a new recording on the same object.
    const z = tape.record(() => tf.mul(x, 4));
    expect(item(tape.gradient(z, x))).toBe(4);
  });

  it("the error of a used tape says how to fix it, and reset makes the tape usable again", () => {
    const x = tf.constant(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, 2);
    });
    tape.gradient(y, x);
    expect(() => tape.gradient(y, x)).toThrow(/persistent: true/);
    tape.reset();
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("errors before the backward pass do not use up a non-persistent tape", () => {
    const x = tf.constant([1, 2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.mul(x, x);
    });
    expect(() => tape.gradient(y, [x, 3 as unknown as tf.Tensor])).toThrow(/GradientTape\.gradient: sources\[1\] is number 3, not a tf\.Tensor/);
    expect(() => tape.gradient(y, x, { outputGradients: [1, 2, 3] })).toThrow(/outputGradients has shape \[3\] but its target has shape \[2\]/);
    expect(() => tape.gradient(y, x, { outputGradients: tf.constant([1, 2], "float64") })).toThrow(
      /outputGradients is float64 but its target is float32; cast it/,
    );
    expect(() => tape.gradient([y], x, { outputGradients: tf.constant([1, 2]) })).toThrow(
      /outputGradients must be an array of 1 gradients, one per target/,
    );
    expect(tape.gradient(y, x, { outputGradients: [10, 100] })!.array()).toEqual([20, 400]);
  });

  it("outputGradients follow the targets' structure; a null entry means ones", () => {
    const x = tf.constant(3);
    const tape = new tf.GradientTape({ persistent: true });
    const t = tape.record(() => {
      tape.watch(x);
      return { a: tf.mul(x, x), b: tf.mul(x, 10) };
    });
    expect(item(tape.gradient(t, x, { outputGradients: { b: 2, a: 1 } }))).toBe(6 + 20);
    expect(item(tape.gradient(t, x, { outputGradients: { a: null, b: 0 } }))).toBe(6);
    expect(item(tape.gradient([t.a, t.b], x, { outputGradients: [null, 3] }))).toBe(36);
  });

  it("watch rejects non-tensors with TensorFlow's phrase and takes nested structures", () => {
    const tape = new tf.GradientTape();
    expect(() => tape.watch(3 as unknown as tf.Tensor)).toThrow(/Passed in object of type number, not tf\.Tensor/);
    expect(() => tape.watch([[1, 2]] as unknown as tf.Tensor[])).toThrow(/Passed in object of type number, not tf\.Tensor/);
    expect(() => tape.watch(null as unknown as tf.Tensor)).toThrow(/Passed in object of type null, not tf\.Tensor/);
    const a = tf.constant(1);
    const b = tf.constant(2);
    const c = tf.constant(3);
    const y = tape.record(() => {
      tape.watch([a, [{ b }, { deep: [c] }]]);
      return tf.mul(tf.mul(a, b), c);
    });
    expect(tape.gradient(y, [a, { b, c }])).toMatchObject([expect.any(tf.Tensor), { b: expect.any(tf.Tensor), c: expect.any(tf.Tensor) }]);
  });

  it("record takes a function, runs it synchronously and returns its value", () => {
    const tape = new tf.GradientTape();
    expect(() => tape.record(undefined as unknown as () => void)).toThrow(/GradientTape\.record: expected a function/);
    expect(tape.record(() => 42)).toBe(42);
  });

  it("an exception inside record stops the recording", () => {
    const x = new tf.Variable(2);
    const tape = new tf.GradientTape({ persistent: true });
    expect(() =>
      tape.record(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    const outside = tf.mul(x, x);
    expect(tape.watchedVariables()).toEqual([]);
    const y = tape.record(() => tf.mul(x, 3));
    expect(item(tape.gradient(y, x))).toBe(3);
    expect(tape.gradient(outside, x)).toBeNull();
  });

  it("stopRecording outside record throws TensorFlow's text", () => {
    const tape = new tf.GradientTape();
    expect(() => tape.stopRecording(() => 0)).toThrow(/Trying to stop recording a tape which is not recording/);
  });

  it("stopRecording pauses only this tape: an outer tape keeps recording", () => {
    const x = tf.constant(2);
    const outer = new tf.GradientTape();
    const inner = new tf.GradientTape();
    const y = outer.record(() =>
      inner.record(() => {
        outer.watch(x);
        inner.watch(x);
        return inner.stopRecording(() => tf.mul(x, x));
      }),
    );
    expect(inner.gradient(y, x)).toBeNull();
    expect(item(outer.gradient(y, x))).toBe(4);
  });

  it("third derivative through three nested tapes: x**3 at 2 gives 12, 12, 6", () => {
    const x = new tf.Variable(2);
    const t3 = new tf.GradientTape();
    const [d1, d2] = t3.record(() => {
      const t2 = new tf.GradientTape();
      const d1 = t2.record(() => {
        const t1 = new tf.GradientTape();
        const y = t1.record(() => tf.pow(x, 3));
        return t1.gradient(y, x)!;
      });
      return [d1, t2.gradient(d1, x)!];
    });
    expect(d1.item()).toBe(12);
    expect(d2.item()).toBe(12);
    expect(item(t3.gradient(d2, x))).toBe(6);
  });

  it("the gradient of a target with respect to itself is ones of its shape", () => {
    const x = tf.constant([[1, 2, 3]]);
    const tape = new tf.GradientTape();
    tape.record(() => tape.watch(x));
    expect(tape.gradient(x, x)!.array()).toEqual([[1, 1, 1]]);
  });

  it("float64 sources give float64 gradients", () => {
    const x = tf.constant([1, 2], "float64");
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(x, x));
    });
    const g = tape.gradient(y, x)!;
    expect(g.dtype).toBe("float64");
    expect(g.array()).toEqual([2, 4]);
  });

  it("gradients through a cast to int32 are null; through float64 they flow", () => {
    const x = tf.constant(2.5);
    const tape = new tf.GradientTape({ persistent: true });
    const [viaInt, viaF64] = tape.record(() => {
      tape.watch(x);
      const i = tf.cast(tf.cast(x, "int32"), "float32");
      const d = tf.cast(tf.mul(tf.cast(x, "float64"), 3), "float32");
      return [tf.mul(i, x), d];
    });
    expect(item(tape.gradient(viaF64, x))).toBe(3);
    // d(i * x)/dx with i constant (= 2): only the direct path.
    expect(item(tape.gradient(viaInt, x))).toBe(2);
    const y = tape.record(() => tf.cast(tf.cast(x, "int32"), "float32"));
    expect(tape.gradient(y, x)).toBeNull();
  });

  it("the backward pass of a gradient taken outside any tape frees its temporaries", () => {
    const x = tf.constant([1, 2, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.exp(tf.mul(x, x)));
    });
    tape.gradient(y, x);
    const before = tf.memory().numTensors;
    const g = tape.gradient(y, x);
    // Only the gradient is new (garbage collection may free unrelated tensors meanwhile).
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1);
    expectClose(g!.data(), [1, 2, 3].map((v) => 2 * v * Math.exp(v * v)), { rtol: 1e-5 });
  });
});
