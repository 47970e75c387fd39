// The optimizer base class (tf.optimizers.Optimizer), with Keras 3's semantics: slots built on the
// first step, clipping, weight decay, learning rate schedules, an int32 `iteration` counter, and
// weights for checkpoints. The built-in optimizers update each variable and its slots with one fused
// in-place kernel call per step (assembly/optim*.ts), so a step allocates nothing unless clipping or
// a dtype cast needs temporary tensors (then freed at once).
import { type TensorInput, toTensor } from "../convert.js";
import { castScalar, type DType } from "../dtype.js";
import { F32, I32 } from "../engine/heap.js";
import { FLOAT, KernelFamily } from "../engine/kernels.js";
import { keep, tidy } from "../lifetime.js";
import { fill } from "../ops/create.js";
import { GradientTape } from "../tape/gradient-tape.js";
import { IndexedSlices } from "../tape/indexed-slices.js";
import { checkOptionsObject, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import {
  checkVariable,
  type GradientAndVariable,
  pairGradient,
  pairList,
  pairVariable,
  reportMissingGradients,
  unknownVariable,
  weightFor,
} from "./checks.js";
import { clippedGradients, clips } from "./clip.js";
import {
  autoName,
  checkClipping,
  checkOptionKeys,
  type LearningRate,
  learningRateOption,
  type OptimizerOptions,
  optionalNumber,
} from "./options.js";
import { LearningRateSchedule } from "./schedules.js";
import { distinctRows } from "./sparse.js";

const WEIGHT_DECAY = new KernelFamily("weight_decay", FLOAT);

/**
 * The base of every optimizer. A subclass creates its slot variables in `buildSlots` (with
 * `addOptimizerVariables`) and updates one variable in `updateStep`; the base class does the rest:
 * checking pairs, building, clipping, weight decay, the learning rate and the step counter.
 */
export abstract class Optimizer {
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  /** Steps taken so far: a non-trainable int32 variable named "iteration", as Keras's. */
  readonly iterations: Variable;
  /** Whether `updateStep` applies weight decay itself (the fused kernels do). */
  protected readonly fusedWeightDecay: boolean = false;
  /** The learning rate as Keras keeps a fixed one: a float32 variable; null with a schedule. */
  private readonly rateVariable: Variable | null;
  private readonly rateFunction: LearningRateSchedule | (() => number) | null;
  /** The class name that error messages start with. */
  protected readonly className: string;
  /** "<class>.applyGradients", made once: a step builds no string. */
  private readonly applyLabel: string;
  private isBuilt = false;
  private readonly indexOf = new Map<Variable, number>();
  private readonly slots: Variable[] = [];
  private excludedVariables = new Set<Variable>();
  private excludedNames: readonly string[] = [];
  /** Per built variable: whether weight decay applies to it. */
  private decays: boolean[] = [];
  /** Slot values given to setWeights before the slots existed, applied when they are built. */
  private pendingSlotWeights: TensorInput[] | null = null;
  /** Reused by every applyGradients call, so that a step allocates no array. */
  private readonly gradients: (Tensor | null)[] = [];

  /**
   * `defaultRate` is the learning rate when none is given; `extraOptions` are the subclass's option
   * names (any other key throws). Error messages name the class by its static `optimizerName`.
   */
  protected constructor(options: OptimizerOptions, defaultRate: number, extraOptions: readonly string[]) {
    if (new.target === Optimizer) {
      throw new TypeError("Optimizer: the base class cannot be constructed; use tf.optimizers.SGD, Adam, AdamW, RMSprop or Adagrad");
    }
    const className = classNameOf(new.target);
    checkOptionKeys(className, options, extraOptions);
    checkClipping(className, options);
    this.className = className;
    this.applyLabel = `${className}.applyGradients`;
    this.name = options.name ?? autoName(className);
    this.weightDecay = optionalNumber(className, "weightDecay", options.weightDecay);
    this.clipnorm = optionalNumber(className, "clipnorm", options.clipnorm);
    this.clipvalue = optionalNumber(className, "clipvalue", options.clipvalue);
    this.globalClipnorm = optionalNumber(className, "globalClipnorm", options.globalClipnorm);
    const rate: LearningRate = learningRateOption(className, options.learningRate, defaultRate);
    this.iterations = tidy(() => new Variable(0, { dtype: "int32", trainable: false, name: "iteration" }));
    if (typeof rate === "number") {
      this.rateVariable = tidy(() => new Variable(rate, { dtype: "float32", trainable: false, name: "learning_rate" }));
      this.rateFunction = null;
    } else {
      this.rateVariable = null;
      this.rateFunction = rate;
    }
  }

  /** Whether the slot variables exist (after `build` or the first `applyGradients`). */
  get built(): boolean {
    return this.isBuilt;
  }

  /** The current learning rate: the schedule's value at the current step when there is one. */
  get learningRate(): number {
    if (this.rateVariable !== null) return F32[this.rateVariable.tensor.ptr >>> 2];
    const fn = this.rateFunction!;
    const rate = fn instanceof LearningRateSchedule ? fn.call(this.step()) : fn();
    if (typeof rate !== "number") {
      throw new TypeError(`${this.className}: the learning rate schedule returned ${String(rate)}; it must return a number`);
    }
    return rate;
  }

  /** Sets a fixed learning rate (stored in float32, as Keras stores it). */
  set learningRate(value: number) {
    if (this.rateVariable === null) {
      throw new TypeError(
        `${this.className}.learningRate: This optimizer was created with a LearningRateSchedule (or a function) as ` +
          `its learningRate, hence its learning rate is not settable. If you need the learning rate to be settable, ` +
          `create the optimizer with a number as learningRate`,
      );
    }
    if (typeof value !== "number") {
      throw new TypeError(`${this.className}.learningRate: the learning rate must be a number, got ${typeof value}`);
    }
    const ptr = this.rateVariable.writableTensor().ptr;
    F32[ptr >>> 2] = value;
  }

  /** The optimizer's variables: iteration, learning_rate (unless scheduled), then the slots in Keras's order. */
  variables(): Variable[] {
    return [...this.ownVariables(), ...this.slots];
  }

  /** Copies of the values of `variables()`, for checkpoints. */
  getWeights(): Tensor[] {
    return this.variables().map((v) => v.tensor.clone());
  }

  /**
   * Sets the values of `variables()`, in order. Before the optimizer is built, the slot values are
   * kept and copied in when the slots are built (so a checkpoint restores into a fresh optimizer).
   */
  setWeights(weights: readonly TensorInput[]): void {
    const method = `${this.className}.setWeights`;
    if (!Array.isArray(weights)) throw new TypeError(`${method}: expected an array of weights, as getWeights() returns`);
    const own = this.ownVariables();
    if (this.isBuilt ? weights.length !== own.length + this.slots.length : weights.length < own.length) {
      throw new Error(
        `${method}: got ${weights.length} weights, but this optimizer has ${this.isBuilt ? this.variables().length : `${own.length} variables before it is built`} ` +
          `(${this.variableNames()}); pass the values of opt.variables() in order, as getWeights() returns them`,
      );
    }
    tidy(() => {
      const targets = this.isBuilt ? this.variables() : own;
      const values = targets.map((v, i) => weightFor(method, weights[i], i, v));
      const pending = this.isBuilt ? null : weights.slice(own.length).map(keptCopy);
      targets.forEach((v, i) => v.assign(values[i]));
      this.replacePending(pending);
    });
  }

  /**
   * For checkpoints: throws unless setWeights accepts weights of these shapes and dtypes. Before the
   * first step only the optimizer's own variables are known; the slots are checked when built.
   */
  checkWeights(weights: readonly { shape: number[]; dtype: DType }[], where: string): void {
    const targets = this.isBuilt ? this.variables() : this.ownVariables();
    if (this.isBuilt ? weights.length !== targets.length : weights.length < targets.length) {
      throw new Error(
        `${where}: the checkpoint holds ${weights.length} weights for this ${this.className}, which has ` +
          `${this.isBuilt ? targets.length : `${targets.length} before its first step`} (${this.variableNames()}); ` +
          `restore into an optimizer of the same kind and settings as the one saved`,
      );
    }
    targets.forEach((v, i) => {
      const { shape, dtype } = weights[i];
      if (dtype !== v.dtype || !shapesEqual(shape, v.shape)) {
        throw new Error(
          `${where}: weight ${i} of this ${this.className} ('${v.name}') is ${v.dtype} ${formatShape(v.shape)} but the ` +
            `checkpoint holds ${dtype} ${formatShape(shape)}; restore into an optimizer of the same kind and settings as the one saved`,
        );
      }
    });
  }

  /**
   * Excludes variables from weight decay: those in `vars`, and those whose name contains one of
   * `varNames`. Each call replaces the previous exclusions, as in Keras.
   */
  excludeFromWeightDecay(options: { varNames?: readonly string[]; vars?: readonly Variable[] } = {}): void {
    const method = `${this.className}.excludeFromWeightDecay`;
    checkOptionsObject(options, method);
    const { varNames = [], vars = [] } = options;
    if (!Array.isArray(varNames) || varNames.some((n) => typeof n !== "string")) {
      throw new TypeError(`${method}: varNames must be an array of strings (parts of variable names)`);
    }
    if (!Array.isArray(vars)) throw new TypeError(`${method}: vars must be an array of tf.Variable`);
    vars.forEach((v, i) => checkVariable(method, v, "vars", i));
    this.excludedVariables = new Set(vars);
    this.excludedNames = varNames.slice();
    this.refreshDecays();
  }

  /** Creates the slot variables for `varList` (done by the first applyGradients otherwise). */
  build(varList: readonly Variable[]): void {
    if (this.isBuilt) return;
    const method = `${this.className}.build`;
    if (!Array.isArray(varList)) throw new TypeError(`${method}: expected an array of tf.Variable`);
    varList.forEach((v, i) => checkVariable(method, v, "varList", i));
    const vars = [...new Set(varList)];
    vars.forEach((v, i) => this.indexOf.set(v, i));
    try {
      tidy(() => this.buildSlots(vars));
      this.applyPendingWeights(method);
    } catch (err) {
      for (const slot of this.slots) slot.dispose();
      this.slots.length = 0;
      this.indexOf.clear();
      throw err;
    }
    this.isBuilt = true;
    this.refreshDecays();
  }

  /**
   * Applies one step to each variable that has a gradient (a null gradient leaves its variable
   * alone). The first call builds the slots for the variables it is given. Returns `iterations`.
   */
  applyGradients(pairs: Iterable<GradientAndVariable>): Variable {
    const method = this.applyLabel;
    const list = pairList(method, pairs);
    if (list.length === 0) return this.iterations;
    const grads = this.gradients;
    grads.length = 0;
    let present = 0;
    let sameDTypes = true;
    for (let i = 0; i < list.length; i++) {
      const v = pairVariable(method, list[i], i);
      if (this.isBuilt && !this.indexOf.has(v)) throw unknownVariable(method, v);
      const g = list[i][0];
      if (g === null || g === undefined) {
        grads.push(null);
        continue;
      }
      const t = pairGradient(method, g, v);
      if (t.dtype !== v.dtype) sameDTypes = false;
      grads.push(t);
      present++;
    }
    if (present < list.length) reportMissingGradients(method, list, grads, present);
    if (!this.isBuilt) this.build(list.map((pair) => pair[1]));
    if (clips(this) || !sameDTypes) {
      tidy(() => this.updateAll(list, clippedGradients(this, grads, list.map((pair) => pair[1].dtype))));
    } else {
      this.updateAll(list, grads);
    }
    const counter = this.iterations.writableTensor().ptr >>> 2;
    I32[counter] = I32[counter] + 1;
    return this.iterations;
  }

  /**
   * Records `lossFn` on a new GradientTape (which starts a training step, as a user's loop does),
   * takes the gradients with respect to `varList`, applies them, and returns the loss.
   */
  minimize(lossFn: () => TensorInput, varList: readonly Variable[]): Tensor {
    const method = `${this.className}.minimize`;
    if (typeof lossFn !== "function") {
      throw new TypeError(`${method}: lossFn must be a function that computes the loss (it is recorded on a GradientTape)`);
    }
    if (!Array.isArray(varList)) throw new TypeError(`${method}: varList must be an array of tf.Variable`);
    varList.forEach((v, i) => checkVariable(method, v, "varList", i));
    const tape = new GradientTape();
    const loss = tape.record(() => toTensor(lossFn(), method, "the loss"));
    const grads = tape.gradient(loss, varList as Variable[]);
    this.applyGradients(grads.map((g, i) => [g, varList[i]] as const));
    return loss;
  }

  /** Creates the slot variables of `vars` (in Keras's order) with `addOptimizerVariables`. */
  protected abstract buildSlots(vars: readonly Variable[]): void;

  /**
   * Updates `variable` in place with `gradient` (same shape and dtype). `learningRate` is the
   * current rate (not yet rounded to the variable's dtype); `index` is the variable's position in
   * the list the optimizer was built with, for its slots. Unless `fusedWeightDecay`, weight decay
   * has already been applied.
   */
  protected abstract updateStep(gradient: Tensor, variable: Variable, learningRate: number, index: number): void;

  /**
   * Whether `updateRows` can apply a sparse gradient to the variable at `index` and give what the
   * dense step would: true only where the dense step leaves rows with a zero gradient unchanged.
   */
  protected updatesRows(_index: number): boolean {
    return false;
  }

  /**
   * Updates only `count` distinct rows of `variable`, whose i32 ids are at `rows`, reading their
   * gradient from `gradient` (the summed dense gradient). Weight decay has already been applied.
   */
  protected updateRows(
    _gradient: Tensor,
    _variable: Variable,
    _learningRate: number,
    _index: number,
    _rows: number,
    _count: number,
  ): void {
    throw new Error(`${this.className} has no row-wise update`);
  }

  /**
   * For each variable, one slot variable per name (interleaved per variable, as Keras creates them),
   * named `<variable name>_<slot name>`, of its shape and dtype, filled with `initialValue`.
   */
  protected addOptimizerVariables(vars: readonly Variable[], names: readonly string[], initialValue = 0): Variable[][] {
    const out = names.map(() => [] as Variable[]);
    for (const v of vars) {
      const base = v.name.replace(/[/:]/g, "_");
      names.forEach((name, k) => {
        const slot = new Variable(fill(v.shape.slice(), initialValue, v.dtype), { trainable: false, name: `${base}_${name}` });
        this.slots.push(slot);
        out[k].push(slot);
      });
    }
    return out;
  }

  /** The number of steps taken so far. */
  protected step(): number {
    return I32[this.iterations.tensor.ptr >>> 2];
  }

  /** Whether weight decay applies to the variable at `index`. */
  protected decaysAt(index: number): boolean {
    return this.decays[index];
  }

  /** The weight decay rate rounded to `dtype` (0 when there is none). */
  protected weightDecayIn(dtype: DType): number {
    return castScalar(this.weightDecay ?? 0, dtype);
  }

  private updateAll(list: readonly GradientAndVariable[], grads: readonly (Tensor | null)[]): void {
    const rate = this.learningRate;
    for (let i = 0; i < list.length; i++) {
      const g = grads[i];
      if (g === null) continue;
      const v = list[i][1];
      const index = this.indexOf.get(v)!;
      if (g instanceof IndexedSlices && this.updatesRows(index)) {
        this.applyDecay(v, rate, index);
        const rows = distinctRows(g.indices);
        try {
          this.updateRows(g, v, rate, index, rows.ptr, rows.count);
        } finally {
          rows.free();
        }
        continue;
      }
      if (!this.fusedWeightDecay) this.applyDecay(v, rate, index);
      this.updateStep(g, v, rate, index);
    }
  }

  private applyDecay(v: Variable, rate: number, index: number): void {
    if (!this.decays[index]) return;
    const ptr = v.writableTensor().ptr;
    WEIGHT_DECAY.for(v.dtype)(ptr, v.size, this.weightDecayIn(v.dtype), castScalar(rate, v.dtype));
  }

  private refreshDecays(): void {
    const vars = [...this.indexOf.keys()];
    this.decays = vars.map(
      (v) => this.weightDecay !== null && !this.excludedVariables.has(v) && !this.excludedNames.some((n) => v.name.includes(n)),
    );
  }

  private ownVariables(): Variable[] {
    return this.rateVariable === null ? [this.iterations] : [this.iterations, this.rateVariable];
  }

  private variableNames(): string {
    return this.variables().map((v) => v.name).join(", ");
  }

  private replacePending(pending: TensorInput[] | null): void {
    if (this.pendingSlotWeights !== null) for (const w of this.pendingSlotWeights) if (w instanceof Tensor) w.dispose();
    this.pendingSlotWeights = pending;
  }

  /** Copies the slot values setWeights kept before the slots existed; throws if they do not fit. */
  private applyPendingWeights(method: string): void {
    const pending = this.pendingSlotWeights;
    if (pending === null) return;
    const offset = this.ownVariables().length;
    if (pending.length !== this.slots.length) {
      throw new Error(
        `${method}: setWeights was given ${offset + pending.length} weights before the first step, but built on these ` +
          `variables this optimizer has ${offset + this.slots.length} (${this.variableNames()}); pass the weights of ` +
          `an optimizer of the same kind built on the same variables`,
      );
    }
    tidy(() => {
      const values = this.slots.map((slot, i) => weightFor(method, pending[i], offset + i, slot));
      this.slots.forEach((slot, i) => slot.assign(values[i]));
    });
    this.replacePending(null);
  }
}

/** The class's own static `optimizerName` (kept by minifiers), else its constructor name. */
function classNameOf(target: { name: string }): string {
  return Object.prototype.hasOwnProperty.call(target, "optimizerName")
    ? String((target as { optimizerName?: unknown }).optimizerName)
    : target.name;
}

/** A tensor weight copied (it may be freed before the slots exist); plain values stay as they are. */
function keptCopy(weight: TensorInput): TensorInput {
  return weight instanceof Tensor ? keep(weight.clone()) : weight;
}

