// Kernel lookup by dtype. A kernel is named after its family plus a dtype suffix (`exp_f32`), or
// plus an element width for kernels that only move bytes (`gather_b4`). A family builds those names
// once per engine instance, so a call reads a field instead of concatenating strings.
import { bytesPerElement, DTYPES, type DType, kernelSuffix } from "../dtype.js";
import { formatShape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { K, type Kernel, type Kernels } from "./wasm.js";

/** The dtypes of float kernels. */
export const FLOAT: readonly DType[] = ["float32", "float64"];
/** The dtypes of arithmetic kernels: floats and int32. */
export const NUMERIC: readonly DType[] = ["float32", "float64", "int32"];

/** `_b1`, `_b4` or `_b8`: the suffix of kernels that take any dtype of that element size. */
export function widthSuffix(dtype: DType): string {
  return `_b${bytesPerElement(dtype)}`;
}

/** The kernels `<name>_<suffix>` of one family, for the dtypes it has. */
export class KernelFamily {
  private loadedFrom: Kernels | null = null;
  private f32: Kernel | undefined;
  private f64: Kernel | undefined;
  private i32: Kernel | undefined;
  private u8: Kernel | undefined;

  constructor(
    readonly name: string,
    readonly dtypes: readonly DType[] = DTYPES,
    private readonly suffix: (dtype: DType) => string = kernelSuffix,
  ) {}

  /** The kernel for `dtype`, or undefined if the family has none. */
  find(dtype: DType): Kernel | undefined {
    if (this.loadedFrom !== K) this.load();
    return dtype === "float32" ? this.f32 : dtype === "float64" ? this.f64 : dtype === "int32" ? this.i32 : this.u8;
  }

  /** The kernel for a dtype the caller has already checked. */
  for(dtype: DType): Kernel {
    const kernel = this.find(dtype);
    if (kernel === undefined) throw new Error(`gradtape: ${this.name} has no kernel for dtype ${dtype}`);
    return kernel;
  }

  /** The kernel for `t`'s dtype; the unsupported-dtype TypeError, naming the family as the op, if none. */
  forTensor(t: Tensor): Kernel {
    const kernel = this.find(t.dtype);
    if (kernel === undefined) throw unsupportedDType(this.name, t, this.dtypes);
    return kernel;
  }

  private load(): void {
    const kernels = K; // before init, reading a kernel from K throws the "not initialized" Error
    this.f32 = this.kernelFrom(kernels, "float32");
    this.f64 = this.kernelFrom(kernels, "float64");
    this.i32 = this.kernelFrom(kernels, "int32");
    this.u8 = this.kernelFrom(kernels, "bool");
    this.loadedFrom = kernels;
  }

  private kernelFrom(kernels: Kernels, dtype: DType): Kernel | undefined {
    if (!this.dtypes.includes(dtype)) return undefined;
    const name = this.name + this.suffix(dtype);
    const kernel = kernels[name];
    if (typeof kernel !== "function") throw new Error(`gradtape: the Wasm module has no kernel ${name}`);
    return kernel;
  }
}

/** The TypeError for an op given a tensor of a dtype it does not take. */
export function unsupportedDType(op: string, t: Tensor, allowed: readonly DType[]): TypeError {
  return new TypeError(
    `${op}: dtype ${t.dtype} ${formatShape(t.shape)} is not supported; use ${allowed.join(" or ")} ` +
      `(cast it first with tf.cast(x, "${allowed[0]}"))`,
  );
}
