// A small classifier trained on fixed data, for the checkpoint tests.
import * as tf from "../../src/index.js";

export interface TrainingRun {
  model: tf.Sequential;
  optimizer: tf.optimizers.Optimizer;
  train(steps: number): void;
}

export function trainingRun(optimizer: tf.optimizers.Optimizer, seed: number): TrainingRun {
  const model = new tf.Sequential([
    new tf.layers.Dense(8, { activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    new tf.layers.Dense(3, { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  ]);
  const x = tf.keep(tf.random.normal([16, 4], { seed: 7 }));
  const labels = tf.keep(tf.argMax(tf.matmul(x, tf.random.normal([4, 3], { seed: 8 })), 1));
  const lossObject = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
  return {
    model,
    optimizer,
    train(steps) {
      for (let i = 0; i < steps; i++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => lossObject(labels, model.apply(x)));
        const grads = tape.gradient(loss, model.trainableVariables);
        optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
      }
    },
  };
}
