// Attribute tracking: a layer finds the layers and variables held in its properties, as Keras tracks
// attributes when they are set. JavaScript has no setter hook for class fields, so the properties are
// read when they are needed (property order is the order they were first assigned).

/**
 * Visits, in property order, the values of `owner`'s own enumerable properties for which `isTracked`
 * holds, looking inside arrays and plain objects (a list of blocks is tracked, as in Keras) but not
 * inside tracked values.
 */
export function scanProperties(owner: object, isTracked: (value: object) => boolean, visit: (value: object) => void): void {
  const seen = new Set<unknown>([owner]);
  const walk = (value: unknown, depth: number): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (isTracked(value)) {
      visit(value);
      return;
    }
    if (depth > 3) return;
    if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (Object.getPrototypeOf(value) === Object.prototype) for (const item of Object.values(value)) walk(item, depth + 1);
  };
  for (const key of Object.keys(owner)) walk((owner as Record<string, unknown>)[key], 0);
}
