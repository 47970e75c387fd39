// tf.optimizers.AdamW: Adam with decoupled weight decay on by default, as Keras 3's AdamW.
import { describe } from "../shape.js";
import { Adam, type AdamOptions } from "./adam.js";

/**
 * Adam whose weightDecay defaults to 0.004 (and must not be null): each step first does
 * w -= w * weightDecay * learningRate, then the Adam step. Defaults otherwise as Adam's.
 */
export class AdamW extends Adam {
  static override readonly optimizerName = "AdamW";

  constructor(options: AdamOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`AdamW: expected an options object, got ${describe(options)}`);
    }
    if (options.weightDecay === null) {
      throw new TypeError("AdamW: Argument `weightDecay` must be a float. Received: weightDecay=null");
    }
    super(options.weightDecay === undefined ? { ...options, weightDecay: 0.004 } : options);
  }
}
