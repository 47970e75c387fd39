import { show } from "./shape.js";

export type DType = "float32" | "float64" | "int32" | "bool";
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** Bytes per element, which is also the element size kernels are instantiated for. */
export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "int32":
      return 4;
    case "float64":
      return 8;
    case "bool":
      return 1;
  }
}

/** Kernel name suffix: `exp` + `_f32` is the float32 kernel. */
export function kernelSuffix(dtype: DType): "_f32" | "_f64" | "_i32" | "_u8" {
  switch (dtype) {
    case "float32":
      return "_f32";
    case "float64":
      return "_f64";
    case "int32":
      return "_i32";
    case "bool":
      return "_u8";
  }
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function assertDType(dtype: unknown, where: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32" || dtype === "bool") return dtype;
  throw new TypeError(`${where}: unknown dtype ${show(dtype)}; use one of ${DTYPES.join(", ")}`);
}


/** Rounds a JS number the way storing it in `dtype` would. */
export function castScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
      return Math.fround(value);
    case "float64":
      return value;
    case "int32":
      return value | 0;
    case "bool":
      return value !== 0 ? 1 : 0; // NaN is true, as in TensorFlow
  }
}
