// tf.optimizers.Adagrad, as Keras 3's Adagrad.
import { castScalar } from "../dtype.js";
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { numberOption } from "./option-checks.js";
import type { OptimizerOptions } from "./options.js";
import { Optimizer } from "./optimizer.js";
import { rowLength } from "./sparse.js";

const ADAGRAD = new KernelFamily("adagrad", FLOAT);
const ADAGRAD_ROWS = new KernelFamily("adagrad_rows", FLOAT);

export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulators of squared gradients. */
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/**
 * Adagrad: acc += g^2, then w -= lr * g / sqrt(acc + epsilon). Defaults: learningRate 0.001,
 * initialAccumulatorValue 0.1, epsilon 1e-7.
 *
 * A sparse gradient (tf.IndexedSlices) updates only its rows: where the gradient is zero the dense
 * step changes neither the accumulator nor the variable, so the result is the same.
 */
export class Adagrad extends Optimizer {
  static readonly optimizerName = "Adagrad";
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  protected override readonly fusedWeightDecay = true;
  private accumulators: Variable[] = [];

  constructor(options: AdagradOptions = {}) {
    super(options, 0.001, ["initialAccumulatorValue", "epsilon"]);
    this.initialAccumulatorValue = numberOption(this.className, "initialAccumulatorValue", options.initialAccumulatorValue, 0.1);
    this.epsilon = numberOption(this.className, "epsilon", options.epsilon, 1e-7);
  }

  protected buildSlots(vars: readonly Variable[]): void {
    [this.accumulators] = this.addOptimizerVariables(vars, ["accumulator"], this.initialAccumulatorValue);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number, index: number): void {
    const dtype = variable.dtype;
    const w = variable.writableTensor().ptr;
    const acc = this.accumulators[index].writableTensor().ptr;
    ADAGRAD.for(dtype)(
      w, acc, gradient.ptr, variable.size, castScalar(learningRate, dtype), castScalar(this.epsilon, dtype),
      this.decaysAt(index) ? 1 : 0, this.weightDecayIn(dtype),
    );
  }

  protected override updatesRows(): boolean {
    return true;
  }

  protected override updateRows(gradient: Tensor, variable: Variable, learningRate: number, index: number, rows: number, count: number): void {
    const dtype = variable.dtype;
    const w = variable.writableTensor().ptr;
    const acc = this.accumulators[index].writableTensor().ptr;
    ADAGRAD_ROWS.for(dtype)(
      w, acc, gradient.ptr, rows, count, rowLength(variable), castScalar(learningRate, dtype), castScalar(this.epsilon, dtype),
    );
  }
}
