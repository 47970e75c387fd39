// The one path every element-wise unary op takes: convert the argument, check its dtype, allocate the
// output, run the kernel for that dtype. Kernels are looked up once per op and engine instance, so a
// call does no string work.
import { type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { K, type Kernel, type Kernels } from "../engine/wasm.js";
import { formatShape } from "../shape.js";
import type { PrimitiveOp } from "../grad/rules.js";
import { activeTapes, type Attrs, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";

export const FLOAT: readonly DType[] = ["float32", "float64"];
export const FLOAT_INT: readonly DType[] = ["float32", "float64", "int32"];

/** The kernels `<op>_f32`, `<op>_f64`, `<op>_i32` of one op, for the dtypes it supports. */
export class UnaryKernels {
  private loadedFrom: Kernels | null = null;
  private f32: Kernel | undefined;
  private f64: Kernel | undefined;
  private i32: Kernel | undefined;

  constructor(
    readonly op: string,
    readonly dtypes: readonly DType[],
  ) {}

  /** The kernel for `t`'s dtype; a TypeError naming the op, dtype and shape if there is none. */
  forTensor(t: Tensor): Kernel {
    if (this.loadedFrom !== K) this.load();
    const kernel = t.dtype === "float32" ? this.f32 : t.dtype === "float64" ? this.f64 : t.dtype === "int32" ? this.i32 : undefined;
    if (kernel === undefined) throw unsupportedDType(this.op, t, this.dtypes);
    return kernel;
  }

  private load(): void {
    const kernels = K; // before init, reading a kernel from K throws the "not initialized" Error
    this.f32 = this.dtypes.includes("float32") ? kernels[`${this.op}_f32`] : undefined;
    this.f64 = this.dtypes.includes("float64") ? kernels[`${this.op}_f64`] : undefined;
    this.i32 = this.dtypes.includes("int32") ? kernels[`${this.op}_i32`] : undefined;
    this.loadedFrom = kernels;
  }
}

function unsupportedDType(op: string, t: Tensor, dtypes: readonly DType[]): TypeError {
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
  const kernels = new UnaryKernels(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    const out = run(kernels.forTensor(t), t);
    if (activeTapes.length > 0) recordOp(op, [t], out);
    return out;
  };
}

/** An element-wise op whose derivative is zero wherever it exists (floor, sign): never recorded. */
export function unaryWithoutGradient(op: string, dtypes: readonly DType[]): (x: TensorInput) => Tensor {
  const kernels = new UnaryKernels(op, dtypes);
  return (x: TensorInput): Tensor => {
    const t = toTensor(x, op);
    return run(kernels.forTensor(t), t);
  };
}

function run(kernel: Kernel, t: Tensor): Tensor {
  const out = allocTensor(t.shape.slice(), t.dtype);
  kernel(t.ptr, out.ptr, t.size);
  return out;
}

/** Runs an element-wise kernel that takes one scalar attribute after the count; `attrs` go to the tape. */
export function unaryWithAttribute(
  kernels: UnaryKernels,
  op: PrimitiveOp,
  x: TensorInput,
  attribute: number,
  attrs: Attrs,
): Tensor {
  const t = toTensor(x, op);
  const kernel = kernels.forTensor(t);
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
