// Seed 001: gradients of a squared error with respect to w and b.
import * as tf from "../../src/index.js";
import { numpy, print } from "./python.js";

// Define some dummy data
const x = tf.constant(2.0);
const y = tf.constant(3.0);
// Define the variables to be trained
const w = new tf.Variable(0.5);
const b = new tf.Variable(1.0);
// Define the forward pass
function forwardPass(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(w, x), b);
}
// Define the loss function
function lossFn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.square(tf.sub(yTrue, yPred));
}
// Use GradientTape to compute gradients
const tape = new tf.GradientTape();
const loss = tape.record(() => {
  // Compute the forward pass
  const yPred = forwardPass(x);
  // Compute the loss
  return lossFn(y, yPred);
});
// Compute gradients
const gradients = tape.gradient(loss, [w, b]);
// Print the gradients
print("Gradients of w: ", numpy(gradients[0]!));
print("Gradients of b: ", numpy(gradients[1]!));
