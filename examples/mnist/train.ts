// Trains a 784-128-10 classifier on the MNIST digits with a custom GradientTape loop (no dispose, tidy
// or keep in the loop: each step's tensors are freed when the next step's tape starts recording).
import * as tf from "../../src/index.js";
import { type Digits, imageSize, loadMnist, numClasses } from "./data.js";
import { mulberry32, shuffle } from "./shuffle.js";
import { ProgressBar } from "./progress.js";

export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Seeds the initial weights and the order of the batches. */
  seed?: number;
  /** Prints progress bars and results (default true). */
  verbose?: boolean;
  /** Called after each epoch with its training loss and accuracy. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
}

export interface TrainResult {
  testAccuracy: number;
  testLoss: number;
  trainLoss: number;
  trainAccuracy: number;
  seconds: number;
  steps: number;
  msPerStep: number;
  model: tf.Sequential;
  optimizer: tf.optimizers.Adam;
}

export function buildModel(seed: number): tf.Sequential {
  return new tf.Sequential([
    new tf.layers.Dense(128, { activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    new tf.layers.Dense(numClasses, { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  ]);
}

export function trainMnist(options: TrainOptions = {}): TrainResult {
  const { epochs = 10, batchSize = 64, learningRate = 0.001, seed = 1, verbose = true, onEpoch } = options;
  const log = verbose ? console.log : () => {};
  const loadStart = performance.now();
  const { train, test } = loadMnist();
  log(`MNIST: ${train.count} training and ${test.count} test digits (loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)}s)`);

  const model = buildModel(seed);
  const lossObject = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = new tf.optimizers.Adam({ learningRate });
  const trainLoss = new tf.metrics.Mean({ name: "loss" });
  const trainAccuracy = new tf.metrics.SparseCategoricalAccuracy({ name: "accuracy" });

  function trainStep(images: tf.Tensor, labels: tf.Tensor): void {
    const tape = new tf.GradientTape();
    const [logits, loss] = tape.record(() => {
      const logits = model.apply(images, { training: true });
      return [logits, lossObject(labels, logits)];
    });
    const grads = tape.gradient(loss, model.trainableVariables);
    optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
    trainLoss.updateState(loss);
    trainAccuracy.updateState(labels, logits);
  }

  const images = tf.keep(tf.tensor(train.images, [train.count, imageSize]));
  const labels = tf.keep(tf.tensor(train.labels, [train.count], "int32"));
  const stepsPerEpoch = Math.floor(train.count / batchSize);
  const random = mulberry32(seed);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const start = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    trainLoss.resetState();
    trainAccuracy.resetState();
    const permutation = tf.constant(shuffle(order, random), "int32");
    const epochImages = tf.gather(images, permutation);
    const epochLabels = tf.gather(labels, permutation);
    const bar = verbose ? new ProgressBar(`Epoch ${epoch}/${epochs}`, stepsPerEpoch) : null;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const begin = step * batchSize;
      trainStep(tf.slice(epochImages, [begin, 0], [batchSize, imageSize]), tf.slice(epochLabels, [begin], [batchSize]));
      bar?.update(step + 1, () => ({ loss: trainLoss.result().item(), accuracy: trainAccuracy.result().item() }));
    }
    const [loss, accuracy] = [trainLoss.result().item(), trainAccuracy.result().item()];
    bar?.finish({ loss, accuracy });
    onEpoch?.(epoch, loss, accuracy);
  }
  const seconds = (performance.now() - start) / 1000;
  images.dispose();
  labels.dispose();

  const { loss: testLoss, accuracy: testAccuracy } = evaluate(model, lossObject, test, 500);
  const steps = epochs * stepsPerEpoch;
  log(
    `trained ${steps} steps in ${seconds.toFixed(1)}s (${((1000 * seconds) / steps).toFixed(2)} ms per step); ` +
      `test accuracy ${(100 * testAccuracy).toFixed(2)}%, test loss ${testLoss.toFixed(4)}`,
  );
  return {
    testAccuracy,
    testLoss,
    trainLoss: trainLoss.result().item(),
    trainAccuracy: trainAccuracy.result().item(),
    seconds,
    steps,
    msPerStep: (1000 * seconds) / steps,
    model,
    optimizer,
  };
}

/** Mean loss and accuracy over `digits`, in batches, freeing everything it creates. */
export function evaluate(
  model: tf.Sequential,
  lossObject: (yTrue: tf.TensorInput, yPred: tf.Tensor) => tf.Tensor,
  digits: Digits,
  batchSize: number,
): { loss: number; accuracy: number } {
  return tf.tidy(() => {
    let lossSum = 0;
    let correct = 0;
    for (let begin = 0; begin < digits.count; begin += batchSize) {
      const size = Math.min(batchSize, digits.count - begin);
      const x = tf.tensor(digits.images.subarray(begin * imageSize, (begin + size) * imageSize), [size, imageSize]);
      const y = tf.tensor(digits.labels.subarray(begin, begin + size), [size], "int32");
      const logits = model.apply(x);
      lossSum += lossObject(y, logits).item() * size;
      correct += tf.reduceSum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "int32")).item();
    }
    return { loss: lossSum / digits.count, accuracy: correct / digits.count };
  });
}
