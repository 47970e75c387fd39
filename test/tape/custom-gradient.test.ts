// tf.customGradient: the user's gradient replaces the derived one, counts are checked, variables read
// inside f get gradients through grad(dy, variables), and grads written with ops give second orders.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { checkGradients } from "../util/gradcheck.js";

function gradientOf(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor | null {
  const tape = new tf.GradientTape();
  const y = tape.record(() => {
    tape.watch(x);
    return f(x);
  });
  return tape.gradient(y, x);
}

/** TensorFlow's documented example: log(1 + e^x) with its stable gradient. */
const log1pexp = tf.customGradient((x: tf.Tensor) => {
  const e = tf.exp(x);
  return { value: tf.log(tf.add(e, 1)), grad: (dy: tf.Tensor) => tf.mul(dy, tf.sub(1, tf.div(1, tf.add(e, 1)))) };
});

describe("customGradient", () => {
  it("log1pexp: the stable gradient at x = 100 where the derived one is NaN", () => {
    const x = tf.constant(100);
    expect(gradientOf((t) => tf.log(tf.add(tf.exp(t), 1)), x)!.item()).toBeNaN();
    expect(gradientOf(log1pexp, x)!.item()).toBe(1);
  });

  it("log1pexp: first and second derivatives against finite differences (second order through e^x)", () => {
    checkGradients({
      run: (x) => log1pexp(x),
      ref: ([x]) => x.map((v) => Math.log1p(Math.exp(v))),
      shapes: [[2, 3]],
      domain: [-3, 3],
    });
  });

  it("the tape uses grad, not the derivative of f's ops", () => {
    const tenfold = tf.customGradient((x: tf.Tensor) => ({ value: tf.mul(x, x), grad: (dy: tf.Tensor) => tf.mul(dy, 10) }));
    const x = tf.tensor([1, -2, 3]);
    expect(tenfold(x).array()).toEqual([1, 4, 9]);
    expect(gradientOf((t) => tf.reduceSum(tenfold(t)), x)!.array()).toEqual([10, 10, 10]);
  });

  it("a value that is the input itself (gradient clipping)", () => {
    const clipGrad = tf.customGradient((x: tf.Tensor) => ({ value: x, grad: (dy: tf.Tensor) => tf.clipByValue(dy, -1, 1) }));
    const x = tf.tensor([0.5, 2]);
    expect(clipGrad(x).array()).toEqual([0.5, 2]);
    expect(gradientOf((t) => tf.reduceSum(tf.mul(clipGrad(t), tf.tensor([5, -0.5]))), x)!.array()).toEqual([1, -0.5]);
  });

  it("several inputs: grad returns one gradient per input (first and second order)", () => {
    const customMul = tf.customGradient((a: tf.Tensor, b: tf.Tensor) => ({
      value: tf.mul(a, b),
      grad: (dy: tf.Tensor) => [tf.mul(dy, b), tf.mul(dy, a)],
    }));
    checkGradients({
      run: (a, b) => tf.sin(customMul(a, b)),
      ref: ([a, b]) => a.map((v, i) => Math.sin(v * b[i])),
      shapes: [[3], [3]],
    });
  });

  it("a null gradient leaves that input unconnected", () => {
    const scaleBy = tf.customGradient((x: tf.Tensor, s: tf.Tensor) => ({ value: tf.mul(x, s), grad: (dy: tf.Tensor) => [tf.mul(dy, s), null] }));
    const x = tf.tensor([1, 2]);
    const s = tf.constant(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch([x, s]);
      return scaleBy(x, s);
    });
    const [gx, gs] = tape.gradient(y, [x, s]);
    expect(gx!.array()).toEqual([3, 3]);
    expect(gs).toBeNull();
  });

  it("nests: a grad that is itself a customGradient gives the second derivative it defines", () => {
    for (const [secondSlope, expected] of [[6, [3, -12]], [0, [0, 0]]] as const) {
      const slope = tf.customGradient((x: tf.Tensor) => ({
        value: tf.mul(tf.mul(x, x), 3),
        grad: (dy: tf.Tensor) => tf.mul(dy, tf.mul(x, secondSlope)),
      }));
      const cube = tf.customGradient((x: tf.Tensor) => ({
        value: tf.mul(tf.mul(x, x), x),
        grad: (dy: tf.Tensor) => tf.mul(dy, slope(x)),
      }));
      const x = tf.tensor([0.5, -2]);
      const outer = new tf.GradientTape();
      const first = outer.record(() => {
        outer.watch(x);
        return gradientOf((t) => tf.reduceSum(cube(t)), x)!;
      });
      expect(first.array()).toEqual([0.75, 12]);
      expect(Array.from(outer.gradient(first, x)!.data(), (v) => v + 0)).toEqual(expected);
    }
  });

  it("variables read inside f: grad(dy, variables) returns [inputGradients, variableGradients]", () => {
    const v = new tf.Variable(tf.tensor([2, 3]), { name: "scale" });
    let seen: tf.Variable[] = [];
    const scaled = tf.customGradient((x: tf.Tensor) => ({
      value: tf.mul(x, v),
      grad: (dy: tf.Tensor, variables: tf.Variable[]) => {
        seen = variables;
        return [tf.mul(dy, v), [tf.mul(dy, x)]] as const;
      },
    }));
    const x = tf.tensor([5, 7]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(scaled(x));
    });
    expect(tape.watchedVariables()).toEqual([v]);
    const [gx, gv] = tape.gradient(y, [x, v]);
    expect(seen).toEqual([v]);
    expect(gx!.array()).toEqual([2, 3]);
    expect(gv!.array()).toEqual([5, 7]);
  });

  it("a variable passed as an input is an input, not one of grad's variables", () => {
    const v = new tf.Variable(tf.tensor([2, 3]));
    const square = tf.customGradient((t: tf.Tensor | tf.Variable) => {
      expect(t).toBe(v);
      return { value: tf.mul(t, t), grad: (dy: tf.Tensor) => tf.mul(dy, tf.mul(t, 2)) };
    });
    const tape = new tf.GradientTape();
    const y = tape.record(() => square(v));
    expect(tape.gradient(y, v)!.array()).toEqual([4, 6]);
  });

  it("without a tape it just returns f's value", () => {
    const x = tf.tensor([1, 2]);
    const same = tf.customGradient((t: tf.Tensor) => ({ value: t, grad: (dy: tf.Tensor) => dy }));
    expect(same(x)).toBe(x);
    expect(log1pexp(tf.tensor([0], [1], "float64")).array()).toEqual([Math.log(2)]);
  });

  it("errors: wrong gradient count, shape, type, variables form; f's result; then the engine still works", () => {
    const x = tf.tensor([1, 2]);
    const run = (grad: (dy: tf.Tensor) => unknown) => {
      const f = tf.customGradient((t: tf.Tensor) => ({ value: tf.mul(t, 2), grad: grad as tf.CustomGrad }));
      return () => gradientOf((t) => f(t), x);
    };
    expect(run((dy) => [dy, dy])).toThrow(/customGradient: .*expected to return 1 gradients .*but returned 2 instead/);
    expect(run(() => tf.tensor([1, 2, 3]))).toThrow(/customGradient: the gradient for input 0 is float32 \[3\] but the input 0 is float32 \[2\]/);
    expect(run(() => tf.tensor([1, 2], [2], "float64"))).toThrow(/float64 \[2\] but the input 0 is float32 \[2\]/);
    expect(run(() => "dx")).toThrow(/customGradient: the gradient for input 0 must be a tf.Tensor or null, got the string "dx"/);
    const two = tf.customGradient((a: tf.Tensor, b: tf.Tensor) => ({ value: tf.add(a, b), grad: (dy: tf.Tensor) => dy }));
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return two(x, x);
    });
    expect(() => tape.gradient(y, x)).toThrow(/expected to return 2 gradients \(one per input\) but returned 1 instead/);

    const v = new tf.Variable(tf.tensor([1, 1]), { name: "w" });
    expect(run(() => tf.onesLike(x))).not.toThrow();
    const usesVariable = tf.customGradient((t: tf.Tensor) => ({ value: tf.mul(t, v), grad: (dy: tf.Tensor) => dy }));
    expect(() => gradientOf(usesVariable, x)).toThrow(/f used the variables 'w'.*\[inputGradients, variableGradients\].*grad_fn must accept a keyword argument 'variables'/);
    const tooFew = tf.customGradient((t: tf.Tensor) => ({ value: tf.mul(t, v), grad: (dy: tf.Tensor) => [dy, []] as const }));
    expect(() => gradientOf(tooFew, x)).toThrow(/Must return gradient for each variable: f used 1 variables \('w'\) but grad returned 0/);

    expect(() => tf.customGradient(3 as never)).toThrow(/customGradient: expected a function/);
    const noGrad = tf.customGradient((t: tf.Tensor) => ({ value: t }) as never);
    expect(() => noGrad(x)).toThrow(/customGradient: f must return \{ value, grad \}/);
    const notTensor = tf.customGradient((_t: tf.Tensor) => ({ value: [1, 2], grad: (dy: tf.Tensor) => dy }) as never);
    expect(() => notTensor(x)).toThrow(/got Object with value an array and grad a function/);

    expect(gradientOf((t) => tf.reduceSum(log1pexp(t)), tf.tensor([0]))!.array()).toEqual([0.5]);
  });
});
