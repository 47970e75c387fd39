// `tf.initializers`: Keras's weight initializers. Each factory returns an initializer, a function
// `(shape, dtype?) => Tensor` that layers call when they create their weights.
//
// Seeds follow Keras 3: an initializer made without a seed draws one when it is made (from
// tf.random, so tf.random.setSeed makes it reproducible), and every call of the same initializer
// gives the same values for the same shape. Layers make their own initializers from names, so two
// layers get different values.
import { assertDType, type DType } from "./dtype.js";
import { fill } from "./ops/create.js";
import { normal, truncatedNormal as truncatedNormalValues, uniform } from "./random.js";
import { checkOptions } from "./layers/checks.js";
import { checkShape, describe, show } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** Makes the initial value of a weight of the given shape and dtype (float32 by default). */
export type Initializer = (shape: readonly number[], dtype?: DType) => Tensor;

export interface SeedOptions {
  /** Makes the values reproducible; without it, a seed is drawn from tf.random when the initializer is made. */
  seed?: number;
}

export interface RandomNormalOptions extends SeedOptions {
  mean?: number;
  /** Default 0.05, as Keras. */
  stddev?: number;
}

export interface RandomUniformOptions extends SeedOptions {
  /** Default -0.05, as Keras. */
  minval?: number;
  /** Default 0.05, as Keras. */
  maxval?: number;
}

export type FanMode = "fanIn" | "fanOut" | "fanAvg" | "fan_in" | "fan_out" | "fan_avg";
export type Distribution = "truncatedNormal" | "untruncatedNormal" | "normal" | "uniform" | "truncated_normal" | "untruncated_normal";

export interface VarianceScalingOptions extends SeedOptions {
  /** Default 1. */
  scale?: number;
  /** Which fan divides the scale: "fanIn" (default), "fanOut" or "fanAvg" (their mean). */
  mode?: FanMode;
  /** "truncatedNormal" (default; "normal" means it too, as in Keras), "untruncatedNormal" or "uniform". */
  distribution?: Distribution;
}

/** All zeros. */
export function zeros(): Initializer {
  return named("zeros", (shape, dtype = "float32") => fill(checkShape(shape, "initializers.zeros"), 0, checkDType(dtype, "zeros")));
}

/** All ones. */
export function ones(): Initializer {
  return named("ones", (shape, dtype = "float32") => fill(checkShape(shape, "initializers.ones"), 1, checkDType(dtype, "ones")));
}

/** Every value `value` (default 0); `constant(0.1)` or `constant({ value: 0.1 })`. */
export function constant(value: number | { value?: number } = 0): Initializer {
  const v = typeof value === "object" && value !== null ? (value.value ?? 0) : value;
  if (typeof v !== "number") throw new TypeError(`initializers.constant: value must be a number, got ${describe(v)}`);
  return named("constant", (shape, dtype = "float32") => fill(checkShape(shape, "initializers.constant"), v, checkDType(dtype, "constant")));
}

/** Normal values with `mean` (0) and `stddev` (0.05). */
export function randomNormal(options: RandomNormalOptions = {}): Initializer {
  const where = "initializers.randomNormal";
  checkOptions(options, where, ["mean", "stddev", "seed"]);
  const mean = numberOption(options.mean, 0, "mean", where);
  const stddev = numberOption(options.stddev, 0.05, "stddev", where);
  const seed = seedOf(options, where);
  return named("randomNormal", (shape, dtype = "float32") => normal(checkShape(shape, where), { mean, stddev, seed, dtype }));
}

/** Normal values with `mean` (0) and `stddev` (0.05), redrawn when more than two stddevs from the mean. */
export function truncatedNormal(options: RandomNormalOptions = {}): Initializer {
  const where = "initializers.truncatedNormal";
  checkOptions(options, where, ["mean", "stddev", "seed"]);
  const mean = numberOption(options.mean, 0, "mean", where);
  const stddev = numberOption(options.stddev, 0.05, "stddev", where);
  const seed = seedOf(options, where);
  return named("truncatedNormal", (shape, dtype = "float32") =>
    truncatedNormalValues(checkShape(shape, where), { mean, stddev, seed, dtype }),
  );
}

/** Uniform values in [minval, maxval), by default [-0.05, 0.05). */
export function randomUniform(options: RandomUniformOptions = {}): Initializer {
  const where = "initializers.randomUniform";
  checkOptions(options, where, ["minval", "maxval", "seed"]);
  const minval = numberOption(options.minval, -0.05, "minval", where);
  const maxval = numberOption(options.maxval, 0.05, "maxval", where);
  const seed = seedOf(options, where);
  return named("randomUniform", (shape, dtype = "float32") => uniform(checkShape(shape, where), { minval, maxval, seed, dtype }));
}

