// Ops that change only the shape (reshape, expandDims, squeeze) and transpose. Tensors are
// immutable and own their memory, so even a pure shape change copies the values.
import { releasingOnThrow, type TensorInput, toTensor } from "../convert.js";
import { formatShape } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { resolveAxes } from "./check.js";
import { intList, newAxis } from "./movement-args.js";
import { addDim, beginCopy, copyValues, runCopy, stridesInto } from "./movement-copy.js";

/** The values of `x` in a new shape with the same number of elements; one dimension may be -1. */
export function reshape(x: TensorInput, shape: readonly number[]): Tensor {
  const t = toTensor(x, "reshape");
  const out = releasingOnThrow(x, t, () => allocTensor(reshapeTarget(t, intList("reshape", "shape", shape)), t.dtype));
  return reshaped(t, out);
}

/** Copies t's values into out, which has t's size in another shape; tapes see a reshape. */
function reshaped(t: Tensor, out: Tensor): Tensor {
  copyValues(t, out);
  if (recording()) recordOp("reshape", [t], out);
  return out;
}

function reshapeTarget(t: Tensor, shape: readonly number[]): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (inferred !== -1) {
        throw new Error(
          `reshape: shape ${formatShape(shape)} has more than one -1; only one dimension can be inferred`,
        );
      }
      inferred = i;
    } else if (d < 0) {
      throw new RangeError(
        `reshape: shape ${formatShape(shape)} has dimension ${d}; use non-negative sizes, or -1 for one inferred size`,
      );
    } else known *= d;
  }
  const out = shape.slice();
  if (inferred !== -1) {
    if (known === 0 || t.size % known !== 0) {
      throw new Error(
        `reshape: cannot reshape a tensor of shape ${formatShape(t.shape)} (${t.size} values) into shape ` +
          `${formatShape(shape)}: no size for the -1 dimension makes the element counts match` +
          (known === 0 ? " (the other dimensions multiply to 0)" : ""),
      );
    }
    out[inferred] = t.size / known;
  } else if (known !== t.size) {
    throw new Error(
      `reshape: cannot reshape a tensor of shape ${formatShape(t.shape)} into shape ${formatShape(shape)}: ` +
        `Input to reshape is a tensor with ${t.size} values, but the requested shape has ${known}; ` +
        `the sizes must match (use -1 to infer one dimension)`,
    );
  }
  return out;
}

/** Inserts a dimension of size 1 at `axis`, which may be in [-rank-1, rank]. */
export function expandDims(x: TensorInput, axis: number): Tensor {
  const t = toTensor(x, "expandDims");
  const at = releasingOnThrow(x, t, () => newAxis("expandDims", axis, t.shape));
  const shape = t.shape.slice();
  shape.splice(at, 0, 1);
  const out = allocTensor(shape, t.dtype);
  return reshaped(t, out);
}

/** Removes dimensions of size 1: the given axes (each must be 1), or all of them (no axis, or []). */
export function squeeze(x: TensorInput, axis?: number | readonly number[]): Tensor {
  const t = toTensor(x, "squeeze");
  const out = allocTensor(releasingOnThrow(x, t, () => squeezedShape(t, axis)), t.dtype);
  return reshaped(t, out);
}

function squeezedShape(t: Tensor, axis: number | readonly number[] | undefined): number[] {
  let shape: number[];
  if (axis === undefined || axis === null || (Array.isArray(axis) && axis.length === 0)) {
    shape = t.shape.filter((d) => d !== 1);
  } else {
    const axes = resolveAxes("squeeze", axis, t.rank);
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new Error(
          `squeeze: Can not squeeze dim[${a}], expected a dimension of 1, got ${t.shape[a]} ` +
            `(shape ${formatShape(t.shape)}); name only axes of size 1, or none to drop them all`,
        );
      }
    }
    shape = t.shape.filter((_, i) => !axes.includes(i));
  }
  return shape;
}

const inStrides: number[] = [];
const outStrides: number[] = [];

/** Permutes the dimensions: output dimension i is input dimension perm[i] (default: reversed). */
export function transpose(x: TensorInput, perm?: readonly number[]): Tensor {
  const t = toTensor(x, "transpose");
  const rank = t.rank;
  const order = perm === undefined || perm === null ? reversedAxes(rank) : releasingOnThrow(x, t, () => checkPermutation(t, perm));
  const shape = new Array<number>(rank);
  for (let i = 0; i < rank; i++) shape[i] = t.shape[order[i]];
  const out = allocTensor(shape, t.dtype);
  if (out.size > 0) {
    stridesInto(t.shape, inStrides);
    stridesInto(shape, outStrides);
    beginCopy();
    for (let i = 0; i < rank; i++) addDim(shape[i], inStrides[order[i]], outStrides[i]);
    runCopy(t.dtype, t.ptr, out.ptr);
  }
  if (recording()) recordOp("transpose", [t], out, { perm: order.slice() });
  return out;
}

function reversedAxes(rank: number): number[] {
  const axes = new Array<number>(rank);
  for (let i = 0; i < rank; i++) axes[i] = rank - 1 - i;
  return axes;
}

function checkPermutation(t: Tensor, perm: readonly number[]): readonly number[] {
  const rank = t.rank;
  intList("transpose", "perm", perm, rank, `the tensor ${formatShape(t.shape)}`);
  for (let i = 0; i < rank; i++) {
    const p = perm[i];
    if (p < 0 || p >= rank || perm.indexOf(p) !== i) {
      throw new RangeError(
        `transpose: perm ${formatShape(perm)} is not a permutation of [0, ${rank}) for shape ` +
          `${formatShape(t.shape)}; give each axis 0..${rank - 1} exactly once`,
      );
    }
  }
  return perm;
}
