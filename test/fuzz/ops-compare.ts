// Element-by-element comparison of an op's output with a float64 reference, for the properties.
// Errors name the op, the element and both values; fast-check then prints the shrunk inputs.
import type * as tf from "../../src/index.js";
import type { DType } from "./ops-arbitraries.js";

export interface Bound {
  /** Allowed error in units in the last place of the result's dtype, against the unrounded reference. */
  ulps?: number;
  /** Per element, an absolute allowance (for sums: a multiple of the sum of magnitudes). */
  abs?: (i: number) => number;
  /** Zero results must carry the reference's sign. */
  signedZeros?: boolean;
  /**
   * Where an intermediate may overflow the dtype although the exact result does not (a float32 sum
   * of magnitudes beyond its range): a non-finite result is accepted there, a finite one must be close.
   */
  mayOverflow?: (i: number) => boolean;
}

/** The spacing of `dtype` values at |v| (subnormal spacing below the smallest normal). */
export function ulpAt(v: number, dtype: "float32" | "float64"): number {
  const a = Math.abs(v);
  const [minExp, digits] = dtype === "float32" ? [-126, 24] : [-1022, 53];
  if (a < 2 ** minExp) return 2 ** (minExp - digits + 1);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - digits + 1);
}

const show = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

/** The values as `dtype` holds them. */
export function roundTo(dtype: DType, xs: readonly number[]): number[] {
  if (dtype === "float32") return xs.map(Math.fround);
  if (dtype === "int32") return xs.map((x) => x | 0);
  if (dtype === "bool") return xs.map((x) => (x !== 0 ? 1 : 0));
  return xs.slice();
}

/**
 * Throws unless `out` has `shape` and `dtype` and every element matches `expected`: int32 and bool
 * exactly; floats with NaN where the reference has NaN, exactly where the rounded reference is
 * infinite, and otherwise within the bound.
 */
export function expectMatches(what: string, out: tf.Tensor, shape: readonly number[], dtype: DType, expected: readonly number[], bound: Bound = {}): void {
  if (out.dtype !== dtype) throw new Error(`${what}: dtype ${out.dtype}, expected ${dtype}`);
  if (JSON.stringify(out.shape) !== JSON.stringify(shape)) throw new Error(`${what}: shape [${out.shape}], expected [${shape}]`);
  const got = out.data();
  if (got.length !== expected.length) throw new Error(`${what}: ${got.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const g = got[i];
    const e = expected[i];
    const fail = (why: string): never => {
      throw new Error(`${what}: element ${i} is ${show(g)}, expected ${show(e)} (${why})`);
    };
    if (dtype === "int32" || dtype === "bool") {
      if (g !== e) fail("exact");
      continue;
    }
    if (Number.isNaN(e)) {
      if (!Number.isNaN(g)) fail("NaN expected");
      continue;
    }
    if (!Number.isFinite(g) && bound.mayOverflow?.(i)) continue;
    const rounded = dtype === "float32" ? Math.fround(e) : e;
    if (!Number.isFinite(rounded)) {
      if (g !== rounded) fail("the rounded result overflows");
      continue;
    }
    if (rounded === 0 && bound.signedZeros && g === 0) {
      if (!Object.is(g, rounded)) fail("sign of zero");
      continue;
    }
    const allowed = (bound.ulps ?? 0.5) * ulpAt(e, dtype) + (bound.abs?.(i) ?? 0);
    if (!(Math.abs(g - e) <= allowed)) fail(`|diff| ${Math.abs(g - e)} > ${allowed}`);
  }
}
