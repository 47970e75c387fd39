// tfjs-style functional gradients: tf.grad(f)(x, dy?) and friends, each a one-use tape around f.
// Like tfjs, the temporaries of a call are freed when it returns (unless a tape records the call,
// which is how tf.grad(tf.grad(f)) gives second derivatives), and an input f does not use is an error.
import { toTensor, type TensorInput } from "../convert.js";
import { tidy } from "../lifetime.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { GradientTape } from "./gradient-tape.js";
import { activeTapes } from "./recorder.js";

type Input = Tensor | Variable | TensorInput;

/** `tf.grad(f)(x, dy?)`: the gradient of f at x (of sum(f(x) * dy) when dy is given). */
export function grad(f: (x: Tensor) => Tensor): (x: Input, dy?: TensorInput) => Tensor {
  checkFunction(f, "grad");
  return (x, dy) => differentiate("grad", f as (...xs: Tensor[]) => Tensor, [x], dy, false).grads[0];
}

/** `tf.grads(f)([x1, x2, ...], dy?)`: the gradients of f with respect to each of its arguments. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Input[], dy?: TensorInput) => Tensor[] {
  checkFunction(f, "grads");
  return (xs, dy) => differentiate("grads", f, checkList(xs, "grads"), dy, false).grads;
}

/** `tf.valueAndGrad(f)(x, dy?)`: `{ value: f(x), grad }`. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Input, dy?: TensorInput) => { value: Tensor; grad: Tensor } {
  checkFunction(f, "valueAndGrad");
  return (x, dy) => {
    const { value, grads } = differentiate("valueAndGrad", f as (...xs: Tensor[]) => Tensor, [x], dy, true);
    return { value: value as Tensor, grad: grads[0] };
  };
}

/** `tf.valueAndGrads(f)([x1, x2, ...], dy?)`: `{ value: f(...xs), grads }`. */
export function valueAndGrads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: readonly Input[], dy?: TensorInput) => { value: Tensor; grads: Tensor[] } {
  checkFunction(f, "valueAndGrads");
  return (xs, dy) =>
    differentiate("valueAndGrads", f, checkList(xs, "valueAndGrads"), dy, true) as { value: Tensor; grads: Tensor[] };
}

function differentiate(
  method: string,
  f: (...xs: Tensor[]) => Tensor,
  args: readonly Input[],
  dy: TensorInput | undefined,
  keepValue: boolean,
): { value?: Tensor; grads: Tensor[] } {
  const run = (): { value?: Tensor; grads: Tensor[] } => {
    // A variable stays a variable, so f can use it as one; the tape watches it like a tensor.
    const xs = args.map((x, i) => (x instanceof Variable ? x : toTensor(x, method, args.length === 1 ? "x" : `xs[${i}]`)));
    const tape = new GradientTape();
    const value: unknown = tape.record(() => {
      tape.watch(xs);
      return f(...(xs as Tensor[]));
    });
    if (!(value instanceof Tensor)) {
      throw new TypeError(`${method}: the result y returned by f() must be a tf.Tensor, got ${describe(value)}`);
    }
    const seed = dy === undefined ? undefined : toTensor(dy, method, "dy", value.dtype);
    if (seed !== undefined && !shapesEqual(seed.shape, value.shape)) {
      throw new Error(
        `${method}: dy has shape ${formatShape(seed.shape)} but y = f(x) has shape ${formatShape(value.shape)}; they must match`,
      );
    }
    const found = tape.gradient(value, xs, { outputGradients: seed });
    const result = found.map((g, i) => {
      if (g !== null) return g;
      const which = args.length === 1 ? "x" : `xs[${i}]`;
      throw new Error(
        `${method}: Cannot compute gradient of y=f(x) with respect to ${which}: y does not depend on it through float ops. ` +
          `Make sure that the f you passed encloses all operations that lead from x to y (and that x is a float tensor).`,
      );
    });
    return keepValue ? { value, grads: result } : { grads: result };
  };
  return activeTapes.length === 0 ? tidy(run) : run();
}

function checkFunction(f: unknown, method: string): void {
  if (typeof f !== "function") {
    throw new TypeError(`${method}: The f passed in ${method}(f) must be a function, got ${describe(f)}`);
  }
}

function checkList(xs: unknown, method: string): readonly Input[] {
  if (!Array.isArray(xs)) {
    throw new TypeError(`${method}: The args passed in ${method}(f)(args) must be an array of tensors, got ${describe(xs)}`);
  }
  return xs as readonly Input[];
}
