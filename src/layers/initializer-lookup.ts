// Initializers given to layers by name ("glorotUniform", Keras's "glorot_uniform" or "GlorotUniform")
// or as a function.
import * as initializers from "../initializers.js";
import type { Initializer } from "../initializers.js";
import { describe } from "../shape.js";

/** An initializer, or the name of one of tf.initializers (camelCase, snake_case or the Keras class name). */
export type InitializerSpec = string | Initializer;

const BY_NAME: Record<string, () => Initializer> = {
  zeros: initializers.zeros,
  ones: initializers.ones,
  constant: initializers.constant,
  randomNormal: initializers.randomNormal,
  randomUniform: initializers.randomUniform,
  truncatedNormal: initializers.truncatedNormal,
  varianceScaling: initializers.varianceScaling,
  glorotUniform: initializers.glorotUniform,
  glorotNormal: initializers.glorotNormal,
  heNormal: initializers.heNormal,
  heUniform: initializers.heUniform,
  lecunNormal: initializers.lecunNormal,
  lecunUniform: initializers.lecunUniform,
};

/** "glorot_uniform", "GlorotUniform" and "glorotUniform" all become "glorotuniform". */
export function normalizeName(name: string): string {
  return name.replace(/_/g, "").toLowerCase();
}

const NORMALIZED = new Map(Object.entries(BY_NAME).map(([name, make]) => [normalizeName(name), make]));

/** The initializer `spec` names (a new one, with its own seed), or `spec` itself if it is a function. */
export function getInitializer(spec: InitializerSpec, where: string): Initializer {
  if (typeof spec === "function") return spec;
  if (typeof spec === "string") {
    const make = NORMALIZED.get(normalizeName(spec));
    if (make !== undefined) return make();
  }
  throw new TypeError(
    `${where}: unknown initializer ${typeof spec === "string" ? JSON.stringify(spec) : describe(spec)}; use one of ` +
      `${Object.keys(BY_NAME).map((n) => JSON.stringify(n)).join(", ")} (Keras's snake_case names work too), ` +
      `or a function (shape, dtype) => tf.Tensor such as tf.initializers.heNormal({ seed: 1 })`,
  );
}
