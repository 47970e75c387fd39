// THE gradient table: one row per primitive op. A rule sees the upstream gradient `g`, the op's
// inputs, its output and its attributes, and returns one gradient per input (null for none). Rules
// use public ops only, so the backward pass is itself recorded by any tape that is watching, and
// higher-order gradients follow. Broadcasting is undone once, in the backprop walk, never here.
// `needs[i]` says whether input i leads back to a watched tensor: a rule may skip the others.
import { add, div, equal, greater, greaterEqual, less, lessEqual, maximum, minimum, mul, pow, sub } from "../ops/binary.js";
import { checkNumerics } from "../debugging/check-numerics.js";
import { cast } from "../ops/cast.js";
import { zerosLike } from "../ops/create.js";
import { matmul } from "../ops/matmul.js";
import { gather, pad, reshape, slice, tile, transpose } from "../ops/movement.js";
import { unsortedSegmentSum } from "../ops/segment.js";
import { addN } from "../ops/norm.js";
import { reduceSum } from "../ops/reduce.js";
import { where } from "../ops/select.js";
import { abs, cos, exp, log, neg, sigmoid, sign, sin, sqrt, square, tanh } from "../ops/unary.js";
import type { Tensor } from "../tensor.js";

type Attrs = Readonly<Record<string, unknown>>;
type Grads = readonly (Tensor | null)[];
export type Rule = (g: Tensor, inputs: readonly Tensor[], y: Tensor, attrs: Attrs, needs: readonly boolean[]) => Grads;

