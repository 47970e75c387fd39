// `tf.random`: seeded random tensors that are bit-identical in every runtime.
//
// Values come from the Philox4x32-10 kernels in assembly/random.ts. The host picks the stream:
// the Philox key is the global seed and the counter's upper words are the operation seed, as in
// TensorFlow 2:
//   - setSeed(g), no op seed: every call gets the next operation seed of a per-call counter, so
//     successive calls differ and the sequence repeats after setSeed(g) again;
//   - an op seed: the same (global seed, op seed) pair gives the same tensor on every call (as
//     TensorFlow's stateless ops and TensorFlow.js do; TensorFlow 2's eager ops would advance a
//     hidden counter instead); without a global seed, TensorFlow's default graph seed 87654321
//     stands in for it;
//   - neither: a global seed drawn from the platform's entropy once per process.
// Counter-derived operation seeds carry a tag bit in the counter, so they never collide with an
// explicit op seed of the same value.
import { castScalar, type DType, isFloat } from "./dtype.js";
import { FLOAT, KernelFamily, NUMERIC } from "./engine/kernels.js";
import { checkShape, describe, show } from "./shape.js";
import { allocTensor, type Tensor } from "./tensor.js";

export interface NormalOptions {
  mean?: number;
  stddev?: number;
  seed?: number;
  dtype?: DType;
}

export interface UniformOptions {
  minval?: number;
  /** Default 1 for float dtypes; required for int32, as in TensorFlow. */
  maxval?: number;
  seed?: number;
  dtype?: DType;
}

/** TensorFlow's DEFAULT_GRAPH_SEED: the global seed used when only an op seed is given. */
const DEFAULT_GLOBAL_SEED = 87654321;
/** Counter tag of streams whose operation seed comes from the per-call counter. */
const COUNTER_STREAM_TAG = 0x80000000 | 0;
const TWO_32 = 4294967296;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const NORMAL = new KernelFamily("random_normal", FLOAT);
const TRUNCATED_NORMAL = new KernelFamily("random_truncated_normal", FLOAT);
const UNIFORM = new KernelFamily("random_uniform", NUMERIC);

let globalSeed: number | null = null;
let callCounter = 0;
let entropySeed: number | null = null;

// The stream chosen for the current call, as the kernels take it (32-bit words as int32).
let keyLo = 0;
let keyHi = 0;
let seedLo = 0;
let seedHi = 0;
let tag = 0;

/**
 * Sets the global seed (TensorFlow's `tf.random.set_seed`): later random ops without their own
 * seed produce a reproducible sequence. `null` returns to unseeded behaviour.
 */
export function setSeed(seed: number | null): void {
  if (seed !== null) checkSeed(seed, "random.setSeed");
  globalSeed = seed;
  callCounter = 0;
  entropySeed = null;
}

/** Values from a normal distribution. */
export function normal(shape: number[], options: NormalOptions = {}): Tensor {
  const op = "random.normal";
  checkOptions(options, op, NORMAL_KEYS);
  const { out, mean, stddev } = normalSetup(shape, options, op);
  NORMAL.for(out.dtype)(out.ptr, out.size, keyLo, keyHi, tag, seedLo, seedHi, mean, stddev);
  return out;
}

/**
 * Values from a normal distribution truncated to within two standard deviations of the mean:
 * values beyond are dropped and drawn again, as TensorFlow's `truncated_normal` does.
 */
export function truncatedNormal(shape: number[], options: NormalOptions = {}): Tensor {
  const op = "random.truncatedNormal";
  checkOptions(options, op, NORMAL_KEYS);
  const { out, mean, stddev } = normalSetup(shape, options, op);
  TRUNCATED_NORMAL.for(out.dtype)(out.ptr, out.size, keyLo, keyHi, tag, seedLo, seedHi, mean, stddev);
  return out;
}

/** Values uniformly distributed in [minval, maxval). */
export function uniform(shape: number[], options: UniformOptions = {}): Tensor {
  const op = "random.uniform";
  checkOptions(options, op, UNIFORM_KEYS);
  const checkedShape = checkShape(shape, op);
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "int32") {
    throw new TypeError(`${op}: dtype ${show(dtype)} is not supported; use float32, float64 or int32`);
  }
  if (dtype === "int32") return uniformInt(checkedShape, options, op);
  const minval = numberOption(options.minval, 0, "minval", op);
  const maxval = numberOption(options.maxval, 1, "maxval", op);
  const out = allocTensor(checkedShape, dtype, op);
  chooseStream(options.seed, op);
  const low = castScalar(minval, dtype);
  const high = castScalar(maxval, dtype);
  UNIFORM.for(dtype)(out.ptr, out.size, keyLo, keyHi, tag, seedLo, seedHi, low, high);
  return out;
}

