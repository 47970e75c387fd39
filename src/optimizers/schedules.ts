// Learning rate schedules (tf.optimizers.schedules), Keras 3's formulas. Keras computes them in the
// dtype of its initial learning rate, float32, so every operation here is rounded to float32 and
// `call(step)` returns a float32 value.
import { describe } from "../shape.js";
import { checkKeys, numberOption } from "./option-checks.js";

const f32 = Math.fround;

/** A learning rate that changes with the optimizer's step: subclass it and implement `call`. */
export abstract class LearningRateSchedule {
  /** The learning rate at optimizer step `step` (the number of steps already taken). */
  abstract call(step: number): number;

  /** The options this schedule was built with, as Keras's get_config. */
  abstract getConfig(): Record<string, unknown>;
}

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
  name?: string;
}

/** initialLearningRate * decayRate ^ (step / decaySteps); the exponent is floored with `staircase`. */
export class ExponentialDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: ExponentialDecayOptions) {
    super();
    checkKeys("ExponentialDecay", options, ["initialLearningRate", "decaySteps", "decayRate", "staircase", "name"]);
    this.initialLearningRate = numberOption("ExponentialDecay", "initialLearningRate", options.initialLearningRate);
    this.decaySteps = positiveSteps("ExponentialDecay", options.decaySteps);
    this.decayRate = numberOption("ExponentialDecay", "decayRate", options.decayRate);
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? "ExponentialDecay";
  }

  call(step: number): number {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    return f32(f32(this.initialLearningRate) * f32(Math.pow(f32(this.decayRate), p)));
  }

  getConfig(): Record<string, unknown> {
    const { initialLearningRate, decaySteps, decayRate, staircase, name } = this;
    return { initialLearningRate, decaySteps, decayRate, staircase, name };
  }
}

export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** The floor of the decay, as a fraction of the rate it decays from. Default 0. */
  alpha?: number;
  /** With a warmup, the rate rises linearly from initialLearningRate to warmupTarget first. */
  warmupTarget?: number | null;
  warmupSteps?: number;
  name?: string;
}

/**
 * Cosine decay from the initial rate (or, after a linear warmup, from warmupTarget) over decaySteps:
 * rate * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decaySteps)) + alpha), constant afterwards.
 */
export class CosineDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  readonly name: string;

  constructor(options: CosineDecayOptions) {
    super();
    const names = ["initialLearningRate", "decaySteps", "alpha", "warmupTarget", "warmupSteps", "name"];
    checkKeys("CosineDecay", options, names);
    this.initialLearningRate = numberOption("CosineDecay", "initialLearningRate", options.initialLearningRate);
    this.decaySteps = positiveSteps("CosineDecay", options.decaySteps);
    this.alpha = numberOption("CosineDecay", "alpha", options.alpha, 0);
    this.warmupTarget = options.warmupTarget == null ? null : numberOption("CosineDecay", "warmupTarget", options.warmupTarget);
    this.warmupSteps = numberOption("CosineDecay", "warmupSteps", options.warmupSteps, 0);
    this.name = options.name ?? "CosineDecay";
  }

  call(step: number): number {
    const initial = f32(this.initialLearningRate);
    const decaySteps = f32(this.decaySteps);
    const s = f32(step);
    if (this.warmupTarget === null) return this.decayed(Math.min(s, decaySteps), decaySteps, initial);
    const target = f32(this.warmupTarget);
    const warmupSteps = f32(this.warmupSteps);
    const clamped = Math.min(s, f32(decaySteps + warmupSteps));
    if (clamped < warmupSteps) {
      const completed = f32(clamped / warmupSteps);
      return f32(f32(f32(target - initial) * completed) + initial);
    }
    return this.decayed(f32(clamped - warmupSteps), decaySteps, target);
  }

  private decayed(step: number, decaySteps: number, from: number): number {
    const completed = f32(step / decaySteps);
    const cosine = f32(0.5 * f32(1 + f32(Math.cos(f32(f32(Math.PI) * completed)))));
    return f32(from * f32(f32(f32(1 - this.alpha) * cosine) + f32(this.alpha)));
  }

  getConfig(): Record<string, unknown> {
    const { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, name } = this;
    return { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, name };
  }
}

export interface PiecewiseConstantDecayOptions {
  /** Increasing step numbers where the rate changes. */
  boundaries: readonly number[];
  /** One more value than boundaries: values[0] while step <= boundaries[0], ..., the last after the last boundary. */
  values: readonly number[];
  name?: string;
}

/** values[0] for step <= boundaries[0], values[i] for boundaries[i-1] < step <= boundaries[i], values[n] after. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly boundaries: readonly number[];
  readonly values: readonly number[];
  readonly name: string;

  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    checkKeys("PiecewiseConstantDecay", options, ["boundaries", "values", "name"]);
    const boundaries = numberList("boundaries", options.boundaries);
    const values = numberList("values", options.values);
    if (boundaries.length !== values.length - 1) {
      throw new Error(
        `PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. Received: ` +
          `boundaries=[${boundaries.join(", ")}] of length ${boundaries.length}, and values=[${values.join(", ")}] ` +
          `of length ${values.length}; give one value per interval between boundaries`,
      );
    }
    this.boundaries = boundaries;
    this.values = values;
    this.name = options.name ?? "PiecewiseConstant";
  }

  call(step: number): number {
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && step > b[i]) i++;
    return f32(this.values[i]);
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }
}

function positiveSteps(schedule: string, value: unknown): number {
  const steps = numberOption(schedule, "decaySteps", value);
  if (!(steps > 0)) throw new RangeError(`${schedule}: Argument decaySteps must be > 0. Received: decaySteps=${steps}`);
  return steps;
}

function numberList(name: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number")) {
    throw new TypeError(`PiecewiseConstantDecay: ${name} must be an array of numbers, got ${describe(value)}`);
  }
  return value.slice() as number[];
}
