// Float64 references for the metrics, written from Keras's accuracy_metrics.py and
// reduction_metrics.py: per-sample accuracy functions, and the running state of Sum and Mean.
import { sizeOf } from "../util/reference.js";
import { alignShapes, type Arr, broadcastShape, broadcastValues, lanes } from "./losses.js";

/** Element-wise comparison after rank alignment and broadcasting. */
function compare(t: Arr, p: Arr, match: (t: number, p: number) => boolean): Arr {
  const [ts, ps] = alignShapes(t.shape, p.shape);
  const shape = broadcastShape(ts, ps);
  if (shape === null) throw new Error("reference: shapes do not broadcast");
  const tv = broadcastValues({ shape: ts, values: t.values }, shape);
  const pv = broadcastValues({ shape: ps, values: p.values }, shape);
  return { shape, values: tv.map((x, i) => (match(x, pv[i]) ? 1 : 0)) };
}

export const accuracy = (t: Arr, p: Arr): Arr => compare(t, p, (a, b) => a === b);

export const binaryAccuracy = (t: Arr, p: Arr, threshold = 0.5): Arr => compare(t, p, (a, b) => a === (b > threshold ? 1 : 0));

/** Index of the first largest entry of each lane along the last axis. */
function argmaxLast(x: Arr): Arr {
  const axis = x.shape.length - 1;
  const values = lanes(x.shape, axis).map((lane) => {
    let best = 0;
    lane.forEach((at, k) => {
      if (x.values[at] > x.values[lane[best]]) best = k;
    });
    return best;
  });
  return { shape: x.shape.slice(0, -1), values };
}

export const categoricalAccuracy = (t: Arr, p: Arr): Arr => {
  const a = argmaxLast(t);
  const b = argmaxLast(p);
  return { shape: a.shape, values: a.values.map((x, i) => (x === b.values[i] ? 1 : 0)) };
};

/** Labels of p's shape without the last axis, or with a trailing 1. */
export const sparseCategoricalAccuracy = (t: Arr, p: Arr): Arr => {
  const b = argmaxLast(p);
  return { shape: b.shape, values: b.values.map((x, i) => (x === t.values[i] ? 1 : 0)) };
};

/** Sum of `values` with the leading axis kept: one entry per sample. */
function perSample(x: Arr, mean: boolean): number[] {
  if (x.shape.length === 0) return x.values.slice();
  const rows = x.shape[0];
  const width = rows === 0 ? 0 : x.values.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    const row = x.values.slice(r * width, (r + 1) * width);
    const s = row.reduce((a, v) => a + v, 0);
    return mean ? s / width : s;
  });
}

/** Keras's reduce_to_samplewise_values followed by Sum's or Mean's update, on plain numbers. */
export class RunningState {
  total = 0;
  count = 0;

  constructor(private readonly mean: boolean) {}

  update(values: Arr, weights: Arr | null): void {
    if (weights === null) {
      const samples = perSample(values, this.mean);
      this.total += samples.reduce((a, v) => a + v, 0);
      this.count += values.shape.length === 0 ? 1 : values.shape[0];
      return;
    }
    const [vs, ws] = alignShapes(values.shape, weights.shape);
    let v: Arr = { shape: vs, values: values.values };
    // Values beyond the weights' rank are reduced first (mean or sum over the trailing axes).
    if (vs.length > ws.length) {
      const inner = sizeOf(vs.slice(ws.length));
      const outer = sizeOf(vs.slice(0, ws.length));
      const reduced = Array.from({ length: outer }, (_, o) => {
        const s = v.values.slice(o * inner, (o + 1) * inner).reduce((a, x) => a + x, 0);
        return this.mean ? s / inner : s;
      });
      v = { shape: vs.slice(0, ws.length), values: reduced };
    }
    const w = broadcastValues({ shape: ws, values: weights.values }, v.shape);
    const weighted = { shape: v.shape, values: v.values.map((x, i) => x * w[i]) };
    this.total += perSample(weighted, this.mean).reduce((a, x) => a + x, 0);
    this.count += perSample({ shape: v.shape, values: w }, this.mean).reduce((a, x) => a + x, 0);
  }

  result(): number {
    if (!this.mean) return this.total;
    return this.count === 0 ? 0 : this.total / this.count;
  }
}
