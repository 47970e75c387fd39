// Conversion between dtypes.
import { type TensorInput, toTensor } from "../convert.js";
import { assertDType, DTYPES, type DType, kernelSuffix } from "../dtype.js";
import { KernelFamily } from "../engine/kernels.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { identity } from "./unary.js";

/** The kernels `cast_<from>_<to>`, one family per source dtype. */
const CAST_FROM: Readonly<Record<DType, KernelFamily>> = {
  float32: castsFrom("float32"),
  float64: castsFrom("float64"),
  int32: castsFrom("int32"),
  bool: castsFrom("bool"),
};

function castsFrom(from: DType): KernelFamily {
  return new KernelFamily(`cast${kernelSuffix(from)}`, DTYPES.filter((to) => to !== from));
}

/**
 * `x` converted to `dtype`, as TensorFlow does: floats to int32 truncate toward zero (out-of-range
 * values saturate and NaN gives 0), anything to bool is `x != 0` (so NaN is true), bool to numbers
 * is 0 or 1, and float64 to float32 rounds to nearest. A tensor that already has `dtype` comes back
 * as it is.
 */
export function cast(x: TensorInput, dtype: DType): Tensor {
  const to = assertDType(dtype, "cast");
  const t = toTensor(x, "cast", "x");
  // A cast to the dtype a value has is a copy (recorded as identity): disposing the result must not
  // free the input, and a variable's result must not follow later assigns.
  if (t.dtype === to) return identity(t);
  const kernel = CAST_FROM[t.dtype].for(to);
  const out = allocTensor(t.shape.slice(), to);
  if (out.size > 0) kernel(t.ptr, out.ptr, out.size);
  if (recording()) recordOp("cast", [t], out);
  return out;
}
