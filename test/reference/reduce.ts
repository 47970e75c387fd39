// Float64 references for reductions, argMax/argMin, softmax, addN and norm clipping: plain loops
// over multi-indices, written for clarity rather than speed.
import { sizeOf, stridesOf } from "../util/reference.js";

export type Reduction = "sum" | "mean" | "max" | "min";

export interface Reduced {
  shape: number[];
  values: number[];
  /** Per output: sum of |x| over its inputs, the scale of a sum's rounding error. */
  magnitude: number[];
  /** Inputs per output. */
  count: number;
}

/**
 * Output position of every input position (row-major) when `axes` (non-negative, unique) are
 * reduced away: an odometer over the input, advancing the output position by each kept dim's stride.
 */
function outputPositions(shape: readonly number[], axes: readonly number[]): number[] {
  const keptShape = shape.filter((_, d) => !axes.includes(d));
  const keptStrides = stridesOf(keptShape);
  let k = 0;
  const outStride = shape.map((_, d) => (axes.includes(d) ? 0 : keptStrides[k++]));
  const size = sizeOf(shape);
  const positions = new Array<number>(size);
  const idx = new Array<number>(shape.length).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    positions[i] = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      o += outStride[d];
      if (idx[d] < shape[d]) break;
      o -= outStride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return positions;
}

export function reduceRef(
  kind: Reduction,
  values: ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[],
  keepdims: boolean,
  dtype: string,
): Reduced {
  const keptShape = shape.filter((_, d) => !axes.includes(d));
  const outShape = shape.map((s, d) => (axes.includes(d) ? 1 : s)).filter((_, d) => keepdims || !axes.includes(d));
  const outSize = sizeOf(keptShape);
  const count = outSize === 0 ? 0 : sizeOf(shape) / outSize;
  const isInt = dtype === "int32";
  const sums = new Array<number>(outSize).fill(0);
  const compensation = new Array<number>(outSize).fill(0);
  const magnitude = new Array<number>(outSize).fill(0);
  const extreme = new Array<number>(outSize).fill(kind === "max" ? -Infinity : Infinity);
  const positions = outputPositions(shape, axes);
  for (let i = 0; i < positions.length; i++) {
    const o = positions[i];
    const v = values[i];
    // Neumaier's compensated sum, so that the reference itself is accurate.
    const t = sums[o] + v;
    compensation[o] += Math.abs(sums[o]) >= Math.abs(v) ? sums[o] - t + v : v - t + sums[o];
    sums[o] = t;
    magnitude[o] += Math.abs(v);
    if (Number.isNaN(v) || Number.isNaN(extreme[o])) extreme[o] = NaN;
    else extreme[o] = kind === "max" ? Math.max(extreme[o], v) : Math.min(extreme[o], v);
  }
  const out = sums.map((s, o) => {
    const sum = Number.isFinite(s) ? s + compensation[o] : s;
    switch (kind) {
      case "sum":
        return isInt ? sum | 0 : sum;
      case "mean":
        if (isInt) return count === 0 ? 0 : Math.trunc((sum | 0) / count);
        return sum / count;
      default:
        if (isInt && count === 0) return kind === "max" ? -2147483648 : 2147483647;
        return extreme[o];
    }
  });
  return { shape: outShape, values: out, magnitude, count };
}

/** First index of the max (or min) along `axis`; NaN beats every number, the first NaN wins. */
export function argRef(isMax: boolean, values: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  const out = new Array<number>(sizeOf(outShape)).fill(-1);
  const best = new Array<number>(out.length).fill(0);
  const positions = outputPositions(shape, [axis]);
  const inner = sizeOf(shape.slice(axis + 1));
  for (let i = 0; i < positions.length; i++) {
    const o = positions[i];
    const position = Math.floor(i / inner) % shape[axis];
    const v = values[i];
    const b = best[o];
    const wins =
      out[o] < 0 || (!Number.isNaN(b) && (Number.isNaN(v) || (isMax ? v > b : v < b)));
    if (wins) {
      best[o] = v;
      out[o] = position;
    }
  }
  return out;
}

/** softmax or log-softmax along `axis`, in float64. */
export function softmaxRef(log: boolean, values: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const out = new Array<number>(values.length);
  const length = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const at = (k: number): number => (o * length + k) * inner + j;
      let max = -Infinity;
      for (let k = 0; k < length; k++) max = Number.isNaN(values[at(k)]) ? NaN : Math.max(max, values[at(k)]);
      let sum = 0;
      for (let k = 0; k < length; k++) sum += Math.exp(values[at(k)] - max);
      for (let k = 0; k < length; k++) {
        const shifted = values[at(k)] - max;
        out[at(k)] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
      }
    }
  }
  return out;
}

export function addNRef(inputs: ArrayLike<number>[], dtype: string): number[] {
  const out = new Array<number>(inputs[0].length).fill(0);
  for (const values of inputs) for (let i = 0; i < out.length; i++) out[i] += values[i];
  return dtype === "int32" ? out.map((v) => v | 0) : out;
}

/** tf.clip_by_norm: x * c / max(norm, c), the norm taken over `axes` (all when undefined). */
export function clipByNormRef(values: ArrayLike<number>, shape: readonly number[], clipNorm: number, axes?: number[]): number[] {
  const reduced = axes ?? shape.map((_, d) => d);
  const squares = Array.from(values, (v) => v * v);
  const sums = reduceRef("sum", squares, shape, reduced, false, "float64");
  const positions = outputPositions(shape, reduced);
  return Array.from(values, (v, i) => {
    const norm = Math.sqrt(sums.values[positions[i]]);
    const divisor = Number.isNaN(norm) ? NaN : Math.max(norm, clipNorm);
    return (v * clipNorm) / divisor;
  });
}

/** tf.clip_by_global_norm: every list scaled by c * min(1 / norm, 1 / c); NaN if the norm is not finite. */
export function clipByGlobalNormRef(lists: (ArrayLike<number> | null)[], clipNorm: number): { clipped: (number[] | null)[]; norm: number } {
  let sumSquares = 0;
  for (const values of lists) if (values !== null) for (let i = 0; i < values.length; i++) sumSquares += values[i] * values[i];
  const norm = Math.sqrt(sumSquares);
  const scale = Number.isFinite(norm) ? clipNorm * Math.min(1 / norm, 1 / clipNorm) : NaN;
  return { clipped: lists.map((values) => (values === null ? null : Array.from(values, (v) => v * scale))), norm };
}
