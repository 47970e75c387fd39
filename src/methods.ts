// Every op whose first argument is a tensor is also a Tensor method: `t.exp()` is `tf.exp(t)`.
// The method list and types are derived from the ops barrel, so a new op needs no line here.
import * as ops from "./ops/index.js";
import { Tensor } from "./tensor.js";

/** Ops whose first argument is not a tensor (creation, lists of tensors). */
const NOT_METHODS = [
  "constant",
  "tensor",
  "convertToTensor",
  "fill",
  "zeros",
  "ones",
  "eye",
  "range",
  "linspace",
  "concat",
  "stack",
  "addN",
  "clipByGlobalNorm",
] as const;

type Ops = typeof ops;
type MethodName = Exclude<keyof Ops, (typeof NOT_METHODS)[number]>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AsMethod<F> = F extends (x: any, ...rest: infer R) => infer Out ? (...rest: R) => Out : never;
type TensorMethods = { [Name in MethodName]: AsMethod<Ops[Name]> };

declare module "./tensor.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends TensorMethods {}
}

type AnyOp = (x: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => unknown;
const skip = new Set<string>(NOT_METHODS);
const prototype = Tensor.prototype as unknown as Record<string, unknown>;
for (const [name, op] of Object.entries(ops)) {
  if (skip.has(name) || typeof op !== "function") continue;
  const fn = op as AnyOp;
  // Fixed arity rather than rest parameters: no array allocation per call.
  prototype[name] = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) {
    return fn(this, a, b, c, d);
  };
}
