// tf.customGradient: a function whose gradient is the user's, not the one derived from its ops.
// Tapes record one `customGradient` node from the inputs (and any variables f read) to a fresh copy
// of the value; its rule calls the user's `grad`. As in TensorFlow's eager mode, f's own ops are
// recorded too: the value's gradient reaches the inputs only through the custom node, but tensors that
// `grad` captures from the forward pass (log1pexp's e^x) stay connected to the inputs, so a tape
// recording the backward pass gets the right second derivatives.
import { toTensor, type TensorInput } from "../convert.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { activeTapes, recordOp, type RecordingTape } from "./recorder.js";

/** Gradients for the inputs: one tensor (one input) or one per input; null for none. */
export type InputGradients = Tensor | null | readonly (Tensor | null)[];

/**
 * `grad(dy)` gives the inputs' gradients from the value's gradient `dy`. If `f` read variables that
 * are not among its inputs, `grad(dy, variables)` returns `[inputGradients, variableGradients]` with
 * one gradient per variable, in the order of `variables` (TensorFlow's `grad_fn(dy, variables=...)`).
 */
export type CustomGrad = (
  dy: Tensor,
  variables: Variable[],
) => InputGradients | readonly [InputGradients, readonly (Tensor | null)[]];

export interface CustomGradientOutput {
  value: Tensor;
  grad: CustomGrad;
}

const OP = "customGradient";

/** Wraps `f(...inputs) => { value, grad }` into a function of the same inputs whose gradient is `grad`. */
export function customGradient<Args extends (Tensor | Variable)[]>(
  f: (...inputs: Args) => CustomGradientOutput,
): (...inputs: Args) => Tensor {
  if (typeof f !== "function") {
    throw new TypeError(`${OP}: expected a function f(...inputs) returning { value, grad }, got ${describe(f)}`);
  }
  return (...args: Args): Tensor => callCustom(f, args);
}

function callCustom<Args extends (Tensor | Variable)[]>(f: (...inputs: Args) => CustomGradientOutput, args: Args): Tensor {
  const inputs = args.map((a, i) => toTensor(a as TensorInput, OP, `inputs[${i}]`));
  const callArgs = args.map((a, i) => (a instanceof Variable ? a : inputs[i])) as Args;
  if (activeTapes.length === 0) return checkOutput(f(...callArgs)).value;

  const watcher = new VariableWatcher(args);
  activeTapes.push(watcher);
  let out: CustomGradientOutput;
  try {
    out = checkOutput(f(...callArgs));
  } finally {
    const at = activeTapes.lastIndexOf(watcher);
    if (at >= 0) activeTapes.splice(at, 1);
  }
  // A fresh tensor (a copy no tape records), so the node below is the only one producing it even
  // when f returns an input or an earlier result as is.
  const value = out.value.clone();
  const variables = watcher.variables;
  const recorded = [...inputs, ...variables.map((v) => v.tensor)];
  const grad = out.grad;
  const backward = (dy: Tensor): (Tensor | null)[] => {
    const flat = splitGradients(grad(dy, variables.slice()), inputs.length, variables);
    return flat.map((g, i) =>
      checkGradient(g, recorded[i], i < inputs.length ? `input ${i}` : `variable '${variables[i - inputs.length].name}'`),
    );
  };
  recordOp(OP, recorded, value, { grad: backward });
  return value;
}

function checkOutput(out: unknown): CustomGradientOutput {
  const o = out as Partial<CustomGradientOutput> | null;
  if (typeof o !== "object" || o === null || !(o.value instanceof Tensor) || typeof o.grad !== "function") {
    const parts =
      typeof o === "object" && o !== null
        ? ` with value ${describe(o.value)} and grad ${typeof o.grad === "function" ? "a function" : describe(o.grad)}`
        : "";
    throw new TypeError(
      `${OP}: f must return { value, grad } with value a tf.Tensor and grad a function dy => gradients, ` +
        `got ${describe(out)}${parts}`,
    );
  }
  o.value.assertAlive(OP);
  return o as CustomGradientOutput;
}

/** The flat list of gradients, inputs first then variables, after checking the counts. */
function splitGradients(returned: ReturnType<CustomGrad>, inputCount: number, variables: readonly Variable[]): unknown[] {
  let inputGrads: unknown = returned;
  let variableGrads: readonly unknown[] = [];
  if (variables.length > 0) {
    const names = variables.map((v) => `'${v.name}'`).join(", ");
    if (!Array.isArray(returned) || returned.length !== 2 || !Array.isArray(returned[1])) {
      throw new Error(
        `${OP}: f used the variables ${names}, which are not among its inputs, so grad(dy, variables) must return ` +
          `[inputGradients, variableGradients] (TensorFlow: grad_fn must accept a keyword argument 'variables'), ` +
          `got ${describe(returned)}`,
      );
    }
    inputGrads = returned[0];
    variableGrads = returned[1] as readonly unknown[];
    if (variableGrads.length !== variables.length) {
      throw new Error(
        `${OP}: Must return gradient for each variable: f used ${variables.length} variables (${names}) ` +
          `but grad returned ${variableGrads.length} variable gradients`,
      );
    }
  }
  const flat: unknown[] = Array.isArray(inputGrads) ? inputGrads : [inputGrads];
  if (flat.length !== inputCount) {
    throw new Error(
      `${OP}: the custom gradient function expected to return ${inputCount} gradients (one per input) ` +
        `but returned ${flat.length} instead`,
    );
  }
  return [...flat, ...variableGrads];
}

function checkGradient(g: unknown, input: Tensor, what: string): Tensor | null {
  if (g === null || g === undefined) return null;
  if (!(g instanceof Tensor)) {
    throw new TypeError(`${OP}: the gradient for ${what} must be a tf.Tensor or null, got ${describe(g)}`);
  }
  g.assertAlive(OP);
  if (g.dtype !== input.dtype || !shapesEqual(g.shape, input.shape)) {
    throw new Error(
      `${OP}: the gradient for ${what} is ${g.dtype} ${formatShape(g.shape)} but the ${what} is ` +
        `${input.dtype} ${formatShape(input.shape)}; they must match`,
    );
  }
  return g;
}

/** Recording alongside the tapes while f runs: collects the trainable variables f reads. */
class VariableWatcher implements RecordingTape {
  readonly variables: Variable[] = [];

  constructor(private readonly inputs: readonly unknown[]) {}

  offer(): void {}

  variableRead(v: Variable): void {
    if (v.trainable && !this.inputs.includes(v) && !this.variables.includes(v)) this.variables.push(v);
  }
}
