// Dropout: while training, zeroes each input value with probability `rate` and scales the others
// by 1 / (1 - rate); otherwise returns its input unchanged.
import { cast } from "../ops/cast.js";
import { greaterEqual, mul } from "../ops/binary.js";
import { uniform } from "../random.js";
import { describe } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkOptions, checkShapeLike, type ShapeLike } from "./checks.js";
import { type CallOptions, Layer, LAYER_OPTIONS, type LayerOptions } from "./layer.js";

export interface DropoutOptions extends LayerOptions {
  /** Makes the masks reproducible: each call draws the next mask of the sequence this seed starts. */
  seed?: number;
  /**
   * Shape of the mask, broadcast against the input (null takes the input's dimension): [null, 1, null]
   * drops the same features at every step of a sequence.
   */
  noiseShape?: ShapeLike;
}

const DROPOUT_OPTIONS = [...LAYER_OPTIONS, "seed", "noiseShape"] as const;

export class Dropout extends Layer {
  static override readonly className: string = "Dropout";
  readonly rate: number;
  readonly seed: number | undefined;
  readonly noiseShape: (number | null)[] | null;
  #calls = 0;

  constructor(rate: number, options: DropoutOptions = {}) {
    checkOptions(options, "Dropout", DROPOUT_OPTIONS);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new RangeError(`Dropout: rate must be a number in [0, 1] (the fraction of inputs to drop), got ${describe(rate)}`);
    }
    const { seed, noiseShape, ...layerOptions } = options;
    if (seed !== undefined && (typeof seed !== "number" || !Number.isSafeInteger(seed))) {
      throw new TypeError(`Dropout: seed must be a safe integer, got ${describe(seed)}`);
    }
    super(layerOptions);
    this.rate = rate;
    this.seed = seed;
    this.noiseShape = noiseShape === undefined ? null : checkShapeLike(noiseShape, "Dropout: noiseShape");
    this.built = true;
  }

  override call(inputs: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    if (this.rate === 1) return mul(inputs, 0);
    const noise = uniform(this.#maskShape(inputs.shape), { dtype: inputs.dtype, seed: this.#nextSeed() });
    const keep = mul(cast(greaterEqual(noise, this.rate), inputs.dtype), 1 / (1 - this.rate));
    return mul(inputs, keep);
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    return inputShape.slice();
  }

  #maskShape(shape: readonly number[]): number[] {
    const noise = this.noiseShape;
    if (noise === null) return shape.slice();
    if (noise.length !== shape.length) {
      throw new Error(
        `${this.describe()}.apply: noiseShape has ${noise.length} dimensions but the input has ${shape.length}; ` +
          `give one dimension per input dimension (null takes the input's)`,
      );
    }
    return noise.map((d, i) => d ?? shape[i]);
  }

  /** The op seed of this call: a different one per call, derived from the layer's seed. */
  #nextSeed(): number | undefined {
    if (this.seed === undefined) return undefined;
    const call = this.#calls++;
    const low = mix(this.seed % 4294967296, call);
    const high = mix(Math.floor(this.seed / 4294967296) ^ low, call) & 0x1fffff;
    return high * 4294967296 + (low >>> 0);
  }
}

/** A 32-bit hash of two integers (a murmur3-style finalizer). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
