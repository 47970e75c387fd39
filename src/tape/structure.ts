// Sources and targets come as one value or as arrays and objects of them, nested to any depth (as
// TensorFlow's tf.nest structures); results keep that structure.
import { isTensorLike } from "../convert.js";
import { Tensor } from "../tensor.js";
import { describe } from "../shape.js";
import { Variable } from "../variable.js";

export type Source = Tensor | Variable;
export type Sources = Source | readonly Sources[] | { readonly [name: string]: Sources };

/** `Tensor | null` for each source, in arrays and objects shaped like the sources. */
export type Gradients<S> = S extends Source ? Tensor | null : { -readonly [K in keyof S]: Gradients<S[K]> };

/** The sources in order: depth first, arrays by index, objects by key order. */
export function flatten(value: Sources, what: string, method: string): Source[] {
  const out: Source[] = [];
  collect(value, what, method, out);
  return out;
}

function collect(value: unknown, where: string, method: string, out: Source[]): void {
  if (value instanceof Tensor || value instanceof Variable) out.push(value);
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${where}[${i}]`, method, out));
  else if (typeof value === "object" && value !== null && !isTensorLike(value) && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) collect(v, `${where}.${k}`, method, out);
  } else throw new TypeError(`${method}: ${where} is ${describe(value)}, not a tf.Tensor or tf.Variable`);
}

/** Puts a flat list of results (in `flatten` order) back into the structure of `like`. */
export function unflatten<T>(like: Sources, flat: readonly T[]): unknown {
  let next = 0;
  const build = (s: Sources): unknown => {
    if (s instanceof Tensor || s instanceof Variable) return flat[next++];
    if (Array.isArray(s)) return s.map(build);
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, build(v as Sources)]));
  };
  return build(like);
}

/** The tensor a source stands for: a variable's own tensor, so its id is stable across reads. */
export function tensorOf(s: Source): Tensor {
  return s instanceof Variable ? s.tensor : s;
}