/**
 * Values whose variance is `scale / n`, n being the fan in, the fan out or their mean (`mode`).
 * The truncated normal's stddev is divided by 0.8796..., the stddev of a unit normal truncated at
 * two stddevs, so that the values drawn have the variance asked for (as Keras does).
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  return scaled("varianceScaling", options, "initializers.varianceScaling");
}

/** Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)). The Dense kernel default. */
export function glorotUniform(options: SeedOptions = {}): Initializer {
  return preset("glorotUniform", options, 1, "fanAvg", "uniform");
}

/** Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
export function glorotNormal(options: SeedOptions = {}): Initializer {
  return preset("glorotNormal", options, 1, "fanAvg", "truncatedNormal");
}

/** He normal: truncated normal with stddev sqrt(2 / fanIn). */
export function heNormal(options: SeedOptions = {}): Initializer {
  return preset("heNormal", options, 2, "fanIn", "truncatedNormal");
}

/** He uniform: U(-limit, limit) with limit = sqrt(6 / fanIn). */
export function heUniform(options: SeedOptions = {}): Initializer {
  return preset("heUniform", options, 2, "fanIn", "uniform");
}

/** LeCun normal: truncated normal with stddev sqrt(1 / fanIn). */
export function lecunNormal(options: SeedOptions = {}): Initializer {
  return preset("lecunNormal", options, 1, "fanIn", "truncatedNormal");
}

/** LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fanIn). */
export function lecunUniform(options: SeedOptions = {}): Initializer {
  return preset("lecunUniform", options, 1, "fanIn", "uniform");
}

const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978; // of a unit normal truncated to [-2, 2]

function preset(name: string, options: SeedOptions, scale: number, mode: FanMode, distribution: Distribution): Initializer {
  checkOptions(options, `initializers.${name}`, ["seed"]);
  return scaled(name, { seed: options.seed, scale, mode, distribution }, `initializers.${name}`);
}

function scaled(name: string, options: VarianceScalingOptions, where: string): Initializer {
  checkOptions(options, where, ["scale", "mode", "distribution", "seed"]);
  const scale = numberOption(options.scale, 1, "scale", where);
  if (!(scale > 0)) throw new RangeError(`${where}: scale must be positive, got ${scale}`);
  const mode = fanMode(options.mode ?? "fanIn", where);
  const distribution = distributionOf(options.distribution ?? "truncatedNormal", where);
  const seed = seedOf(options, where);
  return named(name, (shape, dtype = "float32") => {
    const s = checkShape(shape, where);
    const [fanIn, fanOut] = computeFans(s);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    if (distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      return uniform(s, { minval: -limit, maxval: limit, seed, dtype });
    }
    if (distribution === "untruncatedNormal") return normal(s, { stddev: Math.sqrt(variance), seed, dtype });
    return truncatedNormalValues(s, { stddev: Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV, seed, dtype });
  });
}

/**
 * Fan in and fan out of a weight shape, as Keras counts them: a vector is both; a matrix is
 * [fanIn, fanOut]; a higher-rank (convolution) kernel [...receptiveField, in, out] multiplies both
 * by the receptive field size.
 */
function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  let receptiveField = 1;
  for (let i = 0; i < shape.length - 2; i++) receptiveField *= shape[i];
  return [shape[shape.length - 2] * receptiveField, shape[shape.length - 1] * receptiveField];
}

function fanMode(mode: string, where: string): "fanIn" | "fanOut" | "fanAvg" {
  switch (mode) {
    case "fanIn":
    case "fan_in":
      return "fanIn";
    case "fanOut":
    case "fan_out":
      return "fanOut";
    case "fanAvg":
    case "fan_avg":
      return "fanAvg";
  }
  throw new TypeError(`${where}: unknown mode ${show(mode)}; use "fanIn", "fanOut" or "fanAvg"`);
}

function distributionOf(distribution: string, where: string): "truncatedNormal" | "untruncatedNormal" | "uniform" {
  switch (distribution) {
    case "normal":
    case "truncatedNormal":
    case "truncated_normal":
      return "truncatedNormal";
    case "untruncatedNormal":
    case "untruncated_normal":
      return "untruncatedNormal";
    case "uniform":
      return "uniform";
  }
  throw new TypeError(
    `${where}: unknown distribution ${show(distribution)}; use "truncatedNormal", "untruncatedNormal" or "uniform"`,
  );
}

/** The seed given, or one drawn now from tf.random (reproducible after tf.random.setSeed). */
function seedOf(options: SeedOptions, where: string): number {
  const seed = options.seed;
  if (seed !== undefined) {
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
      throw new TypeError(`${where}: seed must be a safe integer, got ${describe(seed)}`);
    }
    return seed;
  }
  const drawn = uniform([], { minval: 1, maxval: 1_000_000_000, dtype: "int32" });
  const value = drawn.item();
  drawn.dispose();
  return value;
}

function named(name: string, fn: Initializer): Initializer {
  Object.defineProperty(fn, "name", { value: name });
  return fn;
}

function checkDType(dtype: unknown, where: string): DType {
  return assertDType(dtype, `initializers.${where}`);
}

function numberOption(value: unknown, fallback: number, name: string, where: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${where}: ${name} must be a number, got ${describe(value)}`);
  }
  return value;
}
