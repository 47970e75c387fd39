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
  if (!collect(value, out)) {
    // Only an invalid structure pays for building the path of what is wrong in it.
    describeInvalid(value, what, method);
  }
  return out;
}

/** Appends the sources in `value` to `out`; false at the first thing that is not a source or structure. */
function collect(value: unknown, out: Source[]): boolean {
  if (value instanceof Tensor || value instanceof Variable) {
    out.push(value);
    return true;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // Holes are skipped, as forEach and map skip them.
      if (v === undefined && !(i in value)) continue;
      if (!collect(v, out)) return false;
    }
    return true;
  }
  if (isStructure(value)) {
    for (const v of Object.values(value)) if (!collect(v, out)) return false;
    return true;
  }
  return false;
}

function isStructure(value: unknown): value is object {
  return typeof value === "object" && value !== null && !isTensorLike(value) && !ArrayBuffer.isView(value);
}

/** Throws the TypeError naming the first invalid entry of `value` and where it is. */
function describeInvalid(value: unknown, where: string, method: string): void {
  if (value instanceof Tensor || value instanceof Variable) return;
  if (Array.isArray(value)) value.forEach((v, i) => describeInvalid(v, `${where}[${i}]`, method));
  else if (isStructure(value)) {
    for (const [k, v] of Object.entries(value)) describeInvalid(v, `${where}.${k}`, method);
  } else throw new TypeError(`${method}: ${where} is ${describe(value)}, not a tf.Tensor or tf.Variable`);
}

/** Puts a flat list of results (in `flatten` order) back into the structure of `like`. */
export function unflatten<T>(like: Sources, flat: readonly T[]): unknown {
  return rebuild(like, flat, { next: 0 });
}

function rebuild<T>(s: Sources, flat: readonly T[], at: { next: number }): unknown {
  if (s instanceof Tensor || s instanceof Variable) return flat[at.next++];
  if (Array.isArray(s)) {
    const out: unknown[] = new Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const v = s[i] as Sources | undefined;
      if (v !== undefined || i in s) out[i] = rebuild(v as Sources, flat, at);
    }
    return out;
  }
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, rebuild(v as Sources, flat, at)]));
}

/** The tensor a source stands for: a variable's own tensor, so its id is stable across reads. */
export function tensorOf(s: Source): Tensor {
  return s instanceof Variable ? s.tensor : s;
}
