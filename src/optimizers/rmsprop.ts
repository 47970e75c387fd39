// tf.optimizers.RMSprop, as Keras 3's RMSprop.
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { booleanOption, numberOption } from "./option-checks.js";
import type { OptimizerOptions } from "./options.js";
import { Optimizer } from "./optimizer.js";

const RMSPROP = new KernelFamily("rmsprop", FLOAT);

export interface RMSpropOptions extends OptimizerOptions {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * RMSprop: vel = rho * vel + (1 - rho) * g^2, then w -= lr * g / sqrt(vel + epsilon); centered, the
 * variance estimate vel - avg^2 (avg the moving average of g) replaces vel; with momentum the
 * increments accumulate in a velocity first. Defaults: learningRate 0.001, rho 0.9, momentum 0,
 * epsilon 1e-7, centered false.
 *
 * A sparse gradient (tf.IndexedSlices) is applied densely (it is also the dense tensor): the moving
 * averages change on every row, so updating only the listed rows would give other results.
 */
export class RMSprop extends Optimizer {
  static readonly optimizerName = "RMSprop";
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  protected override readonly fusedWeightDecay = true;
  private velocities: Variable[] = [];
  private momentums: Variable[] = [];
  private averageGradients: Variable[] = [];

  constructor(options: RMSpropOptions = {}) {
    super(options, 0.001, ["rho", "momentum", "epsilon", "centered"]);
    this.rho = numberOption(this.className, "rho", options.rho, 0.9);
    this.momentum = numberOption(this.className, "momentum", options.momentum, 0);
    this.epsilon = numberOption(this.className, "epsilon", options.epsilon, 1e-7);
    this.centered = booleanOption(this.className, "centered", options.centered, false);
  }

  protected buildSlots(vars: readonly Variable[]): void {
    [this.velocities] = this.addOptimizerVariables(vars, ["velocity"]);
    if (this.momentum > 0) [this.momentums] = this.addOptimizerVariables(vars, ["momentum"]);
    if (this.centered) [this.averageGradients] = this.addOptimizerVariables(vars, ["average_gradient"]);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number, index: number): void {
    const dtype = variable.dtype;
    const round = dtype === "float32" ? Math.fround : Number;
    const hasMomentum = this.momentum > 0;
    const w = variable.writableTensor().ptr;
    const vel = this.velocities[index].writableTensor().ptr;
    const mom = hasMomentum ? this.momentums[index].writableTensor().ptr : 0;
    const avg = this.centered ? this.averageGradients[index].writableTensor().ptr : 0;
    RMSPROP.for(dtype)(
      w, vel, mom, avg, gradient.ptr, variable.size,
      round(learningRate), round(this.rho), round(1 - this.rho), round(this.momentum), round(this.epsilon),
      this.centered ? 1 : 0, hasMomentum ? 1 : 0, this.decaysAt(index) ? 1 : 0, this.weightDecayIn(dtype),
    );
  }
}
