// Optimizer constructor options, checked with Keras's rules and messages.
import { describe } from "../shape.js";
import { checkKeys, numberOption } from "./option-checks.js";
import { LearningRateSchedule } from "./schedules.js";

/** A fixed rate, a schedule of the step, or a function called once per step, as Keras accepts. */
export type LearningRate = number | LearningRateSchedule | (() => number);

export interface OptimizerOptions {
  learningRate?: LearningRate;
  /** If set, weight decay: every step first does w -= w * weightDecay * learningRate. */
  weightDecay?: number | null;
  /** If set, each gradient is clipped to this L2 norm (tf.clipByNorm). */
  clipnorm?: number | null;
  /** If set, each gradient is clipped to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** If set, all gradients together are clipped to this global L2 norm (tf.clipByGlobalNorm). */
  globalClipnorm?: number | null;
  name?: string;
}

const BASE_OPTIONS = ["learningRate", "weightDecay", "clipnorm", "clipvalue", "globalClipnorm", "name"];

/** Throws on keys that are not options of this optimizer (the common ones or `extra`). */
export function checkOptionKeys(optimizer: string, options: object, extra: readonly string[]): void {
  checkKeys(optimizer, options, [...BASE_OPTIONS, ...extra]);
}

export function optionalNumber(optimizer: string, name: string, value: unknown): number | null {
  return value === undefined || value === null ? null : numberOption(optimizer, name, value);
}

export function learningRateOption(optimizer: string, value: unknown, fallback: number): LearningRate {
  if (value === undefined) return fallback;
  if (typeof value === "number" || typeof value === "function" || value instanceof LearningRateSchedule) return value as LearningRate;
  throw new TypeError(
    `${optimizer}: Argument learningRate should be a number, a tf.optimizers.schedules.LearningRateSchedule, or a ` +
      `function that returns the rate; received ${describe(value)}`,
  );
}

/** Keras allows at most one of the three clipping options. */
export function checkClipping(optimizer: string, o: OptimizerOptions): void {
  const set = [o.clipnorm, o.clipvalue, o.globalClipnorm].filter((v) => v !== undefined && v !== null).length;
  if (set > 1) {
    throw new Error(
      `${optimizer}: Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: ` +
        `clipnorm=${o.clipnorm}, clipvalue=${o.clipvalue}, globalClipnorm=${o.globalClipnorm}; keep one of them`,
    );
  }
}

/** Keras's default optimizer names: the class name in snake case, "_1", "_2", ... for later ones. */
const namesUsed = new Map<string, number>();

export function autoName(className: string): string {
  const snake = className
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
  const used = namesUsed.get(snake) ?? 0;
  namesUsed.set(snake, used + 1);
  return used === 0 ? snake : `${snake}_${used}`;
}
