// Float64 reference for the element-wise binary, selection and cast ops: NumPy broadcasting by
// explicit multi-indices (no strides tricks), and the scalar semantics of TensorFlow per dtype.
import { type RefArray, sizeOf, stridesOf, unravel } from "../util/reference.js";

/** NumPy's broadcast of any number of shapes; null when they do not broadcast. */
export function broadcastShape(...shapes: number[][]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let size = 1;
    for (const s of shapes) {
      const dim = d < rank - s.length ? 1 : s[d - (rank - s.length)];
      if (dim === 1) continue;
      if (size !== 1 && size !== dim) return null;
      size = dim;
    }
    out.push(size);
  }
  return out;
}

/** out[i] = f(x0[j0], x1[j1], ...), where each j picks the input element that broadcasts to i. */
export function broadcastApply(f: (...xs: number[]) => number, ...inputs: RefArray[]): RefArray {
  const shape = broadcastShape(...inputs.map((x) => x.shape));
  if (shape === null) throw new Error("reference: shapes do not broadcast");
  const n = sizeOf(shape);
  const values = new Array<number>(n);
  const strides = inputs.map((x) => stridesOf(x.shape));
  for (let i = 0; i < n; i++) {
    const index = unravel(i, shape);
    const args = inputs.map((x, k) => {
      let flat = 0;
      for (let d = 0; d < x.shape.length; d++) {
        const outDim = d + shape.length - x.shape.length;
        if (x.shape[d] !== 1) flat += index[outDim] * strides[k][d];
      }
      return x.values[flat];
    });
    values[i] = f(...args);
  }
  return { shape, values };
}

/** C's pow (TensorFlow's): 1^y = 1 and (-1)^±inf = 1, where JavaScript gives NaN. */
function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return Math.pow(x, y);
}

/** Square-and-multiply with 32-bit wrap-around. */
function int32Pow(x: number, y: number): number {
  let result = 1;
  for (let i = 0; i < y; i++) result = Math.imul(result, x);
  return result;
}

export type BinaryName = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum";
export type CompareName = "equal" | "notEqual" | "greater" | "greaterEqual" | "less" | "lessEqual";

/** Float semantics (float32 results are these rounded to float32). */
export const floatOps: Record<BinaryName, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: cPow,
  maximum: (x, y) => Math.max(x, y),
  minimum: (x, y) => Math.min(x, y),
};

/** int32 semantics: wrap-around arithmetic; div is true division giving float64. */
export const int32Ops: Record<BinaryName, (x: number, y: number) => number> = {
  add: (x, y) => (x + y) | 0,
  sub: (x, y) => (x - y) | 0,
  mul: (x, y) => Math.imul(x, y),
  div: (x, y) => x / y,
  pow: int32Pow,
  maximum: (x, y) => Math.max(x, y),
  minimum: (x, y) => Math.min(x, y),
};

export const compareOps: Record<CompareName, (x: number, y: number) => number> = {
  equal: (x, y) => (x === y ? 1 : 0),
  notEqual: (x, y) => (x !== y ? 1 : 0),
  greater: (x, y) => (x > y ? 1 : 0),
  greaterEqual: (x, y) => (x >= y ? 1 : 0),
  less: (x, y) => (x < y ? 1 : 0),
  lessEqual: (x, y) => (x <= y ? 1 : 0),
};

export const whereOp = (c: number, x: number, y: number): number => (c !== 0 ? x : y);

/** TensorFlow's clip_by_value: maximum(minimum(t, hi), lo), NaN propagating. */
export const clipOp = (x: number, lo: number, hi: number): number => Math.max(Math.min(x, hi), lo);

/** One value converted to `to`, TensorFlow's way (float to int32 saturating, NaN to 0). */
export function castValue(x: number, to: string): number {
  switch (to) {
    case "float32":
      return Math.fround(x);
    case "float64":
      return x;
    case "int32":
      if (Number.isNaN(x)) return 0;
      return Math.min(2147483647, Math.max(-2147483648, Math.trunc(x))) + 0; // + 0 turns -0 into 0
    default:
      return x !== 0 ? 1 : 0;
  }
}
