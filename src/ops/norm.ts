// addN, clipByNorm and clipByGlobalNorm, with TensorFlow's formulas.
import { bytesPerElement, castScalar, type DType } from "../dtype.js";
import { releaseIfConverted, releasingOnThrow, scalar, type TensorInput, toTensor, toTensorList, withTensorList } from "../convert.js";
import { alloc, ARGS, free, I32 } from "../engine/heap.js";
import { FLOAT, KernelFamily, NUMERIC } from "../engine/kernels.js";
import { K } from "../engine/wasm.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, readElement, type Tensor } from "../tensor.js";
import { checkDType, checkFloat, resolveAxes } from "./check.js";
import { collapseRuns, type Runs, runReduction } from "./reduce-plan.js";

const ADDN = new KernelFamily("addn", NUMERIC);
const SUMSQ = new KernelFamily("sumsq", FLOAT);
const CLIP_DIVISOR = new KernelFamily("clip_divisor", FLOAT);
const CLIP_SCALE = new KernelFamily("clip_scale", FLOAT);
const CLIP_SCALE_GROUPS = new KernelFamily("clip_scale_groups", FLOAT);

/** Element-wise sum of tensors of one shape and dtype, added left to right. */
export function addN(ts: readonly TensorInput[]): Tensor {
  if (!Array.isArray(ts) || ts.length === 0) {
    throw new TypeError(
      `addN: inputs must be a non-empty array of tensors with the same dtype and shape, got ${Array.isArray(ts) ? "an empty array" : describe(ts)}`,
    );
  }
  const tensors = toTensorList(ts, "addN", "ts");
  return withTensorList(ts, tensors, () => added(tensors));
}

function added(tensors: Tensor[]): Tensor {
  const first = tensors[0];
  checkDType("addN", first, NUMERIC);
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.dtype !== first.dtype || !shapesEqual(t.shape, first.shape)) {
      throw new Error(
        `addN: inputs must all have the same shape and dtype, but ts[0] is ${first.dtype} ${formatShape(first.shape)} ` +
          `and ts[${i}] is ${t.dtype} ${formatShape(t.shape)}; reshape, broadcast or cast them to match`,
      );
    }
  }
  const out = summed(tensors);
  if (recording()) recordOp("addN", tensors, out);
  return out;
}

function summed(tensors: readonly Tensor[]): Tensor {
  const first = tensors[0];
  const out = allocTensor(first.shape.slice(), first.dtype);
  if (tensors.length === 1) {
    K.copy_bytes(out.ptr, first.ptr, first.byteLength);
    return out;
  }
  const add = ADDN.for(first.dtype);
  add(first.ptr, tensors[1].ptr, out.ptr, out.size);
  for (let i = 2; i < tensors.length; i++) add(out.ptr, tensors[i].ptr, out.ptr, out.size);
  return out;
}

/**
 * Rescales `t` so that its L2 norm over `axes` (all axes when omitted) is at most `clipNorm`:
 * `t * clipNorm / max(norm, clipNorm)`, as tf.clip_by_norm.
 */
export function clipByNorm(t: TensorInput, clipNorm: number | TensorInput, axes?: number | number[]): Tensor {
  const x = toTensor(t, "clipByNorm", "t");
  return releasingOnThrow(t, x, () => clipByNormOf(x, clipNorm, axes));
}

function clipByNormOf(x: Tensor, clipNorm: number | TensorInput, axes: number | number[] | undefined): Tensor {
  checkFloat("clipByNorm", x);
  const c = castScalar(scalarValue("clipByNorm", "clipNorm", clipNorm, x.dtype), x.dtype);
  const reduceAll = axes === undefined || axes === null;
  const resolved = reduceAll ? [] : resolveAxes("clipByNorm", axes, x.rank);
  const runs = collapseRuns(x.shape, resolved);
  if (runs.sizes.length * 2 + 1 > 64) {
    throw new RangeError(`clipByNorm: a tensor of rank ${x.rank} with these axes is beyond the supported rank; reshape it first`);
  }
  const out = clipped(x, c, reduceAll, runs);
  if (recording()) {
    const all = Array.from({ length: x.rank }, (_, i) => i);
    recordOp("clipByNorm", [x], out, { axes: reduceAll ? all : resolved, clipNorm: c });
  }
  return out;
}

