// Plain-array references for the shape and movement ops. Each computes every output element from
// its multi-index, the slow obvious way, independent of how the kernels walk memory.
import { type RefArray, sizeOf, stridesOf, unravel } from "../util/reference.js";

function build(shape: number[], valueAt: (index: number[]) => number): RefArray {
  const n = sizeOf(shape);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = valueAt(unravel(i, shape));
  return { shape, values };
}

function at(a: RefArray, index: readonly number[]): number {
  const strides = stridesOf(a.shape);
  let flat = 0;
  for (let d = 0; d < index.length; d++) flat += index[d] * strides[d];
  return a.values[flat];
}

export function refReshape(a: RefArray, shape: number[]): RefArray {
  return { shape, values: a.values.slice() };
}

export function refTranspose(a: RefArray, perm?: number[]): RefArray {
  const p = perm ?? a.shape.map((_, i) => a.shape.length - 1 - i);
  const shape = p.map((axis) => a.shape[axis]);
  return build(shape, (index) => {
    const source = new Array<number>(p.length);
    for (let i = 0; i < p.length; i++) source[p[i]] = index[i];
    return at(a, source);
  });
}

export function refConcat(parts: RefArray[], axis: number): RefArray {
  const rank = parts[0].shape.length;
  const ax = axis < 0 ? axis + rank : axis;
  const shape = parts[0].shape.slice();
  shape[ax] = parts.reduce((sum, p) => sum + p.shape[ax], 0);
  return build(shape, (index) => {
    let k = index[ax];
    for (const p of parts) {
      if (k < p.shape[ax]) {
        const source = index.slice();
        source[ax] = k;
        return at(p, source);
      }
      k -= p.shape[ax];
    }
    throw new Error("unreachable");
  });
}

export function refStack(parts: RefArray[], axis: number): RefArray {
  const rank = parts[0].shape.length;
  const ax = axis < 0 ? axis + rank + 1 : axis;
  const shape = parts[0].shape.slice();
  shape.splice(ax, 0, parts.length);
  return build(shape, (index) => {
    const source = index.slice();
    source.splice(ax, 1);
    return at(parts[index[ax]], source);
  });
}

export function refSlice(a: RefArray, begin: number[], size: number[]): RefArray {
  const shape = size.map((s, d) => (s === -1 ? a.shape[d] - begin[d] : s));
  return build(shape, (index) => at(a, index.map((i, d) => i + begin[d])));
}

export function refGather(a: RefArray, indices: RefArray, axis: number): RefArray {
  const ax = axis < 0 ? axis + a.shape.length : axis;
  const shape = [...a.shape.slice(0, ax), ...indices.shape, ...a.shape.slice(ax + 1)];
  const k = indices.shape.length;
  return build(shape, (index) => {
    const picked = at(indices, index.slice(ax, ax + k));
    return at(a, [...index.slice(0, ax), picked, ...index.slice(ax + k)]);
  });
}

export function refTile(a: RefArray, multiples: number[]): RefArray {
  const shape = a.shape.map((d, i) => d * multiples[i]);
  return build(shape, (index) => at(a, index.map((i, d) => i % a.shape[d])));
}

export function refPad(a: RefArray, paddings: number[][], value: number): RefArray {
  const shape = a.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  return build(shape, (index) => {
    const source = index.map((i, d) => i - paddings[d][0]);
    const inside = source.every((i, d) => i >= 0 && i < a.shape[d]);
    return inside ? at(a, source) : value;
  });
}

export function refOneHot(indices: RefArray, depth: number, on: number, off: number): RefArray {
  return build([...indices.shape, depth], (index) => {
    const k = index[index.length - 1];
    return at(indices, index.slice(0, -1)) === k ? on : off;
  });
}
