// A short tour of gradtape's tensors and ops: `npm start`.
import * as tf from "../src/index.js";

function show(title: string, value: unknown): void {
  console.log(`\n${title}`);
  console.log(String(value));
}

console.log("gradtape: tensors in WebAssembly memory, kernels in Wasm SIMD\n");

const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
show("x = tf.constant([[1, 2, 3], [4, 5, 6]])", x);
show("x.mul(2).add(1)", x.mul(2).add(1));
show("tf.reduceSum(x, 1)", tf.reduceSum(x, 1));
show("tf.reduceMean(x)", tf.reduceMean(x));
show("tf.transpose(x)", tf.transpose(x));
show("tf.matmul(x, x, { transposeB: true })", tf.matmul(x, x, { transposeB: true }));
show("tf.softmax(tf.constant([1, 2, 3]))", tf.softmax(tf.constant([1, 2, 3])));
show("tf.argMax(x, 1)", tf.argMax(x, 1));
show("tf.where(tf.greater(x, 3), x, tf.zerosLike(x))", tf.where(tf.greater(x, 3), x, tf.zerosLike(x)));
show("tf.oneHot([0, 2, 1], 3)", tf.oneHot([0, 2, 1], 3));
show("float64: tf.exp(tf.constant([0, 1, 2], 'float64'))", tf.exp(tf.constant([0, 1, 2], "float64")));
show("tf.random.normal([2, 3], { seed: 42 })", tf.random.normal([2, 3], { seed: 42 }));

// GradientTape, as in TensorFlow: a trainable variable is watched when read inside record.
const w = new tf.Variable(3.0);
const tape = new tf.GradientTape();
const y = tape.record(() => tf.mul(w, w));
console.log(`\nd(w*w)/dw at w = 3: ${tape.gradient(y, w)!.item()}`);
const v = new tf.Variable(1.0);
const outer = new tf.GradientTape();
const dy = outer.record(() => {
  const inner = new tf.GradientTape();
  const cube = inner.record(() => tf.mul(tf.mul(v, v), v));
  return inner.gradient(cube, v)!;
});
console.log(`d2(v^3)/dv2 at v = 1 (nested tapes): ${outer.gradient(dy, v)!.item()}`);

// Gradient descent on w**2 - 10w + 25, no dispose or tidy: memory stays bounded.
const u = new tf.Variable(0.0);
for (let step = 0; step < 2000; step++) {
  const t = new tf.GradientTape();
  const cost = t.record(() => tf.add(tf.sub(tf.pow(u, 2), tf.mul(10, u)), 25));
  u.assignSub(tf.mul(t.gradient(cost, u)!, 0.01));
}
console.log(`w after 2000 steps of gradient descent on w**2 - 10w + 25: ${u.item().toFixed(4)} (minimum at 5)`);

// Bad input gets a clear error, and the engine keeps working.
for (const [what, run] of [
  ["tf.add of [2,3] and [4]", () => tf.add(x, tf.ones([4]))],
  ["tf.matmul of [2,3] and [2,3]", () => tf.matmul(x, x)],
  ["a tensor used after dispose()", () => {
    const t = tf.ones([2]);
    t.dispose();
    return t.add(1);
  }],
] as const) {
  try {
    run();
  } catch (err) {
    console.log(`\n${what} throws:\n  ${(err as Error).message}`);
  }
}

// A bigger product, timed.
const n = 512;
const a = tf.random.normal([n, n], { seed: 1 });
const b = tf.random.normal([n, n], { seed: 2 });
tf.matmul(a, b).dispose();
const reps = 10;
const started = performance.now();
for (let i = 0; i < reps; i++) tf.matmul(a, b).dispose();
const ms = (performance.now() - started) / reps;
console.log(`\nmatmul ${n}x${n}x${n}: ${ms.toFixed(2)} ms, ${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`);
console.log(`memory: ${JSON.stringify(tf.memory())}`);