function clipped(x: Tensor, c: number, reduceAll: boolean, runs: Runs): Tensor {
  const out = allocTensor(x.shape.slice(), x.dtype);
  if (out.size === 0) return out;
  if (reduceAll) {
    const norm = castScalar(Math.sqrt(SUMSQ.for(x.dtype)(x.ptr, x.size)), x.dtype);
    CLIP_SCALE.for(x.dtype)(x.ptr, out.ptr, x.size, c, Math.max(norm, c));
    return out;
  }
  let groups = 1;
  for (let i = 0; i < runs.sizes.length; i++) if (!runs.reduced[i]) groups *= runs.sizes[i];
  const divisors = alloc(groups * bytesPerElement(x.dtype));
  try {
    runReduction("sumsq", x.dtype, x.ptr, runs, divisors);
    CLIP_DIVISOR.for(x.dtype)(divisors, groups, c);
    writeGroupArgs(runs);
    CLIP_SCALE_GROUPS.for(x.dtype)(x.ptr, divisors, out.ptr, c);
  } finally {
    free(divisors);
  }
  return out;
}

/**
 * Scales every tensor by clipNorm / max(globalNorm, clipNorm), where globalNorm is the L2 norm of
 * all of them together, as tf.clip_by_global_norm; returns [clipped, globalNorm]. Null entries stay
 * null. A NaN or infinite global norm makes every clipped value NaN, as in TensorFlow. Given
 * `useNorm`, that value replaces the computed global norm.
 */
export function clipByGlobalNorm(
  ts: readonly (TensorInput | null | undefined)[],
  clipNorm: number | TensorInput,
  useNorm?: number | TensorInput,
): [(Tensor | null)[], Tensor] {
  const op = "clipByGlobalNorm";
  if (!Array.isArray(ts)) throw new TypeError(`${op}: t_list should be an array of tensors, got ${describe(ts)}`);
  const tensors = toTensorList(ts, op, "ts", true);
  return withTensorList(ts, tensors, () => clippedByGlobalNorm(tensors, clipNorm, useNorm));
}

function clippedByGlobalNorm(
  tensors: (Tensor | null)[],
  clipNorm: number | TensorInput,
  useNorm: number | TensorInput | undefined,
): [(Tensor | null)[], Tensor] {
  const op = "clipByGlobalNorm";
  let normDType: DType | null = null;
  for (const t of tensors) {
    if (t === null) continue;
    checkFloat(op, t);
    normDType ??= t.dtype;
  }
  const dtype = normDType ?? "float32";
  const c = castScalar(scalarValue(op, "clipNorm", clipNorm, dtype), dtype);
  let norm: number;
  if (useNorm === undefined) {
    let sumSquares = 0;
    for (const t of tensors) if (t !== null) sumSquares += SUMSQ.for(t.dtype)(t.ptr, t.size);
    norm = castScalar(Math.sqrt(sumSquares), dtype);
  } else {
    norm = castScalar(scalarValue(op, "useNorm", useNorm, dtype), dtype);
  }
  const scale = globalScale(norm, c, dtype);
  const present = tensors.filter((t): t is Tensor => t !== null);
  const clipped = tensors.map((t) => {
    if (t === null) return null;
    const out = allocTensor(t.shape.slice(), t.dtype);
    CLIP_SCALE.for(t.dtype)(t.ptr, out.ptr, t.size, castScalar(scale, t.dtype), 1);
    if (recording()) {
      const attrs = { index: present.indexOf(t), clipNorm: c, fixedScale: useNorm === undefined ? null : scale };
      recordOp("clipByGlobalNorm", present, out, attrs);
    }
    return out;
  });
  return [clipped, scalar(norm, dtype)];
}

/** clipNorm * min(1 / norm, 1 / clipNorm), NaN when the norm is not finite, rounded like `dtype`. */
function globalScale(norm: number, clipNorm: number, dtype: DType): number {
  const round = (v: number): number => castScalar(v, dtype);
  const finiteScale = round(clipNorm * Math.min(round(1 / norm), round(1 / clipNorm)));
  return finiteScale + (norm - norm);
}

/** Args block for clip_scale_groups: [rank, dims, strides of the divisors (0 along reduced runs)]. */
function writeGroupArgs(runs: Runs): void {
  const sizes = runs.sizes.length === 0 ? [1] : runs.sizes;
  const rank = sizes.length;
  const base = ARGS >> 2;
  I32[base] = rank;
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    I32[base + 1 + d] = sizes[d];
    const reduced = runs.sizes.length > 0 && runs.reduced[d];
    I32[base + 1 + rank + d] = reduced ? 0 : stride;
    if (!reduced) stride *= sizes[d];
  }
}

/** A number from a number or a one-element tensor. */
function scalarValue(op: string, name: string, v: number | TensorInput, dtype: DType): number {
  if (typeof v === "number") return v;
  const t = toTensor(v, op, name, dtype);
  const value = t.size === 1 ? readElement(t, 0) : NaN;
  // A tensor made from a plain value here is only read.
  releaseIfConverted(v, t);
  if (t.size !== 1) {
    throw new Error(`${op}: ${name} must be a scalar, got ${t.dtype} ${formatShape(t.shape)}; pass a number or a one-element tensor`);
  }
  return value;
}
