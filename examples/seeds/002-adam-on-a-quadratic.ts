// Seed 002: Adam minimizes w**2 - 10w + 25 with apply_gradients, then with minimize.
import * as tf from "../../src/index.js";
import { print } from "./python.js";

// define the parameters we have
let w = new tf.Variable(0, { dtype: "float32" });
// define the optimization algorithm that we will use
let optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
print(w);

// define the loop function
function singleTrainLoop(): void {
  // open the tape to record the sequence of operations needed to compute the function (forward prop)
  const tape = new tf.GradientTape();
  const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
  // the trainable variables (that we want to calculate their gradients)
  const trainableVariables = [w];
  // compute the gradients using the tape, given both the function and its trainable variables
  const grads = tape.gradient(cost, trainableVariables);
  // use the optimizer to carry out the update on the variables
  optimizer.applyGradients(tf.zip(grads, trainableVariables));
}

const a = [1, 2, 3];
const b = ["a", "b", "c"];
for (const item of tf.zip(a, b)) {
  print(item);
}

// let's run one step of the loop and print the w
singleTrainLoop();
print(w);

// lets run it for 1000 steps
const numIterations = 1000;
for (let i = 0; i < numIterations; i++) {
  singleTrainLoop();
}
print(w);

// another method: the cost also depends on data x, a float32 array, not a variable
w = new tf.Variable(0, { dtype: "float32" });
optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
let x = new Float32Array([1.0, -10.0, 25.0]);
print(w);

function costFun(): tf.Tensor {
  return tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
}

optimizer.minimize(costFun, [w]); // this is equivalent to the above singleTrainLoop
print(w);

// lets encapsulate the above in a function
function training(x: Float32Array, w: tf.Variable, optimizer: tf.optimizers.Optimizer, numIterations = 1000): tf.Variable {
  const costFun = (): tf.Tensor => tf.add(tf.add(tf.mul(x[0], tf.pow(w, 2)), tf.mul(x[1], w)), x[2]);
  for (let i = 0; i < numIterations; i++) {
    optimizer.minimize(costFun, [w]);
  }
  return w;
}

w = training(x, w, optimizer);
print(w);

w = new tf.Variable(0, { dtype: "float32" });
optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
x = new Float32Array([5.0, -7.0, 13.0]);

w = training(x, w, optimizer);
print(w);
