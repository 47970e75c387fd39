// Seed 004: gradients of a small function, of a Dense layer's variables, and what the tape watches.
import * as tf from "../../src/index.js";
import { numpy, print } from "./python.js";

{
  // simple function
  const w = new tf.Variable(tf.random.normal([3, 2]), { name: "w" });
  const b = new tf.Variable(tf.zeros([2], "float32"), { name: "b" });
  const x = [[1, 2, 3]];

  // forward pass
  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    const y = tf.add(tf.matmul(x, w), b);
    return tf.reduceMean(tf.pow(y, 2));
  });

  // apply backpropagation
  const [dlDw, dlDb] = tape.gradient(loss, [w, b]);
  print(dlDw);
  print(dlDb);
}

{
  const layer = new tf.layers.Dense(2, { activation: "relu" });
  const x = tf.constant([[1, 2, 3]]);

  const tape = new tf.GradientTape();
  const loss = tape.record(() => {
    // Forward pass
    const y = layer.apply(x);
    return tf.reduceMean(tf.pow(y, 2));
  });

  // Calculate gradients with respect to every trainable variable
  const grad = tape.gradient(loss, layer.trainableVariables);

  // so our trainable variables are from our layer: its kernel and bias
  for (const [v, g] of tf.zip(layer.trainableVariables, grad)) {
    print(`${v.name}, shape: (${g!.shape.join(", ")}${g!.rank === 1 ? "," : ""})`);
  }
}

{
  // A trainable variable
  const x0 = new tf.Variable(3.0, { name: "x0" });
  // Not trainable
  const x1 = new tf.Variable(3.0, { name: "x1", trainable: false });
  // Not a Variable: A variable + tensor returns a tensor.
  const x2 = tf.add(new tf.Variable(2.0, { name: "x2" }), 1.0);
  // Not a variable
  const x3 = tf.constant(3.0);

  const tape = new tf.GradientTape();
  const y = tape.record(() => tf.add(tf.add(tf.pow(x0, 2), tf.pow(x1, 2)), tf.pow(x2, 2)));

  const grad = tape.gradient(y, [x0, x1, x2, x3]);

  // The tape only computed a gradient for x0, since it is a trainable Variable, watched automatically;
  // gradient returns null where no gradient is computed
  for (const g of grad) {
    print(g);
  }
}

{
  // to record gradients with respect to a tensor you need to use watch
  const x = tf.constant(3.0);
  const tape = new tf.GradientTape();
  const y = tape.record(() => {
    tape.watch(x);
    return tf.pow(x, 2);
  });

  // dy = 2x * dx
  const dyDx = tape.gradient(y, x)!;
  print(numpy(dyDx));
}
