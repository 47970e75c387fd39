// tf.optimizers.Adam, as Keras 3's Adam (also the base of AdamW).
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { booleanOption, numberOption } from "./option-checks.js";
import type { OptimizerOptions } from "./options.js";
import { Optimizer } from "./optimizer.js";

const ADAM = new KernelFamily("adam", FLOAT);

export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

const ADAM_OPTIONS = ["beta1", "beta2", "epsilon", "amsgrad"];

/**
 * Adam: m and v are moving averages of g and g * g; w -= alpha * m / (sqrt(v) + epsilon) with
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t) at step t. Every operation is rounded in the
 * variable's dtype in Keras's order, so float32 results match TensorFlow's digit for digit.
 * Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
 *
 * A sparse gradient (tf.IndexedSlices) is applied densely (it is also the dense tensor): Adam's
 * moving averages change on every row, so updating only the listed rows would give other results.
 */
export class Adam extends Optimizer {
  static readonly optimizerName: string = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  protected override readonly fusedWeightDecay = true;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private velocityHats: Variable[] = [];

  constructor(options: AdamOptions = {}) {
    super(options, 0.001, ADAM_OPTIONS);
    const name = this.className;
    this.beta1 = numberOption(name, "beta1", options.beta1, 0.9);
    this.beta2 = numberOption(name, "beta2", options.beta2, 0.999);
    this.epsilon = numberOption(name, "epsilon", options.epsilon, 1e-7);
    this.amsgrad = booleanOption(name, "amsgrad", options.amsgrad, false);
  }

  protected buildSlots(vars: readonly Variable[]): void {
    [this.momentums, this.velocities] = this.addOptimizerVariables(vars, ["momentum", "velocity"]);
    if (this.amsgrad) [this.velocityHats] = this.addOptimizerVariables(vars, ["velocity_hat"]);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number, index: number): void {
    const dtype = variable.dtype;
    const round = dtype === "float32" ? Math.fround : Number;
    const lr = round(learningRate);
    const t = round(this.step() + 1);
    const beta1Power = round(Math.pow(round(this.beta1), t));
    const beta2Power = round(Math.pow(round(this.beta2), t));
    const alpha = round(round(lr * round(Math.sqrt(round(1 - beta2Power)))) / round(1 - beta1Power));
    const w = variable.writableTensor().ptr;
    const m = this.momentums[index].writableTensor().ptr;
    const v = this.velocities[index].writableTensor().ptr;
    const vHat = this.amsgrad ? this.velocityHats[index].writableTensor().ptr : 0;
    ADAM.for(dtype)(
      w, m, v, vHat, gradient.ptr, variable.size,
      alpha, round(1 - this.beta1), round(1 - this.beta2), round(this.epsilon),
      this.amsgrad ? 1 : 0, this.decaysAt(index) ? 1 : 0, this.weightDecayIn(dtype), lr,
    );
  }
}
