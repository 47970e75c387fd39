// Float64 references for the losses: plain loops over flat row-major arrays, written from Keras's
// formulas (keras/src/losses/losses.py, loss.py and the TensorFlow backend's nn.py), not from
// gradtape's code. `f32` mirrors the constants Keras uses in float32 (1 - 1e-7 rounds to 0.99999988).
import { sizeOf, stridesOf, unravel } from "../util/reference.js";

export interface Arr {
  shape: number[];
  values: number[];
}

export type Reduction = "sum_over_batch_size" | "sum" | "none" | "mean" | "mean_with_sample_weight";

/** Per-sample losses, and for ignored labels a mask (true = kept) of the same size. */
export interface PerSample {
  out: Arr;
  mask?: boolean[];
}

export type LossRef = (t: Arr, p: Arr) => PerSample;

export const EPS = 1e-7;

const arr = (shape: number[], values: number[]): Arr => ({ shape, values });

/** Keras's squeeze_or_expand_to_same_rank on shapes. */
export function alignShapes(a: number[], b: number[]): [number[], number[]] {
  if (a.length === b.length + 1 && a[a.length - 1] === 1) {
    return b.length === 1 ? [a, [...b, 1]] : [a.slice(0, -1), b];
  }
  if (b.length === a.length + 1 && b[b.length - 1] === 1) {
    return a.length === 1 ? [[...a, 1], b] : [a, b.slice(0, -1)];
  }
  return [a, b];
}

