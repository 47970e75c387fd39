// The base of stateful metrics (Keras's Metric): state lives in non-trainable scalar Variables that
// updateState overwrites in place, so a metric costs no memory per update.
import type { TensorInput } from "../convert.js";
import type { DType } from "../dtype.js";
import { checkOptions, nameOption } from "../losses/options.js";
import type { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { describe } from "../shape.js";
import { untracked } from "./untracked.js";

export interface MetricOptions {
  /** The metric's name (Keras's default names, such as "sparse_categorical_accuracy", otherwise). */
  name?: string;
  /** dtype of the state and of result(): "float32" (default) or "float64". */
  dtype?: "float32" | "float64";
}

/** What a metric class declares about itself: Keras's default name and its own options. */
interface MetricClass {
  readonly name: string;
  readonly defaultName: string;
  readonly optionKeys: readonly string[];
}

export abstract class Metric {
  /** Keras's default name of this class's instances. */
  protected static readonly defaultName: string = "metric";
  /** The options this class takes besides name and dtype. */
  protected static readonly optionKeys: readonly string[] = [];

  readonly name: string;
  readonly dtype: DType;
  /** @internal The class name, for error messages. */
  protected readonly where: string;
  private readonly state: Variable[] = [];

  protected constructor(options: unknown) {
    const cls = new.target as unknown as MetricClass;
    this.where = cls.name;
    const record = checkOptions(cls.name, options, ["name", "dtype", ...cls.optionKeys]);
    this.name = nameOption(cls.name, record.name, cls.defaultName);
    const dtype = record.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") {
      throw new TypeError(`${cls.name}: dtype must be "float32" or "float64", got ${describe(dtype)}`);
    }
    this.dtype = dtype;
  }

  /** Accumulates statistics from one batch. */
  abstract updateState(...args: (TensorInput | null | undefined)[]): void;

  /** The metric's value over every batch since the last reset: a scalar of the metric's dtype. */
  abstract result(): Tensor;

  /** The state variables (non-trainable scalars), in creation order. */
  get variables(): Variable[] {
    return this.state.slice();
  }

  /** Sets every state variable back to 0. */
  resetState(): void {
    untracked(() => {
      for (const v of this.state) v.assign(0);
    });
  }

  /** Adds a scalar non-trainable state variable, initially 0. */
  protected addVariable(name: string): Variable {
    const v = untracked(() => new Variable(0, { trainable: false, name, dtype: this.dtype }));
    this.state.push(v);
    return v;
  }

  /**
   * Runs `fn` unseen by any recording tape and frees the tensors it creates (except what it
   * returns): wrap the body of updateState and result in it, and assign new state to the variables.
   */
  protected untracked<T>(fn: () => T): T {
    return untracked(fn);
  }

  toString(): string {
    return `<${this.constructor.name} name=${this.name}>`;
  }
}
