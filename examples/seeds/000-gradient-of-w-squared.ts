// Seed 000: a training step with GradientTape, and the gradient of loss = w * w at w = 1.
import * as tf from "../../src/index.js";
import { numpy, print } from "./python.js";

// The transcript's train_step, given a small model, loss object and optimizer so that it runs.
const model = new tf.Sequential([new tf.layers.Dense(10)]);
const lossObject = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
const optimizer = new tf.optimizers.Adam();
const lossHistory: number[] = [];
const images = tf.random.uniform([32, 8], { seed: 0 });
const labels = tf.constant(Array.from({ length: 32 }, (_, i) => i % 10), "int32");

function trainStep(images: tf.Tensor, labels: tf.Tensor): void {
  const tape = new tf.GradientTape();
  const lossValue = tape.record(() => {
    const logits = model.apply(images, { training: true });
    return lossObject(labels, logits);
  });
  lossHistory.push(tf.reduceMean(lossValue).item());
  const grads = tape.gradient(lossValue, model.trainableVariables);
  optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
}

for (let step = 0; step < 50; step++) trainStep(images, labels);
print("loss_history[0], loss_history[-1]:", lossHistory[0].toFixed(4), lossHistory[lossHistory.length - 1].toFixed(4));

// loss = w * w, so d loss / dw = 2w: 2 at w = 1.
const w = tf.constant(1.0);
const tape = new tf.GradientTape();
const loss = tape.record(() => {
  tape.watch(w);
  return tf.mul(w, w);
});
print(numpy(tape.gradient(loss, w)!));