export const rules = {
  // Element-wise unary.
  neg: (g) => [neg(g)],
  abs: (g, [x]) => [mul(g, sign(x))],
  square: (g, [x]) => [mul(g, mul(x, 2))],
  sqrt: (g, _, y) => [div(g, mul(y, 2))],
  rsqrt: (g, _, y) => [mul(g, mul(pow(y, 3), -0.5))],
  reciprocal: (g, _, y) => [neg(mul(g, square(y)))],
  exp: (g, _, y) => [mul(g, y)],
  expm1: (g, _, y) => [mul(g, add(y, 1))],
  log: (g, [x]) => [div(g, x)],
  log1p: (g, [x]) => [div(g, add(x, 1))],
  sin: (g, [x]) => [mul(g, cos(x))],
  cos: (g, [x]) => [neg(mul(g, sin(x)))],
  tan: (g, _, y) => [mul(g, add(square(y), 1))],
  identity: (g) => [g],
  checkNumerics: (g, _, __, { message }) => [
    checkNumerics(g, `Not a number (NaN) or infinity (Inf) values detected in gradient. ${message as string}`),
  ],
  relu: (g, _, y) => [mul(g, cast(greater(y, 0), y.dtype))],
  sigmoid: (g, _, y) => [mul(g, mul(y, sub(1, y)))],
  tanh: (g, _, y) => [mul(g, sub(1, square(y)))],
  softplus: (g, [x]) => [mul(g, sigmoid(x))],
  elu: (g, [x], y) => [where(greater(x, 0), g, mul(g, add(y, 1)))],
  leakyRelu: (g, [x], _, { alpha }) => [where(greater(x, 0), g, mul(g, alpha as number))],
  gelu: (g, [x], y, { approximate }) => [mul(g, approximate ? geluTanhSlope(x) : geluSlope(x, y))],

  // Element-wise binary.
  add: (g) => [g, g],
  sub: (g) => [g, neg(g)],
  mul: (g, [a, b], _, __, needs) => [needs[0] ? mul(g, b) : null, needs[1] ? mul(g, a) : null],
  div: (g, [a, b], _, __, needs) => [
    needs[0] ? div(g, b) : null,
    needs[1] ? neg(div(mul(g, a), square(b))) : null,
  ],
  // d/da a^b = b a^(b-1); d/db a^b = a^b log a, taken as 0 where a <= 0 (as TensorFlow does).
  pow: (g, [a, b], y, _, needs) => [
    needs[0] ? mul(g, mul(b, pow(a, sub(b, 1)))) : null,
    needs[1] ? mul(g, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), zerosLike(y))) : null,
  ],
  // Ties send the gradient to the first argument, as TensorFlow does.
  maximum: (g, [a, b]) => {
    const first = cast(greaterEqual(a, b), g.dtype);
    return [mul(g, first), mul(g, sub(1, first))];
  },
  minimum: (g, [a, b]) => {
    const first = cast(lessEqual(a, b), g.dtype);
    return [mul(g, first), mul(g, sub(1, first))];
  },

  // Selection and casting.
  where: (g, [condition]) => [null, where(condition, g, 0), where(condition, 0, g)],
  // The forward pass is max(min(x, hi), lo): lo wins wherever it exceeds min(x, hi), also where the
  // bounds cross; otherwise hi wins where x exceeds it. Ties go to x, as TensorFlow's min and max send them.
  clipByValue: (g, [x, lo, hi]) => {
    const toLo = cast(greater(lo, minimum(x, hi)), g.dtype);
    const toHi = mul(cast(greater(x, hi), g.dtype), sub(1, toLo));
    return [mul(g, sub(sub(1, toLo), toHi)), mul(g, toLo), mul(g, toHi)];
  },
  cast: (g, [x]) => [cast(g, x.dtype)],

  // Linear algebra: the transposed products run on the same packed kernel as the forward one.
  matmul: (g, [a, b], _, { transposeA, transposeB }, needs) => {
    if (!transposeA && !transposeB) {
      return [
        needs[0] ? matmul(g, b, { transposeB: true }) : null,
        needs[1] ? matmul(a, g, { transposeA: true }) : null,
      ];
    }
    if (transposeA && !transposeB) {
      return [needs[0] ? matmul(b, g, { transposeB: true }) : null, needs[1] ? matmul(a, g) : null];
    }
    if (!transposeA && transposeB) {
      return [needs[0] ? matmul(g, b) : null, needs[1] ? matmul(g, a, { transposeA: true }) : null];
    }
    return [
      needs[0] ? matmul(b, g, { transposeA: true, transposeB: true }) : null,
      needs[1] ? matmul(g, a, { transposeA: true, transposeB: true }) : null,
    ];
  },

  // Reductions: the gradient is spread back over the reduced axes.
  reduceSum: (g, [x], _, { axes }) => [spread(g, x.shape, axes as number[])],
  reduceMean: (g, [x], _, { axes }) => [div(spread(g, x.shape, axes as number[]), reducedCount(x.shape, axes as number[]))],
  reduceMax: (g, [x], y, { axes }) => [extremeGrad(g, x, y, axes as number[])],
  reduceMin: (g, [x], y, { axes }) => [extremeGrad(g, x, y, axes as number[])],
  softmax: (g, _, y, { axis }) => [mul(y, sub(g, reduceSum(mul(g, y), axis as number, true)))],
  logSoftmax: (g, _, y, { axis }) => [sub(g, mul(exp(y), reduceSum(g, axis as number, true)))],
  addN: (g, inputs) => inputs.map(() => g),

  // Movement.
  reshape: (g, [x]) => [reshape(g, x.shape)],
  transpose: (g, _, __, { perm }) => [transpose(g, inversePermutation(perm as number[]))],
  slice: (g, [x], _, { begin }) => {
    const b = begin as number[];
    return [pad(g, x.shape.map((d, i) => [b[i], d - b[i] - g.shape[i]]))];
  },
  pad: (g, [x], _, { paddings }) => [slice(g, (paddings as number[][]).map((p) => p[0]), x.shape)],
  tile: (g, [x], _, { multiples }) => [untile(g, x.shape, multiples as number[])],
  stack: (g, inputs, _, { axis }) =>
    inputs.map((t, k) => reshape(slice(g, g.shape.map((_d, i) => (i === axis ? k : 0)), g.shape.map((d, i) => (i === axis ? 1 : d))), t.shape)),
  gather: (g, [x, indices], _, { axis }) => [scatterRows(g, x, indices, axis as number), null],
  // Rows dropped for a negative id get no gradient.
  unsortedSegmentSum: (g, [data, ids]) => {
    // With no segments every id dropped its row (a kept one would have thrown): nothing to gather from.
    if (g.shape[0] === 0) return [zerosLike(data), null];
    const kept = reshape(greaterEqual(ids, 0), [...ids.shape, ...data.shape.slice(ids.rank).map(() => 1)]);
    return [where(kept, gather(g, maximum(ids, 0)), 0), null];
  },
  clipByNorm: (g, [x], _, { axes, clipNorm }) => {
    const c = clipNorm as number;
    const sumSquares = reduceSum(square(x), axes as number[], true);
    // Where the norm exceeds c, y = c x / |x|, whose derivative is (c/|x|)(g - x (g.x) / |x|^2). The
    // norm is floored at c, which changes nothing there and keeps the unused branch finite where x = 0
    // (a NaN there would leak into second derivatives through the where).
    const norm = sqrt(maximum(sumSquares, c * c));
    const projected = sub(g, div(mul(x, reduceSum(mul(g, x), axes as number[], true)), square(norm)));
    return [where(greater(sumSquares, c * c), mul(projected, div(c, norm)), g)];
  },
  // out_i = t_i c / max(G, c) with G the norm of all inputs together: above c, every input's
  // gradient gets -t_j c <g, t_i> / G^3 on top of input i's own g c / G. A given useNorm is a constant.
  clipByGlobalNorm: (g, inputs, _, { index, clipNorm, fixedScale }, needs) => {
    const i = index as number;
    const c = clipNorm as number;
    if (fixedScale !== null) return inputs.map((_t, j) => (j === i ? mul(g, fixedScale as number) : null));
    const norm = sqrt(addN(inputs.map((t) => cast(reduceSum(square(t)), g.dtype))));
    if (norm.item() <= c) return inputs.map((_t, j) => (j === i ? g : null));
    const coefficient = div(mul(reduceSum(mul(g, inputs[i])), -c), pow(norm, 3));
    return inputs.map((t, j) => {
      if (!needs[j]) return null;
      const shared = mul(t, cast(coefficient, t.dtype));
      return j === i ? add(shared, mul(g, div(c, norm))) : shared;
    });
  },
  concat: (g, inputs, _, { axis }) => {
    const ax = axis as number;
    let offset = 0;
    return inputs.map((t) => {
      const begin = g.shape.map((_d, i) => (i === ax ? offset : 0));
      offset += t.shape[ax];
      return slice(g, begin, t.shape);
    });
  },

  // tf.customGradient: the user's gradient, checked and flattened to one entry per input when recorded.
  customGradient: (g, _, __, { grad }) => (grad as (dy: Tensor) => Grads)(g),
} satisfies Record<string, Rule>;

