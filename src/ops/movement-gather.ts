// Ops driven by integer indices: gather (select slices along an axis) and oneHot.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import { assertDType, castScalar, DTYPES, type DType } from "../dtype.js";
import { KernelFamily, widthSuffix } from "../engine/kernels.js";
import { K } from "../engine/wasm.js";
import { formatShape, normalizeAxis } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { intArg, indexTensor } from "./movement-args.js";

const GATHER = new KernelFamily("gather", DTYPES, widthSuffix);
const ONE_HOT = new KernelFamily("one_hot", DTYPES, widthSuffix);

/**
 * Slices of `x` along `axis` picked by `indices` (int32, any rank): the output shape is
 * x.shape[:axis] + indices.shape + x.shape[axis+1:]. An index outside [0, x.shape[axis]) throws.
 */
export function gather(x: TensorInput, indices: TensorInput, axis = 0): Tensor {
  const t = toTensor(x, "gather");
  let idx: Tensor | null = null;
  let at: number;
  try {
    if (t.rank === 0) {
      throw new RangeError("gather: params must have rank 1 or more, got a scalar; gather picks slices along an axis");
    }
    at = normalizeAxis(intArg("gather", "axis", axis), t.rank, "gather");
    idx = indexTensor("gather", "indices", indices);
    const bad = idx.size === 0 ? -1 : K.index_out_of_range_i32(idx.ptr, idx.size, t.shape[at]);
    if (bad !== -1) throw badIndex(t, idx, at, bad);
  } catch (err) {
    releaseIfConverted(x, t);
    releaseIfConverted(indices, idx);
    throw err;
  }
  const shape = t.shape.slice(0, at).concat(idx.shape, t.shape.slice(at + 1));
  const out = gathered(t, idx, at, shape);
  if (recording()) recordOp("gather", [t, idx], out, { axis: at });
  return out;
}

function gathered(t: Tensor, idx: Tensor, at: number, shape: number[]): Tensor {
  const out = allocTensor(shape, t.dtype);
  if (out.size === 0) return out;
  const axisLength = t.shape[at];
  let outer = 1;
  for (let d = 0; d < at; d++) outer *= t.shape[d];
  const inner = t.size / (outer * axisLength);
  GATHER.for(t.dtype)(t.ptr, idx.ptr, out.ptr, outer, axisLength, idx.size, inner);
  return out;
}

function badIndex(t: Tensor, idx: Tensor, axis: number, position: number): RangeError {
  const value = idx.data()[position];
  const where = idx.rank === 0 ? "indices" : `indices[${unravel(position, idx.shape).join(",")}]`;
  return new RangeError(
    `gather: ${where} = ${value} is not in [0, ${t.shape[axis]}): axis ${axis} of params ${formatShape(t.shape)} ` +
      `has ${t.shape[axis]} entries; use indices in that range`,
  );
}

function unravel(position: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = position % shape[d];
    position = Math.floor(position / shape[d]);
  }
  return index;
}

const f32Bits = new Float32Array(1);
const f32BitsAsInt = new Int32Array(f32Bits.buffer);

/**
 * One-hot rows: output shape indices.shape + [depth], `onValue` where the position equals the
 * index and `offValue` elsewhere. An index outside [0, depth) gives a row of `offValue`.
 */
export function oneHot(
  indices: TensorInput,
  depth: number,
  onValue: number = 1,
  offValue: number = 0,
  dtype: DType = "float32",
): Tensor {
  intArg("oneHot", "depth", depth);
  if (depth < 0) throw new RangeError(`oneHot: depth must be >= 0, got ${depth}`);
  if (typeof onValue !== "number" || typeof offValue !== "number") {
    throw new TypeError(`oneHot: onValue and offValue must be numbers, got ${typeof onValue} and ${typeof offValue}`);
  }
  assertDType(dtype, "oneHot");
  const idx = indexTensor("oneHot", "indices", indices);
  const shape = idx.shape.slice();
  shape.push(depth);
  const out = allocTensor(shape, dtype, "oneHot");
  if (out.size === 0) return out;
  const on = castScalar(onValue, dtype);
  const off = castScalar(offValue, dtype);
  ONE_HOT.for(dtype)(idx.ptr, out.ptr, idx.size, depth, kernelValue(on, dtype), kernelValue(off, dtype));
  return out;
}

/** The 4-byte kernel stores i32 lanes, so float32 values go in as their bit patterns. */
function kernelValue(value: number, dtype: DType): number {
  if (dtype !== "float32") return value;
  f32Bits[0] = value;
  return f32BitsAsInt[0];
}
