export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Validates a user-given shape: an array of non-negative integers. */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${where}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${where}: shape ${show(shape)} has dimension ${show(d)}; every dimension must be a non-negative integer`,
      );
    }
  }
  const size = sizeOf(shape);
  if (!(size < 2 ** 32)) {
    throw new RangeError(
      `${where}: shape ${show(shape)} has ${size} elements, more than the 4 GiB WebAssembly memory can hold; use smaller shapes`,
    );
  }
  return shape.slice();
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; throws naming the op and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i} is ${da} vs ${db}); make the dimensions equal or 1`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a possibly negative axis against `rank`; throws a RangeError naming the op. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (rank === 0) {
    throw new RangeError(`${op}: axis ${axis} is out of range: the tensor is a scalar (rank 0) and has no axes`);
  }
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; use an integer in [${-rank}, ${rank - 1}]`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * A user value as it reads in an error message: strings quoted, numbers and short arrays of them as
 * JSON would write them, anything else described; never throws (JSON.stringify does on cycles and bigints).
 */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.length <= 16 && value.every((v) => typeof v === "number" || typeof v === "string")) {
    return `[${value.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(",")}]`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return describe(value);
}

/** Options arguments are plain objects; null, strings and the like get a TypeError naming `where`. */
export function checkOptionsObject(options: unknown, where: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
}

/** A short description of a JS value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value)}`;
  return `${typeof value} ${String(value)}`;
}
