// tf.optimizers.SGD: gradient descent, with optional (Nesterov) momentum, as Keras 3's SGD.
import { castScalar } from "../dtype.js";
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { booleanOption, numberOption } from "./option-checks.js";
import type { OptimizerOptions } from "./options.js";
import { Optimizer } from "./optimizer.js";
import { rowLength } from "./sparse.js";

const SGD_STEP = new KernelFamily("sgd", FLOAT);
const SGD_MOMENTUM = new KernelFamily("sgd_momentum", FLOAT);
const SGD_ROWS = new KernelFamily("sgd_rows", FLOAT);

export interface SGDOptions extends OptimizerOptions {
  /** In [0, 1]; 0 (the default) is plain gradient descent. */
  momentum?: number;
  nesterov?: boolean;
}

/**
 * Without momentum: w -= lr * g. With momentum: m = momentum * m - lr * g, then w += m, or with
 * Nesterov w += momentum * m - lr * g. Defaults: learningRate 0.01, momentum 0.
 *
 * A sparse gradient (tf.IndexedSlices) updates only its rows when there is no momentum (the other
 * rows would not change). With momentum every row's velocity changes, so the dense gradient (the
 * IndexedSlices is also the dense tensor) is applied: a lazy row update would give other results.
 */
export class SGD extends Optimizer {
  static readonly optimizerName = "SGD";
  readonly momentum: number;
  readonly nesterov: boolean;
  protected override readonly fusedWeightDecay = true;
  private momentums: Variable[] = [];

  constructor(options: SGDOptions = {}) {
    super(options, 0.01, ["momentum", "nesterov"]);
    this.momentum = numberOption("SGD", "momentum", options.momentum, 0);
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError("SGD: `momentum` must be a float between [0, 1].");
    this.nesterov = booleanOption("SGD", "nesterov", options.nesterov, false);
  }

  protected buildSlots(vars: readonly Variable[]): void {
    if (this.momentum !== 0) [this.momentums] = this.addOptimizerVariables(vars, ["momentum"]);
  }

  protected updateStep(gradient: Tensor, variable: Variable, learningRate: number, index: number): void {
    const dtype = variable.dtype;
    const lr = castScalar(learningRate, dtype);
    const decays = this.decaysAt(index);
    const wd = this.weightDecayIn(dtype);
    const w = variable.writableTensor().ptr;
    if (this.momentum === 0) {
      SGD_STEP.for(dtype)(w, gradient.ptr, variable.size, lr, decays ? 1 : 0, wd);
      return;
    }
    const m = this.momentums[index].writableTensor().ptr;
    const momentum = castScalar(this.momentum, dtype);
    SGD_MOMENTUM.for(dtype)(w, m, gradient.ptr, variable.size, lr, momentum, this.nesterov ? 1 : 0, decays ? 1 : 0, wd);
  }

  protected override updatesRows(): boolean {
    return this.momentum === 0;
  }

  protected override updateRows(gradient: Tensor, variable: Variable, learningRate: number, _index: number, rows: number, count: number): void {
    const dtype = variable.dtype;
    const w = variable.writableTensor().ptr;
    SGD_ROWS.for(dtype)(w, gradient.ptr, rows, count, rowLength(variable), castScalar(learningRate, dtype));
  }
}

