// Conversion between dtypes.
import { type TensorInput, toTensor } from "../convert.js";
import { assertDType, type DType, kernelSuffix } from "../dtype.js";
import { K, type Kernel } from "../engine/wasm.js";
import { activeTapes, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { dtypeIndex } from "./broadcast.js";

/** Kernels by dtypeIndex(from) * 4 + dtypeIndex(to). */
const kernels: (Kernel | undefined)[] = new Array<Kernel | undefined>(16).fill(undefined);

/**
 * `x` converted to `dtype`, as TensorFlow does: floats to int32 truncate toward zero (out-of-range
 * values saturate and NaN gives 0), anything to bool is `x != 0` (so NaN is true), bool to numbers
 * is 0 or 1, and float64 to float32 rounds to nearest. A tensor that already has `dtype` comes back
 * as it is.
 */
export function cast(x: TensorInput, dtype: DType): Tensor {
  const t = toTensor(x, "cast", "x");
  const to = assertDType(dtype, "cast");
  if (t.dtype === to) return t;
  const i = dtypeIndex(t.dtype) * 4 + dtypeIndex(to);
  const kernel = kernels[i] ?? (kernels[i] = K[`cast${kernelSuffix(t.dtype)}${kernelSuffix(to)}`]);
  const out = allocTensor(t.shape.slice(), to);
  if (out.size > 0) kernel(t.ptr, out.ptr, out.size);
  if (activeTapes.length > 0) recordOp("cast", [t], out);
  return out;
}
