// Shared machinery of the element-wise ops over several operands (binary ops, where, clipByValue):
// operand conversion with dtype hints, NumPy broadcasting of three shapes, and the operand layouts
// the kernels take, including the collapsed shapes and strides of the STRIDED layout (see
// assembly/binary-strided.ts for the args block it fills).
import { isTensorLike } from "../convert.js";
import { ARGS, I32 } from "../engine/heap.js";
import { formatShape, type Shape } from "../shape.js";
import { Tensor } from "../tensor.js";

/** Operands line up with the output element for element. */
export const SAME = 0;
/** The second operand is one element. */
export const B_SCALAR = 1;
/** The first operand is one element. */
export const A_SCALAR = 2;
/** Collapsed shapes and strides are in the args block. */
export const STRIDED = 3;

/** Most dims a collapsed broadcast may have (the kernels' args block holds this many). */
export const MAX_RANK = 12;
const RANK_SLOT = 0;
const SHAPE_SLOT = 1;
const STRIDES_SLOT = SHAPE_SLOT + MAX_RANK;

const collapsedSizes = new Int32Array(MAX_RANK);
const collapsedSteps = new Int32Array(MAX_RANK);

/** True for numbers, booleans and arrays: values that take the dtype of the op's tensor operands. */
export function isPlain(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean") return true;
  if (x instanceof Tensor || isTensorLike(x)) return false;
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Size of `shape` along output dim `d` of an output of rank `rank` (shapes align on the right). */
function dimAt(shape: Shape, d: number, rank: number): number {
  const i = d - (rank - shape.length);
  return i < 0 ? 1 : shape[i];
}

/**
 * NumPy broadcast of three shapes; the Error names the op and every operand with its shape, e.g.
 * `where: shapes [2] (condition), [3] (a) and [4] (b) cannot be broadcast together`.
 */
export function broadcastShapes3(op: string, shapes: readonly [Shape, Shape, Shape], names: readonly [string, string, string]): number[] {
  const rank = Math.max(shapes[0].length, shapes[1].length, shapes[2].length);
  const out = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    let size = 1;
    for (const shape of shapes) {
      const dim = dimAt(shape, d, rank);
      if (dim === 1) continue;
      if (size !== 1 && dim !== size) {
        throw new Error(
          `${op}: shapes ${formatShape(shapes[0])} (${names[0]}), ${formatShape(shapes[1])} (${names[1]}) and ` +
            `${formatShape(shapes[2])} (${names[2]}) cannot be broadcast together (dimension ${d} of the result ` +
            `would be both ${size} and ${dim}); make the dimensions equal or 1`,
        );
      }
      size = dim;
    }
    out[d] = size;
  }
  return out;
}

/**
 * Writes the STRIDED layout of `out` over up to three operand shapes (already checked to
 * broadcast to it) into the args block. Size-1 output dims are dropped and neighbouring dims that
 * every operand either steps along or broadcasts over are merged, so kernels see few dims and a
 * long contiguous inner loop. Call only for a non-empty output.
 */
export function writeStridedArgs(op: string, out: Shape, a: Shape, b: Shape, c?: Shape): void {
  const rank = out.length;
  let collapsed = 0;
  let previous = -1;
  for (let d = 0; d < rank; d++) {
    const size = out[d];
    if (size === 1) continue;
    // Bit k: operand k steps along this dim (its size is the output's) rather than broadcasting.
    let steps = (dimAt(a, d, rank) === size ? 1 : 0) | (dimAt(b, d, rank) === size ? 2 : 0);
    if (c !== undefined && dimAt(c, d, rank) === size) steps |= 4;
    if (steps === previous) {
      collapsedSizes[collapsed - 1] *= size;
      continue;
    }
    if (collapsed === MAX_RANK) {
      const shapes = c === undefined ? `${formatShape(a)} and ${formatShape(b)}` : `${formatShape(a)}, ${formatShape(b)} and ${formatShape(c)}`;
      throw new RangeError(
        `${op}: broadcasting ${shapes} alternates between broadcast and non-broadcast dimensions more than ` +
          `${MAX_RANK} times; reshape the operands to merge dimensions`,
      );
    }
    collapsedSizes[collapsed] = size;
    collapsedSteps[collapsed] = steps;
    collapsed++;
    previous = steps;
  }
  if (collapsed === 0) {
    // A one-element output of rank >= 1: one dimension of size 1 that every operand steps along.
    collapsedSizes[0] = 1;
    collapsedSteps[0] = 7;
    collapsed = 1;
  }
  const args = ARGS >> 2;
  I32[args + RANK_SLOT] = collapsed;
  for (let d = 0; d < collapsed; d++) I32[args + SHAPE_SLOT + d] = collapsedSizes[d];
  const operands = c === undefined ? 2 : 3;
  for (let k = 0; k < operands; k++) {
    const slot = args + STRIDES_SLOT + k * MAX_RANK;
    let stride = 1;
    for (let d = collapsed - 1; d >= 0; d--) {
      if ((collapsedSteps[d] >> k) & 1) {
        I32[slot + d] = stride;
        stride *= collapsedSizes[d];
      } else {
        I32[slot + d] = 0;
      }
    }
  }
}
