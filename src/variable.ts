// tf.Variable: mutable state usable wherever a tensor is. Its values live in a tensor it owns; assign
// writes into that memory, so the tensor (and its id, by which tapes
// know it) stays the same.
import { type NestedValues, releasingOnThrow, type TensorInput, TO_TENSOR, toTensor } from "./convert.js";
import { assertDType, type DType } from "./dtype.js";
import { K } from "./engine/wasm.js";
import { keep, release, retire } from "./lifetime.js";
import { cast } from "./ops/cast.js";
import { add, sub } from "./ops/binary.js";
import { identity } from "./ops/unary.js";
import { checkOptionsObject, formatShape } from "./shape.js";
import { noteVariableRead } from "./tape/recorder.js";
import { Tensor } from "./tensor.js";

export interface VariableOptions {
  trainable?: boolean;
  name?: string;
  dtype?: DType;
}

let variablesCreated = 0;

export class Variable {
  /** Settable, as in Keras: freezing a layer (layer.trainable = false) makes its variables non-trainable. */
  trainable: boolean;
  /** @internal Rank among all variables by creation, for watchedVariables' order. */
  readonly creationOrder = variablesCreated++;
  readonly name: string;
  /**
   * @internal The tensor holding the values; written in place by assign, unless a tape still holds
   * it for its backward pass: then assign moves to a new tensor, so the tape keeps the values it read
   * (as TensorFlow's copy-on-write reads do).
   */
  tensor: Tensor;
  private disposed = false;

  constructor(initial: TensorInput | NestedValues, options: VariableOptions = {}) {
    checkOptionsObject(options, "Variable");
    const dtype = options.dtype === undefined ? undefined : assertDType(options.dtype, "Variable");
    let value = toTensor(initial as TensorInput, "Variable", "initial", dtype);
    if (dtype !== undefined && value.dtype !== dtype) value = cast(value, dtype);
    this.tensor = keep(value.clone());
    this.trainable = options.trainable ?? true;
    this.name = options.name ?? "Variable"; // TensorFlow names every unnamed eager variable so
  }

  get shape(): number[] {
    return this.tensor.shape;
  }

  get dtype(): DType {
    return this.tensor.dtype;
  }

  get rank(): number {
    return this.tensor.rank;
  }

  get size(): number {
    return this.tensor.size;
  }

  /**
   * The current value as an immutable tensor (a copy: later assigns do not change it). Like
   * TensorFlow's read, it is differentiable: a tape sees it as the identity of the variable.
   */
  value(): Tensor {
    return identity(this);
  }

  /** Reading a variable in an op: the tapes that watch accessed variables start watching it. */
  [TO_TENSOR](): Tensor {
    const t = this.#current("read");
    noteVariableRead(this);
    return t;
  }

  /**
   * Frees the variable's memory now (as tfjs's Variable.dispose); later use throws an Error naming
   * it. A tape that still holds its values for a backward pass keeps them until the step ends.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.tensor.freedBecause !== null) return;
    if (this.tensor.savedByTapes > 0) retire(this.tensor);
    else release(this.tensor, `disposed with Variable '${this.name}'`);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** The tensor holding the values, after checking the variable was not disposed. */
  #current(where: string): Tensor {
    if (this.disposed) {
      throw new Error(
        `Variable '${this.name}' (${this.dtype} ${formatShape(this.shape)}): ${where} after dispose(); its memory is gone. ` +
          `Dispose a variable only once nothing (a model, an optimizer) uses it`,
      );
    }
    this.tensor.assertAlive(`Variable ${this.name}`);
    return this.tensor;
  }

  assign(x: TensorInput): this {
    const value = this.checked(x, "assign");
    K.copy_bytes(this.writableTensor().ptr, value.ptr, this.tensor.byteLength);
    return this;
  }

  /**
   * @internal The tensor to overwrite in place (assign, optimizer kernels). If a tape still holds the
   * current one for its backward pass, the variable first moves to a copy, so the tape keeps the
   * values it read.
   */
  writableTensor(): Tensor {
    this.#current("assign");
    if (this.tensor.savedByTapes > 0) {
      const previous = this.tensor;
      this.tensor = keep(previous.clone());
      retire(previous);
    }
    return this.tensor;
  }

  assignAdd(x: TensorInput): this {
    return this.assign(add(this.#current("assignAdd"), this.checked(x, "assignAdd")));
  }

  assignSub(x: TensorInput): this {
    return this.assign(sub(this.#current("assignSub"), this.checked(x, "assignSub")));
  }

  /** Values and metadata, as item/data/array/numpy on a tensor. */
  numpy(): ReturnType<Tensor["array"]> {
    return this.#current("numpy").array();
  }

  array(): ReturnType<Tensor["array"]> {
    return this.#current("array").array();
  }

  data(): ReturnType<Tensor["data"]> {
    return this.#current("data").data();
  }

  item(): number {
    return this.#current("item").item();
  }

  /** `<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.0>`, as TensorFlow prints it. */
  toString(): string {
    const head = `<tf.Variable '${this.name}:0' shape=(${this.shape.join(", ")}${this.rank === 1 ? "," : ""}) dtype=${this.dtype}`;
    if (this.disposed) return `${head}, disposed>`;
    const text = this.tensor.toString();
    const numpy = text.slice(text.indexOf("(") + 1, text.lastIndexOf(", shape="));
    return `${head}, numpy=${numpy.trim()}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  private checked(x: TensorInput, method: string): Tensor {
    const value = toTensor(x, `Variable.${method}`, "value", this.dtype);
    return releasingOnThrow(x, value, () => this.#checkedValue(value, method));
  }

  #checkedValue(value: Tensor, method: string): Tensor {
    if (value.dtype !== this.dtype) {
      throw new TypeError(
        `Variable.${method}: variable '${this.name}' is ${this.dtype} but the value is ${value.dtype}; ` +
          `cast it with tf.cast(value, "${this.dtype}")`,
      );
    }
    if (value.size !== this.size || value.rank !== this.rank || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new Error(
        `Variable.${method}: variable '${this.name}' has shape ${formatShape(this.shape)} but the value has shape ` +
          `${formatShape(value.shape)}; a variable's shape cannot change`,
      );
    }
    return value;
  }
}
