// TensorFlow's own GradientTape cases (tensorflow/python/eager/backprop_test.py), translated to this
// API, with TensorFlow's expected numbers. `with tf.GradientTape() as t:` is `t.record(() => ...)`.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const item = (t: tf.Tensor | null): number => {
  expect(t).not.toBeNull();
  return t!.item();
};

describe("backprop_test.py: targets and sources", () => {
  it("testNoOpBehaviorConsistent: identity, x+0, x-0 and x*1 are new watched tensors", () => {
    const x = tf.constant(10);
    const x1 = tf.identity(x);
    const x2 = tf.add(x, 0);
    const x3 = tf.sub(x, 0);
    const x4 = tf.mul(x, 1);
    const t = new tf.GradientTape();
    const loss = t.record(() => {
      t.watch([x, x1, x2, x3, x4]);
      const ys = [tf.mul(x, 2), tf.mul(x1, 3), tf.mul(x2, 3), tf.mul(x3, 3), tf.mul(x4, 3)];
      return tf.addN(ys);
    });
    expect(t.gradient(loss, [x, x1, x2, x3, x4]).map(item)).toEqual([2, 3, 3, 3, 3]);
  });

  it("testWhereGradient: where(x < 10, x, x * x)", () => {
    const grad = (v: number): number => {
      const x = tf.constant(v);
      const t = new tf.GradientTape();
      const y = t.record(() => {
        t.watch(x);
        return tf.where(tf.less(x, 10), x, tf.mul(x, x));
      });
      return item(t.gradient(y, x));
    };
    expect(grad(5)).toBe(1);
    expect(grad(50)).toBe(100);
  });

  it("testTwoTargets", () => {
    const t = new tf.GradientTape();
    const x = tf.constant(3);
    const y = tf.constant(2);
    const [xx, yy] = t.record(() => {
      t.watch([x, y]);
      return [tf.mul(2, x), tf.mul(3, y)];
    });
    expect(t.gradient([xx, yy], [x, y]).map(item)).toEqual([2, 3]);
  });

  it("testOutputGradUsedInComputation: outputGradients may be plain numbers", () => {
    const t = new tf.GradientTape();
    const x = tf.constant(3);
    const y = tf.constant(2);
    const loss = t.record(() => {
      t.watch([x, y]);
      return tf.mul(x, y);
    });
    const [dx] = t.gradient([loss, x], [x], { outputGradients: [1, 2] });
    expect(item(dx)).toBe(4);
  });

  it("testDy: an output gradient scales the identity", () => {
    const x = tf.constant(1);
    const t = new tf.GradientTape();
    const y = t.record(() => {
      t.watch(x);
      return tf.identity(x);
    });
    expect(item(t.gradient(y, x, { outputGradients: tf.constant(2) }))).toBe(2);
  });

  it("testGradientInteger: an int32 source has no gradient", () => {
    const x = tf.constant(1, "int32");
    const t = new tf.GradientTape();
    const y = t.record(() => {
      t.watch(x);
      return tf.add(x, x);
    });
    expect(t.gradient(y, x)).toBeNull();
  });

  it("testTapeNoOpGradient and testTapeIdentityGradientIsIdentity", () => {
    const x = tf.constant(3);
    const t1 = new tf.GradientTape();
    const y1 = t1.record(() => {
      t1.watch(x);
      return x;
    });
    expect(item(t1.gradient(y1, x))).toBe(1);
    const t2 = new tf.GradientTape();
    const y2 = t2.record(() => {
      t2.watch(x);
      return tf.identity(x);
    });
    expect(item(t2.gradient(y2, x))).toBe(1);
  });

  it("testTapeGradientMultiTargetOneIsSource: d(x + x*x)/dx at 2 is 5", () => {
    const x = tf.constant(2);
    const t = new tf.GradientTape();
    const y = t.record(() => {
      t.watch(x);
      return tf.mul(x, x);
    });
    expect(item(t.gradient([x, y], x))).toBe(5);
  });

  it("testTapeNoOpGradientWithMultiTargetAllSource", () => {
    const x = tf.constant(3);
    const t = new tf.GradientTape();
    const y = t.record(() => {
      t.watch(x);
      return x;
    });
    expect(item(t.gradient([y, y], x))).toBe(2);
  });

  it("testTapeNoOpGradientWithMultiTargetMultiSource", () => {
    const x = tf.constant(3);
    const y = tf.constant(5);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch(x);
      t.watch(y);
      return tf.mul(y, y);
    });
    expect(t.gradient([x, y, z], [x, y]).map(item)).toEqual([1, 11]);
  });

  it("testTapeNoOpOnVariableIsIdentity: v.value() read inside the tape is differentiable", () => {
    const v0 = new tf.Variable(1);
    const t = new tf.GradientTape();
    const y = t.record(() => v0.value());
    expect(item(t.gradient(y, v0))).toBe(1);
  });

  it("testTapeNoOpGradient2By2 and testTapeNoOpGradientMultiTarget2By2", () => {
    const a = tf.fill([2, 2], 2);
    const tape = new tf.GradientTape({ persistent: true });
    tape.record(() => tape.watch(a));
    expect(tape.gradient(a, [a])[0]!.array()).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(tape.gradient([a, a], [a])[0]!.array()).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it("testPythonMax: the target is one of the variables", () => {
    const x = [new tf.Variable(2), new tf.Variable(3), new tf.Variable(5)];
    const t = new tf.GradientTape();
    const f = t.record(() => x.reduce((best, v) => (v.item() > best.item() ? v : best)));
    const grad = t.gradient(f, x);
    expect(f.item()).toBe(5);
    expect(grad.map((g) => (g === null ? null : g.item()))).toEqual([null, null, 1]);
  });

  it("testGadientTapeCalledOnConstantTarget: a variable target does not depend on another variable", () => {
    const t = new tf.GradientTape();
    const [x, y] = t.record(() => [new tf.Variable([3]), new tf.Variable([2])]);
    expect(t.gradient(x, y)).toBeNull();
  });

  it("testGradientTapeRepeatedSource", () => {
    const g = new tf.GradientTape({ persistent: false });
    const x = tf.constant(3);
    const y = g.record(() => {
      g.watch(x);
      return tf.mul(2, x);
    });
    expect(g.gradient(y, [x, x]).map(item)).toEqual([2, 2]);
  });

  it("testPersistentGradientTapeRepeatedSource", () => {
    const g = new tf.GradientTape({ persistent: true });
    const x = tf.constant(3);
    const y = tf.constant(5);
    const z = g.record(() => {
      g.watch(x);
      g.watch(y);
      return tf.add(tf.mul(x, x), tf.mul(x, y));
    });
    expect(g.gradient(z, [x, x]).map(item)).toEqual([11, 11]);
    expect(g.gradient(z, [y, x]).map(item)).toEqual([3, 11]);
  });

  it("testGradientTapeStructure: nested arrays and objects keep their structure", () => {
    const g = new tf.GradientTape({ persistent: true });
    const x1 = tf.constant(3);
    const x2 = tf.constant(3.1);
    const x3 = tf.constant(3.2);
    const y = g.record(() => {
      g.watch(x1);
      g.watch(x2);
      g.watch(x3);
      return tf.add(tf.add(x1, tf.mul(2, x2)), tf.mul(3, x3));
    });
    const values = (s: unknown): unknown =>
      s === null ? null : s instanceof tf.Tensor ? s.item() : Array.isArray(s) ? s.map(values) : Object.fromEntries(Object.entries(s as object).map(([k, v]) => [k, values(v)]));
    expect(values(g.gradient(y, x1))).toBe(1);
    expect(values(g.gradient(y, [x1]))).toEqual([1]);
    expect(values(g.gradient(y, [x1, x2]))).toEqual([1, 2]);
    expect(values(g.gradient(y, [[x1, x2], [x2, x3]]))).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(values(g.gradient(y, [x1, x2, [x1, x3]]))).toEqual([1, 2, [1, 3]]);
    expect(values(g.gradient(y, [x1, { x2, x3 }]))).toEqual([1, { x2: 2, x3: 3 }]);
  });

  it("testDifferentiatingScalarCache: two equal constants are different tensors", () => {
    const g = new tf.GradientTape({ persistent: false });
    const x1 = tf.constant(3);
    const x2 = tf.constant(3);
    const y = g.record(() => {
      g.watch(x1);
      g.watch(x2);
      return tf.add(x1, x2);
    });
    expect(g.gradient(y, [x1]).map(item)).toEqual([1]);
  });

  it("testVariablesAndConstantsProduceTheSameGradients", () => {
    const grads = (a: tf.Tensor | tf.Variable, b: tf.Tensor | tf.Variable): (number | null)[] => {
      const tape = new tf.GradientTape();
      const [y, z] = tape.record(() => {
        tape.watch([a, b]);
        return [tf.pow(a, 3), tf.pow(b, 2)];
      });
      return tape.gradient([y, z], [a, b]).map(item);
    };
    expect(grads(tf.constant(2), tf.constant(2))).toEqual([12, 4]);
    expect(grads(new tf.Variable(2), new tf.Variable(2))).toEqual([12, 4]);
  });

  it("testOutput and testReturnSameThing: several targets are summed", () => {
    const x = tf.constant([0, 1, 2]);
    const t = new tf.GradientTape();
    const ys = t.record(() => {
      t.watch(x);
      return [tf.add(x, 2), tf.mul(x, x)];
    });
    expect(t.gradient(ys, x)!.array()).toEqual([1, 3, 5]);
    const s = tf.constant(1);
    const t2 = new tf.GradientTape();
    const same = t2.record(() => {
      t2.watch(s);
      return [s, tf.mul(2, s)];
    });
    expect(item(t2.gradient(same, s))).toBe(3);
  });

  it("testEmptyParams: d(a*b) is (b, a)", () => {
    const x = tf.constant(1);
    const y = tf.constant(2);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      t.watch([x, y]);
      return tf.mul(x, y);
    });
    expect(t.gradient(z, [x, y]).map(item)).toEqual([2, 1]);
  });

  it("testMultiValueConvertToTensor: stack of a variable read", () => {
    const x = new tf.Variable([1]);
    const t = new tf.GradientTape();
    const y = t.record(() => {
      const a = tf.add(x.value(), 1);
      return tf.reduceMean(tf.stack([a, a], 0));
    });
    expect(t.gradient(y, x)!.array()).toEqual([1]);
  });
});

