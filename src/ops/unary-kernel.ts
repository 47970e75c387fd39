// The one path every element-wise unary op takes: convert the argument, check its dtype, allocate the
// output, run the kernel for that dtype.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { KernelFamily } from "../engine/kernels.js";
import { K } from "../engine/wasm.js";
import type { PrimitiveOp } from "../grad/rules.js";
import { type Attrs, observeOutput, recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";

/** An element-wise op `(x) => y` with y of x's shape and dtype, recorded on active tapes. */
export function unary(op: PrimitiveOp, dtypes: readonly DType[]): (x: TensorInput) => Tensor {
  const kernels = new KernelFamily(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    const out = run(kernels, t, x);
    if (recording()) recordOp(op, [t], out);
    return out;
  };
}

/** An element-wise op whose derivative is zero wherever it exists (floor, sign): never recorded. */
export function unaryWithoutGradient(op: string, dtypes: readonly DType[]): (x: TensorInput) => Tensor {
  const kernels = new KernelFamily(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    const out = run(kernels, t, x);
    if (recording()) observeOutput(op, [t], out);
    return out;
  };
}

/** `x` is the argument `t` was converted from: a rejected plain value leaves no tensor behind. */
function run(kernels: KernelFamily, t: Tensor, x: TensorInput): Tensor {
  let out: Tensor;
  try {
    const kernel = kernels.forTensor(t);
    out = allocTensor(t.shape.slice(), t.dtype);
    kernel(t.ptr, out.ptr, t.size);
  } catch (err) {
    releaseIfConverted(x, t);
    throw err;
  }
  return out;
}

/** Runs an element-wise kernel that takes one scalar attribute after the count; `attrs` go to the tape. */
export function unaryWithAttribute(
  kernels: KernelFamily,
  op: PrimitiveOp,
  x: TensorInput,
  attribute: number,
  attrs: Attrs,
): Tensor {
  const t = toTensor(x, op);
  let out: Tensor;
  try {
    const kernel = kernels.forTensor(t);
    out = allocTensor(t.shape.slice(), t.dtype);
    kernel(t.ptr, out.ptr, t.size, attribute);
  } catch (err) {
    releaseIfConverted(x, t);
    throw err;
  }
  if (recording()) recordOp(op, [t], out, attrs);
  return out;
}

/** A new tensor with the values of `x` (any dtype). */
export function copyOf(x: TensorInput, op: string): Tensor {
  const t = toTensor(x, op);
  const out = allocTensor(t.shape.slice(), t.dtype);
  K.copy_bytes(out.ptr, t.ptr, t.byteLength);
  return out;
}
