// softmax and logSoftmax along one axis, shifted by the maximum so that large logits stay finite.
import { releasingOnThrow, type TensorInput, toTensor } from "../convert.js";
import { alloc, free } from "../engine/heap.js";
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import { describe, formatShape, normalizeAxis } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { checkFloat } from "./check.js";

/** exp(x) / sum(exp(x)) along `axis` (the last by default). */
export function softmax(logits: TensorInput, axis = -1): Tensor {
  return softmaxAlong("softmax", SOFTMAX, logits, axis);
}

/** x - log(sum(exp(x))) along `axis` (the last by default). */
export function logSoftmax(logits: TensorInput, axis = -1): Tensor {
  return softmaxAlong("logSoftmax", LOG_SOFTMAX, logits, axis);
}

interface SoftmaxKernels {
  rows: KernelFamily;
  cols: KernelFamily;
}

const SOFTMAX: SoftmaxKernels = { rows: new KernelFamily("softmax_rows", FLOAT), cols: new KernelFamily("softmax_cols", FLOAT) };
const LOG_SOFTMAX: SoftmaxKernels = { rows: new KernelFamily("log_softmax_rows", FLOAT), cols: new KernelFamily("log_softmax_cols", FLOAT) };

function softmaxAlong(op: "softmax" | "logSoftmax", kernels: SoftmaxKernels, logits: TensorInput, axis: number): Tensor {
  const t = toTensor(logits, op, "logits");
  const out = releasingOnThrow(logits, t, () => computed(op, kernels, t, axis));
  if (recording()) recordOp(op, [t], out, { axis: normalizeAxis(axis, t.rank, op) });
  return out;
}

function computed(op: string, kernels: SoftmaxKernels, t: Tensor, axis: number): Tensor {
  checkFloat(op, t);
  if (typeof axis !== "number") throw new TypeError(`${op}: axis must be one integer, got ${describe(axis)}`);
  if (t.rank === 0) {
    throw new RangeError(`${op}: logits must have >= 1 dimension, got shape ${formatShape(t.shape)}; reshape it to [1] first`);
  }
  const a = normalizeAxis(axis, t.rank, op);
  const out = allocTensor(t.shape.slice(), t.dtype);
  if (out.size === 0) return out;
  const length = t.shape[a];
  let inner = 1;
  for (let i = a + 1; i < t.rank; i++) inner *= t.shape[i];
  const outer = t.size / (length * inner);
  if (inner === 1) {
    kernels.rows.for(t.dtype)(t.ptr, out.ptr, outer, length);
    return out;
  }
  // Column maxima, norms and float64 sums, each 16-byte aligned.
  const scratch = alloc(24 * inner + 32);
  try {
    kernels.cols.for(t.dtype)(t.ptr, out.ptr, outer, length, inner, scratch);
  } finally {
    free(scratch);
  }
  return out;
}