describe("backprop_test.py: recording", () => {
  it("testTapeStopRecording", () => {
    const t = new tf.GradientTape();
    let x!: tf.Variable;
    const y = t.record(() => {
      x = new tf.Variable(1);
      return t.stopRecording(() => tf.mul(x, x));
    });
    expect(t.gradient(y, x)).toBeNull();
  });

  it("testTapeStopStartRecording: recording resumes after stopRecording", () => {
    const t = new tf.GradientTape({ persistent: true });
    const { x2, y, z } = t.record(() => {
      const x = new tf.Variable(1);
      const x2 = tf.mul(x, 2);
      const y = t.stopRecording(() => tf.mul(x2, x2));
      const z = tf.mul(x2, x2);
      return { x2, y, z };
    });
    expect(t.gradient(y, x2)).toBeNull();
    expect(item(t.gradient(z, x2))).toBe(4);
  });

  it("testTapeReset: only what follows reset is differentiated", () => {
    const t = new tf.GradientTape();
    const v = new tf.Variable(1);
    const loss = t.record(() => {
      let loss = tf.mul(v, v);
      t.reset();
      loss = tf.add(loss, tf.mul(v, v));
      return loss;
    });
    expect(item(t.gradient(loss, v))).toBe(2);
  });

  it("testAutomaticWatchedVariables and testExplicitWatchedVariables", () => {
    const t = new tf.GradientTape();
    t.record(() => {
      expect(t.watchedVariables()).toHaveLength(0);
      const v = new tf.Variable(1);
      let loss = tf.mul(v, v);
      expect(t.watchedVariables()).toEqual([v]);
      t.reset();
      expect(t.watchedVariables()).toHaveLength(0);
      loss = tf.add(loss, tf.mul(v, v));
      expect(t.watchedVariables()).toEqual([v]);
    });
    const t2 = new tf.GradientTape();
    t2.record(() => {
      const v = new tf.Variable(1);
      t2.watch(v);
      expect(t2.watchedVariables()).toEqual([v]);
      t2.reset();
      expect(t2.watchedVariables()).toHaveLength(0);
      t2.watch(v);
      expect(t2.watchedVariables()).toEqual([v]);
    });
  });

  it("testGradientWithinTapeBlock: non-persistent and persistent", () => {
    const v1 = new tf.Variable(1);
    const t = new tf.GradientTape();
    const grad = t.record(() => t.gradient(tf.mul(2, v1), v1));
    expect(item(grad)).toBe(2);
    const p = new tf.GradientTape({ persistent: true });
    const pgrad = p.record(() => p.gradient(tf.mul(2, v1), v1));
    expect(item(pgrad)).toBe(2);
  });

  it("testNestedSelfContexts: re-entering a recording tape throws", () => {
    const t = new tf.GradientTape();
    t.record(() => {
      expect(() => t.record(() => 0)).toThrow(/Tape is still recording/);
    });
  });

  it("testGradientTapeReEnterContext: a second record appends", () => {
    const g = new tf.GradientTape();
    const x = tf.constant(3);
    const y = g.record(() => {
      g.watch(x);
      return tf.mul(2, x);
    });
    const z = g.record(() => tf.mul(2, y));
    expect(g.gradient(z, [x]).map(item)).toEqual([4]);
  });

  it("testGradientTapeGradientCalledMultipleTimes", () => {
    const g = new tf.GradientTape();
    const x = tf.constant(3);
    const [y, z] = g.record(() => {
      g.watch(x);
      const y = tf.mul(x, x);
      return [y, tf.mul(y, y)];
    });
    g.gradient(z, [x]);
    expect(() => g.gradient(y, [x])).toThrow(
      /A non-persistent GradientTape can only be used to compute one set of gradients \(or jacobians\)/,
    );
  });

  it("testPersistentTape: 108 then 6", () => {
    const g = new tf.GradientTape({ persistent: true });
    const x = tf.constant(3);
    const [y, z] = g.record(() => {
      g.watch(x);
      const y = tf.mul(x, x);
      return [y, tf.mul(y, y)];
    });
    expect(item(g.gradient(z, [x])[0])).toBe(4 * 3 * 3 * 3);
    expect(item(g.gradient(y, [x])[0])).toBe(2 * 3);
  });

  it("testHigherOrderGradient: one persistent tape differentiates its own gradients", () => {
    const g = new tf.GradientTape({ persistent: true });
    const x = tf.constant(3);
    const { y, dy, d2y } = g.record(() => {
      g.watch(x);
      const y = tf.pow(x, 3);
      const dy = g.gradient(y, x)!;
      const d2y = g.gradient(dy, x)!;
      return { y, dy, d2y };
    });
    const d3y = g.gradient(d2y, x);
    expect(y.item()).toBe(27);
    expect(dy.item()).toBe(27);
    expect(d2y.item()).toBe(18);
    expect(item(d3y)).toBe(6);
  });

  it("testGradientTape: a nested tape's gradient feeds the outer computation", () => {
    const g = new tf.GradientTape();
    const x = tf.constant(3);
    const y = g.record(() => {
      g.watch(x);
      const y = tf.mul(x, x);
      const gg = new tf.GradientTape();
      const z = gg.record(() => {
        gg.watch(y);
        return tf.mul(2, y);
      });
      const inner = gg.gradient(z, [y])[0];
      expect(item(inner)).toBe(2);
      return tf.add(y, inner!);
    });
    expect(item(g.gradient(y, [x])[0])).toBe(6);
  });

  it("testPersistentNestedTape", () => {
    const g = new tf.GradientTape({ persistent: true });
    const x = tf.constant(3);
    const { y, z } = g.record(() => {
      g.watch(x);
      let y = tf.mul(x, x);
      const gg = new tf.GradientTape({ persistent: true });
      const z = gg.record(() => {
        gg.watch(y);
        return tf.mul(2, y);
      });
      let inner: tf.Tensor | null = null;
      for (let i = 0; i < 2; i++) {
        inner = gg.gradient(z, [y])[0];
        expect(item(inner)).toBe(2);
      }
      y = tf.add(y, inner!);
      return { y, z };
    });
    expect(item(g.gradient(y, [x])[0])).toBe(6);
    expect(item(g.gradient(z, [x])[0])).toBe(12);
  });

  it("testWatchingIsTapeLocal", () => {
    const x1 = new tf.Variable(2, { trainable: false });
    const x2 = new tf.Variable(2, { trainable: false });
    const tape1 = new tf.GradientTape();
    const [dy, dz] = tape1.record(() => {
      const tape2 = new tf.GradientTape();
      const [y, z] = tape2.record(() => {
        tape1.watch(x1);
        tape2.watch([x1, x2]);
        return [tf.pow(x1, 3), tf.pow(x2, 2)];
      });
      return tape2.gradient([y, z], [x1, x2]);
    });
    const [d2y, d2z] = tape1.gradient([dy!, dz!], [x1, x2]);
    expect(item(d2y)).toBe(12);
    expect(d2z).toBeNull();
  });

  it("testGradGrad and testGradGradExp", () => {
    const second = (f: (x: tf.Tensor) => tf.Tensor, at: number): number => {
      const x = tf.constant(at);
      const outer = new tf.GradientTape();
      const g = outer.record(() => {
        outer.watch(x);
        const inner = new tf.GradientTape();
        const y = inner.record(() => {
          inner.watch(x);
          return f(x);
        });
        return inner.gradient(y, x)!;
      });
      return item(outer.gradient(g, x));
    };
    expect(second((x) => tf.mul(x, x), 3)).toBe(2);
    expect(second(tf.exp, 0)).toBe(1);
  });

  it("testGradientTapeWithCond and testGradientTapeWithWhileLoop (eager: JS control flow)", () => {
    const x = tf.constant(3);
    const g = new tf.GradientTape();
    const y = g.record(() => {
      g.watch(x);
      return tf.less(x, x).item() ? x : tf.mul(x, x);
    });
    expect(item(g.gradient(y, [x])[0])).toBe(6);

    const x0 = tf.constant(2);
    const h = new tf.GradientTape();
    const out = h.record(() => {
      h.watch([x0]);
      let i = 1;
      let v = x0;
      while (i < 3) {
        i += 1;
        v = tf.mul(v, 2);
      }
      return v;
    });
    expect(item(h.gradient(out, [x0])[0])).toBe(4);
  });

  it("testGradientTapeVariable and testNestedGradients", () => {
    const v = new tf.Variable(1, { name: "v" });
    const g = new tf.GradientTape();
    const y = g.record(() => tf.mul(v, v));
    expect(item(g.gradient(y, [v])[0])).toBe(2);

    const x = tf.constant(3);
    const h = new tf.GradientTape();
    const [yy, z] = h.record(() => {
      h.watch(x);
      const yy = tf.mul(x, x);
      return [yy, tf.mul(yy, yy)];
    });
    expect(h.gradient(z, [x, yy]).map(item)).toEqual([108, 18]);
  });

  it("testSelectivelyWatchVariables", () => {
    const x1 = new tf.Variable(1);
    const x2 = new tf.Variable(1);
    const tape = new tf.GradientTape({ watchAccessedVariables: false });
    const [y, z] = tape.record(() => {
      tape.watch(x2);
      return [tf.pow(x1, 2), tf.pow(x2, 3)];
    });
    expect(tape.watchedVariables()).toEqual([x2]);
    const [dy, dz] = tape.gradient([y, z], [x1, x2]);
    expect(dy).toBeNull();
    expect(item(dz)).toBe(3);
  });

  it("testCustomGradient loop (without the custom gradient): assignSub with the gradient", () => {
    const lr = 0.25;
    const x = new tf.Variable(2, { name: "x" });
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.mul(2, x));
      losses.push(loss.item());
      x.assignSub(tf.mul(lr, tape.gradient(loss, x)!));
    }
    expect(losses).toEqual([4, 3, 2, 1, 0]);
  });
});