/** The names of the ops that have a gradient rule: the only names a tape can record. */
export type PrimitiveOp = keyof typeof rules;

/** g of a reduction over `axes` of `shape`, put back to `shape` (the reduced axes repeated). */
function spread(g: Tensor, shape: readonly number[], axes: readonly number[]): Tensor {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const multiples = shape.map((d, i) => (axes.includes(i) ? d : 1));
  return tile(reshape(g, kept), multiples);
}

function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a], 1);
}

/** reduceMax/Min: the gradient is shared equally among the elements equal to the extreme. */
function extremeGrad(g: Tensor, x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const atExtreme = cast(equal(x, spread(y, x.shape, axes)), g.dtype);
  const count = spread(reduceSum(atExtreme, axes.slice()), x.shape, axes);
  return div(mul(spread(g, x.shape, axes), atExtreme), count);
}

/** tile's gradient: each input element gets the sum of its copies. */
function untile(g: Tensor, shape: readonly number[], multiples: readonly number[]): Tensor {
  const split: number[] = [];
  const copyAxes: number[] = [];
  shape.forEach((d, i) => {
    copyAxes.push(split.length);
    split.push(multiples[i], d);
  });
  return reshape(reduceSum(reshape(g, split), copyAxes), shape);
}

/** gather's gradient: each slice of x gets the sum of the slices of g that were read from it. */
function scatterRows(g: Tensor, x: Tensor, indices: Tensor, axis: number): Tensor {
  if (axis === 0) return unsortedSegmentSum(g, indices, x.shape[0]);
  // g is x.shape[:axis] + indices.shape + x.shape[axis+1:]; bring the index dims to the front.
  const q = indices.rank;
  const toFront = [...range(axis, axis + q), ...range(0, axis), ...range(axis + q, g.rank)];
  const summed = unsortedSegmentSum(transpose(g, toFront), indices, x.shape[axis]);
  return transpose(summed, [...range(1, axis + 1), 0, ...range(axis + 1, x.rank)]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/**
 * d/dx of exact gelu x Phi(x): Phi(x) + x phi(x), with Phi(x) = gelu(x) / x. Near 0 Phi is taken as
 * 1/2 + x phi(0), its tangent (exact to far below an ulp for |x| < 2^-30), so that the second
 * derivative at 0 is right too, and because gelu(x) of a subnormal x has lost the bits that gelu(x) / x
 * would need (gelu(5e-324) rounds to 0).
 */
function geluSlope(x: Tensor, y: Tensor): Tensor {
  const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
  const nearZero = less(abs(x), 2 ** -30);
  const cdf = where(nearZero, add(mul(x, invSqrt2Pi), 0.5), div(y, where(nearZero, 1, x)));
  const pdf = mul(exp(mul(square(x), -0.5)), invSqrt2Pi);
  return add(cdf, mul(x, pdf));
}

/** d/dx of 0.5 x (1 + tanh(k (x + 0.044715 x^3))), k = sqrt(2/pi). */
function geluTanhSlope(x: Tensor): Tensor {
  const k = Math.sqrt(2 / Math.PI);
  const t = tanh(mul(add(x, mul(pow(x, 3), 0.044715)), k));
  const inner = mul(add(mul(square(x), 3 * 0.044715), 1), k);
  return add(mul(add(t, 1), 0.5), mul(mul(x, 0.5), mul(sub(1, square(t)), inner)));
}

function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}
