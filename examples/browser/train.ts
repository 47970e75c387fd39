// The MNIST classifier of examples/mnist (784-128-10, Adam, a custom GradientTape step), driven one
// step at a time so that the page can draw between steps. As there, the step has no dispose, tidy
// or keep: each step's tensors are freed when the next step's tape starts recording.
import * as tf from "gradtape";
import { mulberry32, shuffle } from "../mnist/shuffle.js";
import { type Digits, imageSize, numClasses } from "./data.js";

export interface TrainerOptions {
  batchSize?: number;
  learningRate?: number;
  /** Seeds the initial weights and the order of the batches. */
  seed?: number;
}

export function buildModel(seed: number): tf.Sequential {
  const model = new tf.Sequential([
    new tf.layers.Dense(128, { activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    new tf.layers.Dense(numClasses, { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  ]);
  model.build([null, imageSize]);
  return model;
}

export class Trainer {
  readonly model: tf.Sequential;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  /** Epochs finished so far. */
  epoch = 0;
  /** Steps done in the current epoch. */
  stepInEpoch = 0;

  private readonly lossObject = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
  private readonly optimizer: tf.optimizers.Adam;
  private readonly trainLoss = new tf.metrics.Mean({ name: "loss" });
  private readonly trainAccuracy = new tf.metrics.SparseCategoricalAccuracy({ name: "accuracy" });
  private readonly images: tf.Tensor;
  private readonly labels: tf.Tensor;
  private readonly order: number[];
  private readonly random: () => number;
  /** This epoch's shuffled copy of the training set, made at its first step. */
  private epochData: { images: tf.Tensor; labels: tf.Tensor } | null = null;

  constructor(
    train: Digits,
    private readonly test: Digits,
    options: TrainerOptions = {},
  ) {
    const { batchSize = 64, learningRate = 0.001, seed = 1 } = options;
    this.batchSize = batchSize;
    this.stepsPerEpoch = Math.floor(train.count / batchSize);
    this.model = buildModel(seed);
    this.optimizer = new tf.optimizers.Adam({ learningRate });
    this.images = tf.keep(tf.tensor(train.images, [train.count, imageSize]));
    this.labels = tf.keep(tf.tensor(train.labels, [train.count], "int32"));
    this.order = Array.from({ length: train.count }, (_, i) => i);
    this.random = mulberry32(seed);
  }

  /** Steps done since the start. */
  get steps(): number {
    return this.epoch * this.stepsPerEpoch + this.stepInEpoch;
  }

  get epochFinished(): boolean {
    return this.stepInEpoch === this.stepsPerEpoch;
  }

  /** Trains on the next batch of the current epoch (starting one if needed). */
  step(): void {
    if (this.epochData === null) this.beginEpoch();
    const { images, labels } = this.epochData!;
    const begin = this.stepInEpoch * this.batchSize;
    this.trainStep(tf.slice(images, [begin, 0], [this.batchSize, imageSize]), tf.slice(labels, [begin], [this.batchSize]));
    this.stepInEpoch++;
  }

  /** Closes a finished epoch and returns the accuracy on the test digits. */
  endEpoch(): number {
    this.epoch++;
    this.stepInEpoch = 0;
    this.epochData = null;
    return this.evaluate(this.test, 500);
  }

  /** Training loss and accuracy averaged over the current epoch's steps. */
  metrics(): { loss: number; accuracy: number } {
    return { loss: this.trainLoss.result().item(), accuracy: this.trainAccuracy.result().item() };
  }

  /** The probability of each digit for one 28x28 image. */
  predict(image: Float32Array): Float32Array {
    return tf.tidy(() => tf.softmax(this.model.apply(tf.tensor(image, [1, imageSize]))).data() as Float32Array);
  }

  private trainStep(images: tf.Tensor, labels: tf.Tensor): void {
    const tape = new tf.GradientTape();
    const [logits, loss] = tape.record(() => {
      const logits = this.model.apply(images, { training: true });
      return [logits, this.lossObject(labels, logits)];
    });
    const grads = tape.gradient(loss, this.model.trainableVariables);
    this.optimizer.applyGradients(tf.zip(grads, this.model.trainableVariables));
    this.trainLoss.updateState(loss);
    this.trainAccuracy.updateState(labels, logits);
  }

  private beginEpoch(): void {
    this.trainLoss.resetState();
    this.trainAccuracy.resetState();
    const permutation = tf.constant(shuffle(this.order, this.random), "int32");
    this.epochData = { images: tf.gather(this.images, permutation), labels: tf.gather(this.labels, permutation) };
  }

  /** Accuracy over `digits`, in batches, freeing everything it creates. */
  private evaluate(digits: Digits, batchSize: number): number {
    return tf.tidy(() => {
      let correct = 0;
      for (let begin = 0; begin < digits.count; begin += batchSize) {
        const size = Math.min(batchSize, digits.count - begin);
        const x = tf.tensor(digits.images.subarray(begin * imageSize, (begin + size) * imageSize), [size, imageSize]);
        const y = tf.tensor(digits.labels.subarray(begin, begin + size), [size], "int32");
        correct += tf.reduceSum(tf.cast(tf.equal(tf.argMax(this.model.apply(x), 1), y), "int32")).item();
      }
      return correct / digits.count;
    });
  }
}
