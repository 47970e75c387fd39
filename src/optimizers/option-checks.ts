// Checks of option objects shared by optimizers and schedules; messages name the owner and the option.
import { describe } from "../shape.js";

/** Throws on keys that are not options, with Keras's phrase "Argument(s) not recognized". */
export function checkKeys(owner: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${owner}: expected an options object ({ ${known.join(", ")} }), got ${describe(options)}`);
  }
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`${owner}: Argument(s) not recognized: ${unknown.join(", ")}; the options are ${known.join(", ")} (camelCase)`);
  }
}

/** A number option; `fallback` when it is not given (without a fallback it is required). */
export function numberOption(owner: string, name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${owner}: ${name} must be a number, got ${describe(value)}`);
  }
  return value;
}

export function booleanOption(owner: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${owner}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}
