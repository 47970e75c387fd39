// The one path every element-wise unary op takes: convert the argument, check its dtype, allocate the
// output, run the kernel for that dtype.
import { type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { KernelFamily } from "../engine/kernels.js";
import { K, type Kernel } from "../engine/wasm.js";
import { formatShape } from "../shape.js";
import type { PrimitiveOp } from "../grad/rules.js";
import { activeTapes, type Attrs, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";

/** The kernel of `kernels` for `t`'s dtype; a TypeError naming the op, dtype and shape if there is none. */
function kernelFor(kernels: KernelFamily, t: Tensor): Kernel {
  const kernel = kernels.find(t.dtype);
  if (kernel === undefined) throw unaryDTypeError(kernels.name, t, kernels.dtypes);
  return kernel;
}

function unaryDTypeError(op: string, t: Tensor, dtypes: readonly DType[]): TypeError {
  return new TypeError(
    `${op}: dtype ${t.dtype} (shape ${formatShape(t.shape)}) is not supported; ${op} takes ${listOf(dtypes)}. ` +
      `Cast it first: tf.cast(x, "float32")`,
  );
}

/** "a", "a or b", "a, b or c" */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** An element-wise op `(x) => y` with y of x's shape and dtype, recorded on active tapes. */
export function unary(op: PrimitiveOp, dtypes: readonly DType[]): (x: TensorInput) => Tensor {
  const kernels = new KernelFamily(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    const out = run(kernelFor(kernels, t), t);
    if (activeTapes.length > 0) recordOp(op, [t], out);
    return out;
  };
}

/** An element-wise op whose derivative is zero wherever it exists (floor, sign): never recorded. */
export function unaryWithoutGradient(op: string, dtypes: readonly DType[]): (x: TensorInput) => Tensor {
  const kernels = new KernelFamily(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    return run(kernelFor(kernels, t), t);
  };
}

function run(kernel: Kernel, t: Tensor): Tensor {
  const out = allocTensor(t.shape.slice(), t.dtype);
  kernel(t.ptr, out.ptr, t.size);
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
  const kernel = kernelFor(kernels, t);
  const out = allocTensor(t.shape.slice(), t.dtype);
  kernel(t.ptr, out.ptr, t.size, attribute);
  if (activeTapes.length > 0) recordOp(op, [t], out, attrs);
  return out;
}

/** A new tensor with the values of `x` (any dtype). */
export function copyOf(x: TensorInput, op: string): Tensor {
  const t = toTensor(x, op);
  const out = allocTensor(t.shape.slice(), t.dtype);
  K.copy_bytes(out.ptr, t.ptr, t.byteLength);
  return out;
}
