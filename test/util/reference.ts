// Plain float64 reference arrays: a flat value list plus a shape, with row-major helpers.
export interface RefArray {
  shape: number[];
  values: number[];
}

export function ref(shape: number[], values: ArrayLike<number>): RefArray {
  return { shape: shape.slice(), values: Array.from(values) };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** The multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** Deterministic pseudo-random values in [lo, hi) for test inputs (mulberry32). */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): number[] {
  let a = seed >>> 0;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}