export function broadcastShape(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Values of `x` repeated into `shape` (which x's shape broadcasts to). */
export function broadcastValues(x: Arr, shape: number[]): number[] {
  const strides = stridesOf(x.shape);
  const offset = shape.length - x.shape.length;
  return Array.from({ length: sizeOf(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    let at = 0;
    for (let d = 0; d < x.shape.length; d++) at += (x.shape[d] === 1 ? 0 : idx[d + offset]) * strides[d];
    return x.values[at];
  });
}

/** For each position of `shape` without `axis` (row-major), the flat indices along `axis`. */
export function lanes(shape: number[], axis: number): number[][] {
  const outShape = shape.filter((_, d) => d !== axis);
  const strides = stridesOf(shape);
  return Array.from({ length: sizeOf(outShape) }, (_, o) => {
    const idx = unravel(o, outShape);
    let base = 0;
    for (let d = 0, k = 0; d < shape.length; d++) if (d !== axis) base += idx[k++] * strides[d];
    return Array.from({ length: shape[axis] }, (_, j) => base + j * strides[axis]);
  });
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/**
 * A loss computed lane by lane along `axis` (the last one when null; a scalar pair is its own lane)
 * on labels and predictions broadcast together after rank alignment.
 */
export function laneLoss(f: (t: number[], p: number[]) => number, axis: number | null = null): LossRef {
  return (t, p) => {
    const [ts, ps] = alignShapes(t.shape, p.shape);
    const shape = broadcastShape(ts, ps);
    if (shape === null) throw new Error(`reference: ${ts} and ${ps} do not broadcast`);
    const tv = broadcastValues(arr(ts, t.values), shape);
    const pv = broadcastValues(arr(ps, p.values), shape);
    if (shape.length === 0) return { out: arr([], [f(tv, pv)]) };
    const at = axis === null ? shape.length - 1 : (axis + shape.length) % shape.length;
    const outShape = shape.filter((_, d) => d !== at);
    const values = lanes(shape, at).map((lane) => f(lane.map((i) => tv[i]), lane.map((i) => pv[i])));
    return { out: arr(outShape, values) };
  };
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export const mse = laneLoss((t, p) => mean(t.map((ti, i) => (ti - p[i]) ** 2)));
export const mae = laneLoss((t, p) => mean(t.map((ti, i) => Math.abs(ti - p[i]))));
export const mape = laneLoss((t, p) => 100 * mean(t.map((ti, i) => Math.abs((ti - p[i]) / Math.max(Math.abs(ti), EPS)))));
export const msle = laneLoss((t, p) =>
  mean(t.map((ti, i) => (Math.log(Math.max(p[i], EPS) + 1) - Math.log(Math.max(ti, EPS) + 1)) ** 2)),
);
export const huber = (delta: number): LossRef =>
  laneLoss((t, p) =>
    mean(
      t.map((ti, i) => {
        const e = Math.abs(p[i] - ti);
        return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
      }),
    ),
  );
export const logCosh = laneLoss((t, p) => mean(t.map((ti, i) => Math.abs(p[i] - ti) + softplus(-2 * Math.abs(p[i] - ti)) - Math.LN2)));
export const poisson = laneLoss((t, p) => mean(t.map((ti, i) => p[i] - ti * Math.log(p[i] + EPS))));
const clip = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);
export const kld = laneLoss((t, p) =>
  sum(t.map((ti, i) => clip(ti, EPS, 1) * Math.log(clip(ti, EPS, 1) / clip(p[i], EPS, 1)))),
);
export const cosineSimilarity = (axis = -1): LossRef =>
  laneLoss((t, p) => {
    const nt = Math.sqrt(Math.max(sum(t.map((x) => x * x)), EPS * EPS));
    const np = Math.sqrt(Math.max(sum(p.map((x) => x * x)), EPS * EPS));
    return -sum(t.map((ti, i) => (ti / nt) * (p[i] / np)));
  }, axis);

/** Labels that are all 0 or 1 become -1 and 1 (the whole tensor decides, as in Keras). */
function hingeLabels(t: Arr): Arr {
  return t.values.every((x) => x === 0 || x === 1) ? arr(t.shape, t.values.map((x) => 2 * x - 1)) : t;
}
export const hinge: LossRef = (t, p) => laneLoss((tl, pl) => mean(tl.map((ti, i) => Math.max(1 - ti * pl[i], 0))))(hingeLabels(t), p);
export const squaredHinge: LossRef = (t, p) =>
  laneLoss((tl, pl) => mean(tl.map((ti, i) => Math.max(1 - ti * pl[i], 0) ** 2)))(hingeLabels(t), p);
export const categoricalHinge = laneLoss((t, p) => {
  const pos = sum(t.map((ti, i) => ti * p[i]));
  const neg = Math.max(...t.map((ti, i) => (1 - ti) * p[i]));
  return Math.max(neg - pos + 1, 0);
});

export interface CrossentropyRefOptions {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
  f32?: boolean;
}

const upper = (f32: boolean | undefined): number => (f32 ? Math.fround(1 - EPS) : 1 - EPS);

/** log-softmax of a lane. */
function logSoftmax(x: number[]): number[] {
  const m = Math.max(...x);
  const lse = m + Math.log(sum(x.map((v) => Math.exp(v - m))));
  return x.map((v) => v - lse);
}

export const categoricalCrossentropy = (o: CrossentropyRefOptions = {}): LossRef =>
  laneLoss((t, p) => {
    const s = o.labelSmoothing ?? 0;
    const labels = t.map((ti) => ti * (1 - s) + s / t.length);
    let logp: number[];
    if (o.fromLogits) logp = logSoftmax(p);
    else {
      const total = sum(p);
      logp = p.map((pi) => Math.log(clip(pi / total, EPS, upper(o.f32))));
    }
    return -sum(labels.map((ti, i) => ti * logp[i]));
  }, o.axis ?? -1);

export const binaryCrossentropy = (o: CrossentropyRefOptions = {}): LossRef => {
  const s = o.labelSmoothing ?? 0;
  return (t, p) => {
    const [ts, ps] = alignShapes(t.shape, p.shape);
    if (ts.join() !== ps.join()) throw new Error("reference: binary cross-entropy needs equal shapes");
    return laneLoss((tl, pl) => {
      return mean(
        tl.map((ti, i) => {
          const z = ti * (1 - s) + 0.5 * s;
          if (o.fromLogits) return z * softplus(-pl[i]) + (1 - z) * softplus(pl[i]);
          const q = clip(pl[i], EPS, upper(o.f32));
          return -(z * Math.log(q) + (1 - z) * Math.log(1 - q));
        }),
      );
    }, o.axis ?? -1)(arr(ts, t.values), arr(ps, p.values));
  };
};

export interface SparseRefOptions {
  fromLogits?: boolean;
  ignoreClass?: number;
  f32?: boolean;
}

/** Labels of shape p.shape[:-1] (or with a trailing 1); ignored labels give 0 and a false mask entry. */
export const sparseCategoricalCrossentropy =
  (o: SparseRefOptions = {}): LossRef =>
  (t, p) => {
    const classes = p.shape[p.shape.length - 1];
    const rows = lanes(p.shape, p.shape.length - 1);
    const mask = t.values.map((label) => Math.trunc(label) !== o.ignoreClass);
    const values = rows.map((lane, r) => {
      if (!mask[r]) return 0;
      const x = lane.map((i) => p.values[i]);
      const logp = logSoftmax(o.fromLogits ? x : x.map((pi) => Math.log(clip(pi, EPS, upper(o.f32)))));
      const label = Math.trunc(t.values[r]);
      if (label < 0 || label >= classes) throw new Error(`reference: label ${label} out of range`);
      return -logp[label];
    });
    return { out: arr(p.shape.slice(0, -1), values), mask: o.ignoreClass === undefined ? undefined : mask };
  };

/**
 * Keras's reduce_weighted_values: the mask (averaging reductions: total/valid on kept entries) merges
 * into the weights, the weights multiply the values after rank alignment, then the reduction.
 */
export function reduceRef(perSample: PerSample, weights: Arr | null, reduction: Reduction): Arr {
  const values = perSample.out;
  let w = weights;
  if (perSample.mask !== undefined) {
    const kept = perSample.mask.filter((m) => m).length;
    const averaging = reduction === "sum_over_batch_size" || reduction === "mean";
    const scale = averaging ? (kept === 0 ? 0 : perSample.mask.length / kept) : 1;
    const m = arr(values.shape, perSample.mask.map((k) => (k ? scale : 0)));
    w = w === null ? m : multiply(m, w);
  }
  const weighted = w === null ? values : multiply(values, w);
  if (reduction === "none" || weighted.shape.length === 0) return weighted;
  const total = sum(weighted.values);
  if (reduction === "sum") return arr([], [total]);
  if (reduction === "mean_with_sample_weight" && w !== null) {
    const ws = sum(w.values);
    return arr([], [ws === 0 ? 0 : total / ws]);
  }
  return arr([], [weighted.values.length === 0 ? 0 : total / weighted.values.length]);
}

/** Element-wise product after rank alignment and broadcasting. */
function multiply(a: Arr, b: Arr): Arr {
  const [as, bs] = alignShapes(a.shape, b.shape);
  const shape = broadcastShape(as, bs);
  if (shape === null) throw new Error(`reference: ${as} and ${bs} do not broadcast`);
  const av = broadcastValues(arr(as, a.values), shape);
  const bv = broadcastValues(arr(bs, b.values), shape);
  return arr(shape, av.map((x, i) => x * bv[i]));
}

/** A whole loss call: per-sample reference, then weights and reduction. */
export function lossRef(loss: LossRef, t: Arr, p: Arr, weights: Arr | null, reduction: Reduction): Arr {
  return reduceRef(loss(t, p), weights, reduction);
}
