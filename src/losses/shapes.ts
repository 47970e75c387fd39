// Shape bookkeeping shared by the losses and metrics: Keras's rank alignment of labels against
// predictions (and of weights against values), done on shapes first so that every check runs
// before any tensor is computed.
import { reshape } from "../ops/movement-shape.js";
import { broadcastShapes, formatShape, type Shape, shapesEqual } from "../shape.js";
import type { Tensor } from "../tensor.js";

/**
 * Keras's squeeze_or_expand_to_same_rank: when the ranks differ by exactly one and the longer shape
 * ends in 1, that 1 is dropped, except that a rank-1 partner gains a trailing 1 instead when
 * `expandRank1` is set. Other shapes are returned unchanged.
 */
export function alignRanks(a: Shape, b: Shape, expandRank1 = true): [number[], number[]] {
  let x = a.slice();
  let y = b.slice();
  if (x.length === y.length + 1 && x[x.length - 1] === 1) {
    if (y.length === 1 && expandRank1) y = [...y, 1];
    else x = x.slice(0, -1);
  } else if (y.length === x.length + 1 && y[y.length - 1] === 1) {
    if (x.length === 1 && expandRank1) x = [...x, 1];
    else y = y.slice(0, -1);
  }
  return [x, y];
}

/** `t` in `shape` (same size); `t` itself when the shape already matches. */
export function reshapedTo(t: Tensor, shape: Shape): Tensor {
  return shapesEqual(t.shape, shape) ? t : reshape(t, shape);
}

/** `shape` without `axis` (already non-negative). */
export function withoutAxis(shape: Shape, axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}

/** NumPy broadcasting of two shapes, or an Error naming `where`, both roles and both shapes. */
export function broadcastOrThrow(where: string, a: Shape, aName: string, b: Shape, bName: string, fix: string): number[] {
  try {
    return broadcastShapes(a, b, where);
  } catch {
    throw new Error(`${where}: ${aName} ${formatShape(a)} and ${bName} ${formatShape(b)} cannot be broadcast together; ${fix}`);
  }
}
