// Ops that join tensors (concat, stack) or cut one out of another (slice), all strided copies.
import { releasingOnThrow, type TensorInput, toTensor, withTensorList } from "../convert.js";
import { bytesPerElement } from "../dtype.js";
import { formatShape, normalizeAxis, shapesEqual } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { intArg, intList, newAxis, tensorList } from "./movement-args.js";
import { addDim, beginCopy, runCopy, stridesInto } from "./movement-copy.js";

/** Joins tensors along an existing axis; their shapes must agree on every other axis. */
export function concat(values: readonly TensorInput[], axis: number): Tensor {
  const ts = tensorList("concat", values);
  return withTensorList(values, ts, () => concatenated(ts, axis));
}

function concatenated(ts: Tensor[], axis: number): Tensor {
  const first = ts[0];
  const rank = first.rank;
  if (rank === 0) {
    throw new Error("concat: Can't concatenate scalars (use tf.stack instead); concat joins tensors of rank 1 or more");
  }
  const at = normalizeAxis(intArg("concat", "axis", axis), rank, "concat");
  let total = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    checkJoinDType("concat", ts, i);
    let matches = t.rank === rank;
    for (let d = 0; matches && d < rank; d++) matches = d === at || t.shape[d] === first.shape[d];
    if (!matches) {
      throw new Error(
        `concat: values[${i}] has shape ${formatShape(t.shape)}, which does not match values[0] ` +
          `${formatShape(first.shape)} outside axis ${at}; all shapes must agree except along the concat axis`,
      );
    }
    total += t.shape[at];
  }
  const shape = first.shape.slice();
  shape[at] = total;
  const out = allocTensor(shape, first.dtype);
  let outer = 1;
  for (let d = 0; d < at; d++) outer *= shape[d];
  let inner = 1;
  for (let d = at + 1; d < rank; d++) inner *= shape[d];
  placeAlongAxis(ts, out, outer, inner, total);
  if (recording()) recordOp("concat", ts, out, { axis: at });
  return out;
}

/** Stacks tensors of one shape along a new axis (in [-rank-1, rank]). */
export function stack(values: readonly TensorInput[], axis = 0): Tensor {
  const ts = tensorList("stack", values);
  return withTensorList(values, ts, () => stacked(ts, axis));
}

function stacked(ts: Tensor[], axis: number): Tensor {
  const first = ts[0];
  const at = newAxis("stack", axis, first.shape);
  for (let i = 0; i < ts.length; i++) {
    checkJoinDType("stack", ts, i);
    if (!shapesEqual(ts[i].shape, first.shape)) {
      throw new Error(
        `stack: Shapes of all inputs must match: values[0].shape = ${formatShape(first.shape)} != ` +
          `values[${i}].shape = ${formatShape(ts[i].shape)}`,
      );
    }
  }
  const shape = first.shape.slice();
  shape.splice(at, 0, ts.length);
  const out = allocTensor(shape, first.dtype);
  let outer = 1;
  for (let d = 0; d < at; d++) outer *= shape[d];
  placeAlongAxis(ts, out, outer, first.size / outer, ts.length);
  if (recording()) recordOp("stack", ts, out, { axis: at });
  return out;
}

function checkJoinDType(op: string, ts: readonly Tensor[], i: number): void {
  if (ts[i].dtype !== ts[0].dtype) {
    throw new TypeError(
      `${op}: dtypes differ: values[0] is ${ts[0].dtype} ${formatShape(ts[0].shape)} and values[${i}] is ` +
        `${ts[i].dtype} ${formatShape(ts[i].shape)}; cast them to one dtype with tf.cast`,
    );
  }
}

/**
 * Copies each tensor, seen as [outer, length * inner], into its slot of `out` seen as
 * [outer, total * inner], where `length` is the tensor's extent along the joined axis.
 * `outer` and `inner` are the products of the output dimensions before and after that axis.
 */
function placeAlongAxis(ts: readonly Tensor[], out: Tensor, outer: number, inner: number, total: number): void {
  if (out.size === 0) return;
  const elementBytes = bytesPerElement(out.dtype);
  let offset = 0;
  for (const t of ts) {
    const run = t.size / outer;
    beginCopy();
    addDim(outer, run, total * inner);
    addDim(run, 1, 1);
    runCopy(t.dtype, t.ptr, out.ptr + offset * elementBytes);
    offset += run;
  }
}

const inStrides: number[] = [];
const outStrides: number[] = [];

/**
 * The block of `x` starting at `begin` with extent `size` per axis; a size of -1 (or an omitted
 * size) runs to the end of that axis.
 */
export function slice(x: TensorInput, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = toTensor(x, "slice");
  const rank = t.rank;
  const shape = releasingOnThrow(x, t, () => slicedShape(t, begin, size));
  const out = allocTensor(shape, t.dtype);
  if (out.size > 0) {
    stridesInto(t.shape, inStrides);
    stridesInto(shape, outStrides);
    let start = 0;
    beginCopy();
    for (let d = 0; d < rank; d++) {
      start += begin[d] * inStrides[d];
      addDim(shape[d], inStrides[d], outStrides[d]);
    }
    runCopy(t.dtype, t.ptr + start * bytesPerElement(t.dtype), out.ptr);
  }
  if (recording()) recordOp("slice", [t], out, { begin: begin.slice() });
  return out;
}

/** The shape of slice(t, begin, size), after checking begin and size against t. */
function slicedShape(t: Tensor, begin: readonly number[], size: readonly number[] | undefined): number[] {
  const rank = t.rank;
  const of = `the tensor ${formatShape(t.shape)}`;
  intList("slice", "begin", begin, rank, of);
  if (size !== undefined && size !== null) intList("slice", "size", size, rank, of);
  const shape = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const dim = t.shape[d];
    const b = begin[d];
    const s = size === undefined || size === null || size[d] === -1 ? dim - b : size[d];
    if (b < 0 || b > dim || s < 0 || b + s > dim) {
      throw new RangeError(
        `slice: begin ${formatShape(begin)} and size ${size === undefined || size === null ? "(to the end)" : formatShape(size)} ` +
          `are out of bounds for shape ` +
          `${formatShape(t.shape)} at axis ${d}: begin ${b} with size ${s} needs 0 <= begin <= begin + size <= ${dim}; ` +
          `size -1 takes the rest of the axis`,
      );
    }
    shape[d] = s;
  }
  return shape;
}
