// Sources and targets come as one value, an array, or an object of them; results keep that structure.
import { isTensorLike } from "../convert.js";
import { Tensor } from "../tensor.js";
import { describe } from "../shape.js";
import { Variable } from "../variable.js";

export type Source = Tensor | Variable;
export type Sources = Source | readonly Source[] | { readonly [name: string]: Source };

/** `Tensor | null` for one source, an array for an array, an object with the same keys for an object. */
export type Gradients<S> = S extends Source
  ? Tensor | null
  : S extends readonly Source[]
    ? (Tensor | null)[]
    : { -readonly [K in keyof S]: Tensor | null };

export function flatten(value: Sources, what: string, method: string): Source[] {
  if (value instanceof Tensor || value instanceof Variable) return [value];
  if (Array.isArray(value)) return value.map((v, i) => checkSource(v, `${what}[${i}]`, method));
  if (typeof value === "object" && value !== null && !isTensorLike(value)) {
    return Object.entries(value).map(([k, v]) => checkSource(v, `${what}.${k}`, method));
  }
  return [checkSource(value, what, method)];
}

function checkSource(v: unknown, where: string, method: string): Source {
  if (v instanceof Tensor || v instanceof Variable) return v;
  throw new TypeError(`${method}: ${where} is ${describe(v)}, not a tf.Tensor or tf.Variable`);
}

/** Puts a flat list of results back into the shape of `like`. */
export function unflatten<T>(like: Sources, flat: T[]): unknown {
  if (like instanceof Tensor || like instanceof Variable) return flat[0];
  if (Array.isArray(like)) return flat;
  const out: Record<string, T> = {};
  Object.keys(like).forEach((k, i) => (out[k] = flat[i]));
  return out;
}

/** The tensor a source stands for: a variable's own tensor, so its id is stable across reads. */
export function tensorOf(s: Source): Tensor {
  return s instanceof Variable ? s.tensor : s;
}