function uniformInt(shape: number[], options: UniformOptions, op: string): Tensor {
  if (options.maxval === undefined) {
    throw new Error(`${op}: Must specify maxval for integer dtype int32; pass { maxval, dtype: "int32" }`);
  }
  const minval = numberOption(options.minval, 0, "minval", op);
  const maxval = numberOption(options.maxval, 0, "maxval", op);
  for (const [name, v] of [["minval", minval], ["maxval", maxval]] as const) {
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new RangeError(`${op}: ${name} ${v} must be an integer in the int32 range for dtype int32`);
    }
  }
  if (minval >= maxval) {
    throw new RangeError(`${op}: Need minval < maxval: ${minval} >= ${maxval}; values are drawn from [minval, maxval)`);
  }
  const out = allocTensor(shape, "int32", op);
  chooseStream(options.seed, op);
  UNIFORM.for("int32")(out.ptr, out.size, keyLo, keyHi, tag, seedLo, seedHi, minval, (maxval - minval) | 0);
  return out;
}

const NORMAL_KEYS = ["mean", "stddev", "seed", "dtype"] as const;
const UNIFORM_KEYS = ["minval", "maxval", "seed", "dtype"] as const;

function normalSetup(shape: number[], options: NormalOptions, op: string): { out: Tensor; mean: number; stddev: number } {
  const checkedShape = checkShape(shape, op);
  const dtype = options.dtype ?? "float32";
  if (!isFloat(dtype)) {
    throw new TypeError(`${op}: dtype ${show(dtype)} is not supported; use float32 or float64`);
  }
  let mean = numberOption(options.mean, 0, "mean", op);
  let stddev = numberOption(options.stddev, 1, "stddev", op);
  if (dtype === "float32") {
    mean = Math.fround(mean);
    stddev = Math.fround(stddev);
  }
  const out = allocTensor(checkedShape, dtype, op);
  chooseStream(options.seed, op);
  return { out, mean, stddev };
}

/**
 * Sets keyLo/keyHi/seedLo/seedHi/tag for one call. Called once the output is allocated, so a call
 * that fails (a shape too big for memory) leaves the sequence where it was.
 */
function chooseStream(opSeed: number | undefined, op: string): void {
  let key: number;
  if (opSeed !== undefined) {
    checkSeed(opSeed, op);
    key = globalSeed ?? DEFAULT_GLOBAL_SEED;
    seedLo = lowWord(opSeed);
    seedHi = highWord(opSeed);
    tag = 0;
  } else {
    key = globalSeed ?? (entropySeed ??= drawEntropySeed());
    seedLo = lowWord(callCounter);
    seedHi = highWord(callCounter);
    callCounter++;
    tag = COUNTER_STREAM_TAG;
  }
  keyLo = lowWord(key);
  keyHi = highWord(key);
}

/** Low 32 bits of a safe integer's 64-bit two's complement, as an int32. */
function lowWord(seed: number): number {
  return (seed - Math.floor(seed / TWO_32) * TWO_32) | 0;
}

function highWord(seed: number): number {
  return Math.floor(seed / TWO_32) | 0;
}

function drawEntropySeed(): number {
  const words = new Uint32Array(2);
  const crypto = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (crypto?.getRandomValues !== undefined) crypto.getRandomValues(words);
  else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * TWO_32);
  return (words[0] & 0x1fffff) * TWO_32 + words[1]; // 53 bits: a safe integer
}

function checkSeed(seed: unknown, op: string): void {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new TypeError(`${op}: seed must be a safe integer, got ${describe(seed)}`);
  }
}

function numberOption(value: unknown, fallback: number, name: string, op: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`${op}: ${name} must be a number, got ${describe(value)}`);
  return value;
}

function checkOptions(options: unknown, op: string, known: readonly string[]): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${op}: options must be an object like { ${known.join(", ")} }, got ${describe(options)}`);
  }
  for (const key in options) {
    if (!known.includes(key)) {
      throw new TypeError(`${op}: unknown option ${show(key)}; the options are ${known.join(", ")}`);
    }
  }
  const seed = (options as { seed?: unknown }).seed;
  if (seed !== undefined) checkSeed(seed, op);
}
