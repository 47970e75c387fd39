// Seed 003: what the tape watches, fitting y = 2x - 1 with a persistent tape, a training step, and a
// second derivative through nested tapes.
import * as tf from "../../src/index.js";
import { numpy, print } from "./python.js";

{
  // The note names the variable t but differentiates x; x is the variable here.
  const x = new tf.Variable(3.0);
  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.pow(x, 2));
  const dyDx = tape.gradient(y, x)!;
  print(numpy(dyDx)); // should give 6
}

{
  const x = tf.constant(3.0);
  const tape = new tf.GradientTape();
  const y = tape.record(() => {
    tape.watch(x);
    return tf.pow(x, 2);
  });
  // dy = 2x * dx
  const dyDx = tape.gradient(y, x)!;
  print(numpy(dyDx)); // should give 6
}

// training data
const xTrain = [-1.0, 0.0, 1.0, 2.0, 3.0, 4.0];
const yTrain = [-3.0, -1.0, 1.0, 3.0, 5.0, 7.0]; // y = 2*x - 1

// trainable variables
const w = new tf.Variable(Math.random(), { trainable: true });
const b = new tf.Variable(Math.random(), { trainable: true });

// Loss function
function simpleLoss(realY: tf.TensorInput, predY: tf.Tensor): tf.Tensor {
  return tf.abs(tf.sub(realY, predY));
}

// learning rate
const learningRate = 0.001;

function fitData(realX: number[], realY: number[]): void {
  const tape = new tf.GradientTape({ persistent: true });
  const regLoss = tape.record(() => {
    // forward prop - make prediction
    const predY = tf.add(tf.mul(w, realX), b);
    // calculate loss
    return simpleLoss(realY, predY);
  });
  // calculate gradient with respect to variables
  const wGrad = tape.gradient(regLoss, w)!;
  const bGrad = tape.gradient(regLoss, b)!;
  // update variables
  w.assignSub(tf.mul(wGrad, learningRate));
  b.assignSub(tf.mul(bGrad, learningRate));
}

for (let i = 0; i < 500; i++) fitData(xTrain, yTrain);

print(`y = ${numpy(w).text} * x + ${numpy(b).text}`);

// Gradient descent with GradientTape: the note's train_step, with a model, loss and optimizer to run it.
const model = new tf.Sequential([new tf.layers.Dense(16, { activation: "relu" }), new tf.layers.Dense(3)]);
const lossObject = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
const optimizer = new tf.optimizers.SGD({ learningRate: 0.1 });
const lossHistory: number[] = [];

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

const images = tf.random.normal([30, 4], { seed: 3 });
const labels = tf.argMax(tf.matmul(images, tf.random.normal([4, 3], { seed: 4 })), 1);
for (let step = 0; step < 100; step++) trainStep(images, labels);
print(`loss_history: ${lossHistory[0].toFixed(4)} at the first step, ${lossHistory[99].toFixed(4)} at the last`);

// Higher order gradients: y = x^3, dy/dx = 3x^2, d2y/dx2 = 6x
{
  const x = new tf.Variable(1.0);
  const tape2 = new tf.GradientTape();
  const dyDx = tape2.record(() => {
    const tape1 = new tf.GradientTape();
    const y = tape1.record(() => tf.mul(tf.mul(x, x), x));
    return tape1.gradient(y, x)!;
  });
  const d2yDx2 = tape2.gradient(dyDx, x)!;
  print(numpy(d2yDx2)); // should print 6
}