describe("backprop_test.py: unconnected gradients and watched variables", () => {
  it("testUnconnectedGradientsDefault", () => {
    const x = tf.constant(1);
    const y = tf.constant(3);
    const g = new tf.GradientTape();
    const z = g.record(() => {
      g.watch([x, y]);
      return tf.mul(y, 2);
    });
    expect(g.gradient(z, x)).toBeNull();
  });

  it("testUnconnectedGradientsZeros and testUnconnectedGradientsVariablesZeros", () => {
    const x = tf.fill([2, 2], 1);
    const y = tf.constant(3);
    const g = new tf.GradientTape();
    const z = g.record(() => {
      g.watch([x, y]);
      return tf.mul(y, 2);
    });
    const dz = g.gradient(z, x, { unconnectedGradients: "zero" });
    expect(dz!.array()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(dz!.dtype).toBe("float32");

    const xv = new tf.Variable(tf.fill([2, 2], 1));
    const yv = new tf.Variable(3);
    const h = new tf.GradientTape();
    const zv = h.record(() => {
      h.watch([xv, yv]);
      return tf.mul(yv, 2);
    });
    expect(h.gradient(zv, xv, { unconnectedGradients: "zero" })!.array()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("testUnknownUnconnectedGradientsValueGiven", () => {
    const x = tf.constant(1);
    const y = tf.constant(1);
    const g = new tf.GradientTape();
    const z = g.record(() => {
      g.watch([x, y]);
      return tf.mul(y, 2);
    });
    expect(() => g.gradient(z, x, { unconnectedGradients: "nonsense" as tf.UnconnectedGradients })).toThrow(
      /Unknown value for unconnected_gradients: 'nonsense'/,
    );
    // The bad call did not use up the tape.
    expect(g.gradient(z, y)!.item()).toBe(2);
  });

  it("testUnconnectedGradientsNestedDefunZeros: stopGradient gives zeros with 'zero'", () => {
    const x = tf.constant(1);
    const g = new tf.GradientTape();
    const y = g.record(() => {
      g.watch(x);
      const k = tf.add(x, 2);
      return tf.stopGradient(tf.mul(k, k));
    });
    expect(item(g.gradient(y, x, { unconnectedGradients: "zero" }))).toBe(0);
  });

  it("testWatchBadThing: watch rejects a typed array", () => {
    const g = new tf.GradientTape();
    expect(() => g.watch(new Float32Array([1]) as unknown as tf.Tensor)).toThrow(
      /Passed in object of type Float32Array, not tf\.Tensor/,
    );
  });

  it("testWatchedVariablesAfterNonPersistentGradientCall", () => {
    const tape = new tf.GradientTape({ persistent: false });
    let x!: tf.Variable;
    tape.record(() => {
      x = new tf.Variable(1);
      tape.watch(x);
    });
    tape.gradient(x, x);
    expect(tape.watchedVariables()).toEqual([x]);
  });

  it("testWatchedVariablesRespectReset", () => {
    const tape = new tf.GradientTape({ persistent: false });
    let z!: tf.Variable;
    tape.record(() => {
      const x = new tf.Variable(1);
      tape.watch(x);
      expect(tape.watchedVariables()).toEqual([x]);
      tape.reset();
      z = new tf.Variable(2);
      tape.watch(z);
      expect(tape.watchedVariables()).toEqual([z]);
    });
    tape.gradient(z, z);
    expect(tape.watchedVariables()).toEqual([z]);
  });
});
