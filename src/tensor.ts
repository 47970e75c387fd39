import { bytesPerElement, type DType, type TypedArray } from "./dtype.js";
import { alloc, F32, F64, I32, U8 } from "./engine/heap.js";
import { K } from "./engine/wasm.js";
import { formatTensor } from "./format.js";
import { adopt, release } from "./lifetime.js";
import { formatShape, type Shape, sizeOf } from "./shape.js";

let nextId = 1;

/**
 * An immutable n-dimensional array whose values live in Wasm linear memory.
 * Ops are also methods (installed from the ops barrel, see methods.ts).
 */
export class Tensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  /** Unique per tensor; names it in error messages. */
  readonly id: number;
  /** @internal Byte offset of the values in linear memory. */
  ptr: number;
  /** @internal Why the memory was freed, once it has been; null while alive. */
  freedBecause: string | null = null;
  /** @internal The step clock when an op last used it, and the step it was made in (see lifetime.ts). */
  lastUse = 0;
  /** @internal */
  bornInStep = 0;
  /** @internal How many tape nodes hold this tensor as an input (a variable's assign then copies on write). */
  savedByTapes = 0;

  /** @internal Use the creation functions (`tf.tensor`, `tf.zeros`, ...) instead. */
  constructor(shape: number[], dtype: DType, ptr: number) {
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.ptr = ptr;
    this.id = nextId++;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Bytes of the values (not counting allocator rounding). */
  get byteLength(): number {
    return this.size * bytesPerElement(this.dtype);
  }

  /** @internal Throws the use-after-free Error naming this tensor, why it was freed and how to keep it. */
  assertAlive(where: string): void {
    if (this.freedBecause !== null) {
      throw new Error(
        `${where}: ${this.describe()} was ${this.freedBecause}, so its memory is gone; ` +
          `keep a tensor you still need with tf.keep(t) (or return it from tf.tidy), or read its values first with item() or data()`,
      );
    }
  }

  /** "Tensor#12 (float32 [2,3])" */
  describe(): string {
    return `Tensor#${this.id} (${this.dtype} ${formatShape(this.shape)})`;
  }

  /** The value of a one-element tensor. */
  item(): number {
    this.assertAlive("item");
    if (this.size !== 1) {
      throw new Error(
        `item: ${this.describe()} has ${this.size} elements; item() needs exactly one. Use data() or array() for the values`,
      );
    }
    return readElement(this, 0);
  }

  /** A copy of the values, row-major. */
  data(): TypedArray {
    this.assertAlive("data");
    return viewOf(this).slice();
  }

  /** The values as nested arrays (a number for a scalar). */
  array(): NestedArray {
    this.assertAlive("array");
    const flat = viewOf(this);
    if (this.shape.length === 0) return flat[0];
    return nest(flat, this.shape, 0, 0);
  }

  /** Alias of `array()` for TensorFlow users. */
  numpy(): NestedArray {
    return this.array();
  }

  /** A copy with its own memory, so it outlives this tensor (and the scope that owns it). */
  clone(): Tensor {
    this.assertAlive("clone");
    const copy = allocTensor(this.shape.slice(), this.dtype);
    K.copy_bytes(copy.ptr, this.ptr, this.byteLength);
    return copy;
  }

  /** Frees the memory now; later use throws an Error naming this tensor. */
  dispose(): void {
    if (this.freedBecause !== null) return;
    release(this, "disposed by dispose()");
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  toString(): string {
    if (this.freedBecause !== null) return `tf.Tensor(<freed: ${this.freedBecause}>, id=${this.id})`;
    return formatTensor(this.shape, this.dtype, viewOf(this));
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

export type NestedArray = number | NestedArray[];

/** Bytes WebAssembly (wasm32) can address; no tensor can be larger. */
const MAX_TENSOR_BYTES = 2 ** 32;

/**
 * @internal Allocates an uninitialized tensor owned by the current scope. `op` names the caller in
 * the RangeError for a tensor larger than WebAssembly memory (the allocator's size arithmetic is
 * 32-bit, so such a size must never reach it).
 */
export function allocTensor(shape: number[], dtype: DType, op = "gradtape"): Tensor {
  const bytes = sizeOf(shape) * bytesPerElement(dtype);
  if (!(bytes < MAX_TENSOR_BYTES)) {
    throw new RangeError(
      `${op}: a ${dtype} tensor of shape ${formatShape(shape)} would need ${bytes} bytes, more than the 4 GiB ` +
        `WebAssembly memory can hold; use smaller shapes`,
    );
  }
  const t = new Tensor(shape, dtype, alloc(bytes));
  adopt(t);
  return t;
}

/** @internal A view (not a copy) of a tensor's values; invalid after the next allocation. */
export function viewOf(t: Tensor): TypedArray {
  switch (t.dtype) {
    case "float32":
      return F32.subarray(t.ptr >>> 2, (t.ptr >>> 2) + t.size);
    case "float64":
      return F64.subarray(t.ptr >>> 3, (t.ptr >>> 3) + t.size);
    case "int32":
      return I32.subarray(t.ptr >>> 2, (t.ptr >>> 2) + t.size);
    case "bool":
      return U8.subarray(t.ptr, t.ptr + t.size);
  }
}

/** @internal One element by flat index, without creating a view. */
export function readElement(t: Tensor, i: number): number {
  switch (t.dtype) {
    case "float32":
      return F32[(t.ptr >>> 2) + i];
    case "float64":
      return F64[(t.ptr >>> 3) + i];
    case "int32":
      return I32[(t.ptr >>> 2) + i];
    case "bool":
      return U8[t.ptr + i];
  }
}

function nest(flat: TypedArray, shape: Shape, dim: number, offset: number): NestedArray[] {
  const n = shape[dim];
  const out = new Array<NestedArray>(n);
  if (dim === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = flat[offset + i];
    return out;
  }
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d];
  for (let i = 0; i < n; i++) out[i] = nest(flat, shape, dim + 1, offset + i * stride);
  return out;
}
