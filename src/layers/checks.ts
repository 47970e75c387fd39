// Argument checks shared by the layers: option objects and shapes whose dimensions may be unknown
// (null, Keras's None, usually the batch dimension).
import { describe, show } from "../shape.js";

/** A shape with possibly unknown dimensions: `[null, 784]` is a batch of any size of 784 features. */
export type ShapeLike = readonly (number | null)[];

/** Throws a TypeError for a non-object or an unknown key (a misspelt option would be ignored otherwise). */
export function checkOptions(options: unknown, where: string, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object like { ${known.join(", ")} }, got ${describe(options)}`);
  }
  for (const key in options) {
    if (!known.includes(key)) {
      throw new TypeError(`${where}: unknown option ${show(key)}; the options are ${known.join(", ")}`);
    }
  }
}

/** Validates a shape whose dimensions are non-negative integers or null; returns a copy. */
export function checkShapeLike(shape: unknown, where: string): (number | null)[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${where}: the input shape must be an array like [null, 784], got ${describe(shape)}`);
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isInteger(d) || d < 0)) {
      throw new RangeError(
        `${where}: input shape ${show(shape)} has dimension ${String(d)}; ` +
          `each dimension must be a non-negative integer, or null where it is not known`,
      );
    }
  }
  return shape.slice() as (number | null)[];
}

/** "[null,3]", like formatShape for concrete shapes. */
export function formatShapeLike(shape: ShapeLike): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(",")}]`;
}

/** "(None, 64)", as Keras prints shapes in a summary. */
export function kerasShape(shape: ShapeLike): string {
  return `(${shape.map((d) => (d === null ? "None" : String(d))).join(", ")})`;
}

/** Whether `value` is a positive integer. */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}
