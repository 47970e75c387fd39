// Validation of the option objects that loss and metric factories take. Options are checked once,
// when the function or metric is made, so a typo (a Python-style `from_logits`) fails at once
// instead of being silently ignored.
import { isTensorLike } from "../convert.js";
import { describe } from "../shape.js";
import { Tensor } from "../tensor.js";

/**
 * How per-sample losses become the returned value, as in Keras: "sum_over_batch_size" (the default)
 * and its alias "mean" divide the (weighted) sum by the number of per-sample values,
 * "mean_with_sample_weight" divides it by the sum of the sample weights, "sum" sums, and "none"
 * (or null) returns the weighted per-sample values.
 */
export type Reduction = "sum_over_batch_size" | "sum" | "none" | "mean" | "mean_with_sample_weight";

const REDUCTIONS: readonly Reduction[] = ["sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"];

/** Options every loss factory takes. */
export interface LossOptions {
  reduction?: Reduction | null;
  /** The name of the returned function (its `name` property); the factory's name by default. */
  name?: string;
}

/** Checks that `options` is undefined or a plain object whose keys are all in `allowed`. */
export function checkOptions(where: string, options: unknown, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object such as { ${allowed[0]}: ... }, got ${describe(options)}`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const hint = camel !== key && allowed.includes(camel) ? `; options are camelCase: use ${camel}` : "";
      throw new TypeError(`${where}: unknown option "${key}"${hint}. Valid options: ${allowed.join(", ")}`);
    }
  }
  return record;
}

export function booleanOption(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${where}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** A finite number in [lo, hi] (either bound may be open: `loOpen` excludes lo). */
export function numberOption(where: string, name: string, value: unknown, fallback: number, lo: number, hi: number, loOpen = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${describe(value)}`);
  }
  if (value < lo || value > hi || (loOpen && value === lo)) {
    const range = `${loOpen ? "(" : "["}${lo}, ${hi === Infinity ? "Infinity)" : `${hi}]`}`;
    throw new RangeError(`${where}: ${name} must be in ${range}, got ${value}`);
  }
  return value;
}

export function integerOption(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${where}: ${name} must be an integer, got ${describe(value)}`);
  }
  return value;
}

export function reductionOption(where: string, value: unknown): Reduction {
  if (value === undefined) return "sum_over_batch_size";
  if (value === null) return "none";
  if (!REDUCTIONS.includes(value as Reduction)) {
    throw new RangeError(
      `${where}: Invalid value for argument reduction: ${typeof value === "string" ? `"${value}"` : describe(value)}. ` +
        `Expected one of ${REDUCTIONS.map((r) => `"${r}"`).join(", ")} (or null for "none")`,
    );
  }
  return value as Reduction;
}

export function nameOption(where: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${where}: name must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** Keras's backend.epsilon(): the clipping margin of probabilities and the floor of divisors. */
export const EPSILON = 1e-7;

export interface ReadLossOptions {
  record: Readonly<Record<string, unknown>>;
  reduction: Reduction;
  name: string;
}

/** Checks a loss factory's options: its own `keys` plus reduction and name. */
export function lossOptions(where: string, options: unknown, keys: readonly string[] = []): ReadLossOptions {
  // tf.losses.meanSquaredError(yTrue, yPred): the factory called as if it were the loss.
  if (options instanceof Tensor || isTensorLike(options) || Array.isArray(options)) {
    throw new TypeError(
      `${where}: got a tensor or array where the options belong; this makes a loss function (Keras style): ` +
        `call tf.losses.${where}()(yTrue, yPred), or keep const loss = tf.losses.${where}() and call loss(yTrue, yPred)`,
    );
  }
  const record = checkOptions(where, options, [...keys, "reduction", "name"]);
  return { record, reduction: reductionOption(where, record.reduction), name: nameOption(where, record.name, where) };
}
