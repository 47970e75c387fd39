// fast-check arbitraries for the op properties: small shapes of rank 0..4 (dims 0 and 1 often),
// broadcast-compatible shape lists, axes, permutations, and values mixing ordinary numbers with the
// specials an op must get exactly right (NaN, ±Infinity, -0, subnormals, the float32 extremes).
import fc from "fast-check";
import { sizeOf } from "../util/reference.js";

export type FloatDType = "float32" | "float64";
export type DType = FloatDType | "int32" | "bool";

export const F32_MAX = 3.4028234663852886e38;
export const F32_MIN_NORMAL = 1.1754943508222875e-38;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Values every float property mixes in, per dtype: each is representable in that dtype. */
export const SPECIALS: Record<FloatDType, readonly number[]> = {
  float32: [NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e-40, -1e-40, 1.401298464324817e-45, -1.401298464324817e-45,
    F32_MAX, -F32_MAX, F32_MIN_NORMAL, -F32_MIN_NORMAL, 1e30, -1e30, 1e-30, -1e-30, 0.5, -0.5, 2.5, -2.5].map(Math.fround),
  float64: [NaN, Infinity, -Infinity, 0, -0, 1, -1, 5e-324, -5e-324, 1e-310, -1e-310, F32_MAX, -F32_MAX,
    F32_MIN_NORMAL, Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, 1e300, -1e300, 1e-300, 0.5, -0.5, 2.5, -2.5],
};

/** A dim: 1 and 0 are over-represented, because they take the special paths. */
export const dim = (max = 4): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 2, max }), weight: 5 });

/** A shape of rank minRank..maxRank with at most maxSize elements. */
export function shape(minRank = 0, maxRank = 4, maxSize = 48, maxDim = 4): fc.Arbitrary<number[]> {
  return fc.array(dim(maxDim), { minLength: minRank, maxLength: maxRank }).filter((s) => sizeOf(s) <= maxSize);
}

/** One value of `dtype`, drawn from the ordinary range, huge and tiny magnitudes, and the specials. */
export function value(dtype: DType, ordinary: [number, number] = [-8, 8]): fc.Arbitrary<number> {
  if (dtype === "bool") return fc.constantFrom(0, 1);
  if (dtype === "int32") {
    return fc.oneof(
      { arbitrary: fc.integer({ min: -20, max: 20 }), weight: 4 },
      { arbitrary: fc.integer({ min: INT32_MIN, max: INT32_MAX }), weight: 2 },
      { arbitrary: fc.constantFrom(INT32_MIN, INT32_MAX, INT32_MIN + 1, 0, -1, 1, 46341, 65536), weight: 1 },
    );
  }
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const f32 = dtype === "float32";
  return fc.oneof(
    { arbitrary: fc.double({ min: ordinary[0], max: ordinary[1], noNaN: true }).map(round), weight: 6 },
    { arbitrary: fc.constantFrom(...SPECIALS[dtype]), weight: 2 },
    // Any finite value of the dtype, which reaches huge and tiny magnitudes.
    { arbitrary: f32 ? fc.float({ noNaN: true, noDefaultInfinity: true }).map(round) : fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
    // Small integers and halves, so that ties and equal pairs occur.
    { arbitrary: fc.integer({ min: -6, max: 6 }).map((k) => k / 2), weight: 2 },
  );
}

/** Finite values in [lo, hi], for gradient checks (which need the op's smooth domain). */
export function smooth(n: number, lo: number, hi: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n });
}

export interface Array64 {
  shape: number[];
  values: number[];
}

/** A tensor's contents: a shape and its values. */
export function array(dtype: DType, shapes: fc.Arbitrary<number[]> = shape(), ordinary?: [number, number]): fc.Arbitrary<Array64> {
  return shapes.chain((s) => values(dtype, sizeOf(s), ordinary).map((v) => ({ shape: s, values: v })));
}

export function values(dtype: DType, n: number, ordinary?: [number, number]): fc.Arbitrary<number[]> {
  return fc.array(value(dtype, ordinary), { minLength: n, maxLength: n });
}

/**
 * `count` shapes that broadcast together: an output shape, and per input a suffix of it (rank
 * differences) with some dims set to 1 (stretching, also against 0).
 */
export function broadcastShapes(count: number, maxRank = 4, maxSize = 48): fc.Arbitrary<number[][]> {
  return shape(0, maxRank, maxSize).chain((out) => {
    const one = fc
      .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(...Array.from({ length: count }, () => one));
  });
}

/** A permutation of 0..n-1. */
export function permutation(n: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })
    .map((keys) => keys.map((k, i) => [k, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i));
}

/** A set of distinct axes of a rank-`rank` tensor, each written as itself or as its negative alias. */
export function axes(rank: number): fc.Arbitrary<number[]> {
  if (rank === 0) return fc.constant([]);
  return fc.uniqueArray(fc.integer({ min: 0, max: rank - 1 }), { maxLength: rank }).chain((list) =>
    fc.array(fc.boolean(), { minLength: list.length, maxLength: list.length }).map((neg) => list.map((a, i) => (neg[i] ? a - rank : a))),
  );
}

/** One axis of a rank-`rank` tensor (rank >= 1), possibly negative. */
export function axis(rank: number): fc.Arbitrary<number> {
  return fc.integer({ min: -rank, max: rank - 1 });
}
