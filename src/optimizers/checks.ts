// Validation of what applyGradients, build, minimize and setWeights receive. Every message names the
// method, the variable, the shapes or dtypes, and the fix.
import { type TensorInput, toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { warnOnce } from "../tape/warn.js";
import { Variable } from "../variable.js";

/** A `[gradient, variable]` pair; a null gradient leaves the variable as it is. */
export type GradientAndVariable = readonly [TensorInput | null | undefined, Variable];

/** The pairs as an array (iterated once if given as another iterable). */
export function pairList(method: string, pairs: Iterable<GradientAndVariable>): readonly GradientAndVariable[] {
  if (Array.isArray(pairs)) return pairs;
  if (pairs === null || typeof pairs !== "object" || typeof pairs[Symbol.iterator] !== "function") {
    throw new TypeError(`${method}: expected an iterable of [gradient, variable] pairs, got ${describe(pairs)}; use tf.zip(grads, variables)`);
  }
  return Array.from(pairs);
}

/** The variable of pairs[i], checked to be a float tf.Variable. */
export function pairVariable(method: string, pair: unknown, i: number): Variable {
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new TypeError(
      `${method}: pairs[${i}] must be a [gradient, variable] pair, got ${describe(pair)}` +
        (Array.isArray(pair) ? ` of length ${pair.length}` : "") +
        `; build the pairs with tf.zip(grads, variables)`,
    );
  }
  return checkVariable(method, pair[1], "pairs", i, "[1]");
}

/** `list[i]` (then `suffix`), checked to be a float tf.Variable; the name of the entry is built only for an error. */
export function checkVariable(method: string, v: unknown, list: string, i: number, suffix = ""): Variable {
  if (!(v instanceof Variable)) {
    const what = v instanceof Tensor ? v.describe() : describe(v);
    throw new TypeError(
      `${method}: ${list}[${i}]${suffix} must be a tf.Variable, got ${what}; optimizers update variables in place, ` +
        `so hold the values in new tf.Variable(initial)`,
    );
  }
  if (!isFloat(v.dtype)) {
    throw new TypeError(
      `${method}: variable '${v.name}' is ${v.dtype} ${formatShape(v.shape)}, but optimizers only update float32 and ` +
        `float64 variables; create it with { dtype: "float32" } or leave it out of the variables to train`,
    );
  }
  return v;
}

/** The gradient as a tensor of the variable's shape (its dtype is cast later, as Keras does). */
export function pairGradient(method: string, g: TensorInput, v: Variable): Tensor {
  const t = g instanceof Tensor ? toTensor(g, method) : toTensor(g, method, `the gradient of variable '${v.name}'`, v.dtype);
  if (!shapesEqual(t.shape, v.shape)) {
    throw new Error(
      `${method}: the gradient for variable '${v.name}' has shape ${formatShape(t.shape)} but the variable has shape ` +
        `${formatShape(v.shape)}; each gradient must have its variable's shape: pair them in the same order, as ` +
        `tf.zip(tape.gradient(loss, variables), variables) does`,
    );
  }
  return t;
}

/**
 * Some gradients are null: with none at all, Keras's "No gradients provided" error; otherwise its
 * warning (once per set of variables), and those variables are left as they are.
 */
export function reportMissingGradients(
  method: string,
  list: readonly GradientAndVariable[],
  grads: readonly (Tensor | null)[],
  present: number,
): void {
  const names = list.filter((_, i) => grads[i] === null).map((pair) => `'${pair[1].name}'`);
  if (present === 0) {
    throw new Error(
      `${method}: No gradients provided for any variable: [${names.join(", ")}]; every gradient is null, so the ` +
        `loss does not depend on these variables (compute it from them inside tape.record)`,
    );
  }
  warnOnce(
    `optimizer-missing-gradients:${names.join(",")}`,
    `${method}: Gradients do not exist for variables [${names.join(", ")}] when minimizing the loss; they are left ` +
      `unchanged (the loss does not depend on them)`,
  );
}

export function unknownVariable(method: string, v: Variable): Error {
  return new Error(
    `${method}: Unknown variable: ${String(v)}. This optimizer can only be called for the variables it was ` +
      `originally built with. When working with a new set of variables, you should recreate a new optimizer instance.`,
  );
}

/** The value for optimizer variable `target`, checked for dtype and shape. */
export function weightFor(method: string, weight: TensorInput, i: number, target: Variable): Tensor {
  const t = toTensor(weight, method, `weights[${i}]`, target.dtype);
  if (t.dtype !== target.dtype) {
    throw new TypeError(
      `${method}: weights[${i}] is ${t.dtype} but optimizer variable '${target.name}' is ${target.dtype}; ` +
        `cast it with tf.cast(w, "${target.dtype}")`,
    );
  }
  if (!shapesEqual(t.shape, target.shape)) {
    throw new Error(
      `${method}: weights[${i}] has shape ${formatShape(t.shape)} but optimizer variable '${target.name}' has shape ` +
        `${formatShape(target.shape)}; pass the values of opt.variables() in order, as getWeights() returns them`,
    );
  }
  return t;
}
