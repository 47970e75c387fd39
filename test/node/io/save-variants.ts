// A model with an Adam optimizer whose every weight is set from a variant number, so a process that
// saved variant k and one that checks a file can agree on its exact bits without sharing memory.
import * as tf from "../../../src/index.js";

export interface Trainable {
  model: tf.Sequential;
  optimizer: tf.optimizers.Adam;
}

/** About 1.1 MB of float32 weights; with Adam's two slots a checkpoint is about 3.4 MB. */
export function buildTrainable(): Trainable {
  const model = new tf.Sequential([new tf.layers.Dense(512, { inputShape: [512] }), new tf.layers.Dense(16)]);
  model.build([null, 512]);
  const optimizer = new tf.optimizers.Adam({ learningRate: 0.001 });
  optimizer.build(model.trainableVariables);
  return { model, optimizer };
}

/** Sets every weight of `t` from `variant`: element j of weight w is a hash of (variant, w, j). */
export function setVariant(t: Trainable, variant: number): void {
  t.model.setWeights(t.model.getWeights().map((w, i) => values(w, variant, i)));
  t.optimizer.setWeights(t.optimizer.getWeights().map((w, i) => values(w, variant, 100 + i)));
}

/** The weights of `t` as raw bytes, model first, for bit-identical comparisons. */
export function weightBytes(t: Trainable): Uint8Array[] {
  return [...t.model.getWeights(), ...t.optimizer.getWeights()].map((w) => new Uint8Array(w.data().slice().buffer));
}

function values(like: tf.Tensor, variant: number, which: number): tf.Tensor {
  const out = new Float64Array(like.size);
  for (let j = 0; j < out.length; j++) {
    const h = Math.imul(variant * 0x9e3779b1 + which * 0x85ebca6b + j, 0xc2b2ae35) >>> 0;
    out[j] = like.dtype === "int32" ? (h % 1000) + variant : (h / 2 ** 32 - 0.5) * (1 + variant);
  }
  return tf.tensor(out, like.shape, like.dtype);
}
