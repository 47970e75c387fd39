// Ops that grow a tensor by repeating it (tile) or surrounding it with a constant (pad).
import { releasingOnThrow, type TensorInput, toTensor } from "../convert.js";
import { bytesPerElement, castScalar } from "../dtype.js";
import { KernelFamily } from "../engine/kernels.js";
import { describe, formatShape, show } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { intList } from "./movement-args.js";
import { addDim, beginCopy, runCopy, stridesInto } from "./movement-copy.js";

const FILL = new KernelFamily("fill");
const inStrides: number[] = [];
const outStrides: number[] = [];

/** Repeats `x` multiples[i] times along each axis i. */
export function tile(x: TensorInput, multiples: readonly number[]): Tensor {
  const t = toTensor(x, "tile");
  const out = releasingOnThrow(x, t, () => tiled(t, multiples));
  if (recording()) recordOp("tile", [t], out, { multiples: multiples.slice() });
  return out;
}

function tiled(t: Tensor, multiples: readonly number[]): Tensor {
  const rank = t.rank;
  intList("tile", "multiples", multiples, rank, `the tensor ${formatShape(t.shape)}`);
  const shape = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    if (multiples[d] < 0) {
      throw new RangeError(
        `tile: multiples ${formatShape(multiples)} has a negative entry at axis ${d}; repeat counts must be >= 0`,
      );
    }
    shape[d] = t.shape[d] * multiples[d];
  }
  const out = allocTensor(shape, t.dtype, "tile");
  if (out.size === 0) return out;
  stridesInto(t.shape, inStrides);
  stridesInto(shape, outStrides);
  // Output axis d is (repeat r, position i) with offset (r * dim + i) * outStride: a repeat
  // dimension reads the source with stride 0.
  beginCopy();
  for (let d = 0; d < rank; d++) {
    addDim(multiples[d], 0, t.shape[d] * outStrides[d]);
    addDim(t.shape[d], inStrides[d], outStrides[d]);
  }
  runCopy(t.dtype, t.ptr, out.ptr);
  return out;
}

/**
 * Pads `x` with `constantValue`: paddings[i] = [before, after] elements on each side of axis i.
 */
export function pad(x: TensorInput, paddings: readonly (readonly number[])[], constantValue: number | boolean = 0): Tensor {
  const t = toTensor(x, "pad");
  const out = releasingOnThrow(x, t, () => padded(t, paddings, constantValue));
  if (recording()) recordOp("pad", [t], out, { paddings: paddings.map((p) => p.slice()) });
  return out;
}

function padded(t: Tensor, paddings: readonly (readonly number[])[], constantValue: number | boolean): Tensor {
  const rank = t.rank;
  checkPaddings(t, paddings);
  if (typeof constantValue !== "number" && typeof constantValue !== "boolean") {
    throw new TypeError(`pad: constantValue must be a number, got ${describe(constantValue)}`);
  }
  const shape = new Array<number>(rank);
  for (let d = 0; d < rank; d++) shape[d] = paddings[d][0] + t.shape[d] + paddings[d][1];
  const out = allocTensor(shape, t.dtype, "pad");
  if (out.size === 0) return out;
  FILL.for(t.dtype)(out.ptr, out.size, castScalar(Number(constantValue), t.dtype));
  if (t.size === 0) return out;
  stridesInto(t.shape, inStrides);
  stridesInto(shape, outStrides);
  let start = 0;
  beginCopy();
  for (let d = 0; d < rank; d++) {
    start += paddings[d][0] * outStrides[d];
    addDim(t.shape[d], inStrides[d], outStrides[d]);
  }
  runCopy(t.dtype, t.ptr, out.ptr + start * bytesPerElement(t.dtype));
  return out;
}

function checkPaddings(t: Tensor, paddings: readonly (readonly number[])[]): void {
  if (!Array.isArray(paddings) || paddings.length !== t.rank) {
    throw new RangeError(
      `pad: paddings must be an array of ${t.rank} [before, after] pairs, one per dimension of the tensor ` +
        `${formatShape(t.shape)}, got ${Array.isArray(paddings) ? `${paddings.length} entries` : describe(paddings)}`,
    );
  }
  for (let d = 0; d < t.rank; d++) {
    const p = intList("pad", `paddings[${d}]`, paddings[d]);
    if (p.length !== 2 || p[0] < 0 || p[1] < 0) {
      throw new RangeError(
        `pad: paddings[${d}] is ${show(p)}; each entry must be a pair [before, after] of non-negative integers`,
      );
    }
  }
}
