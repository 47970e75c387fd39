// gradtape in Deno: the seeds' Adam loop, a classifier trained on two interleaved spirals, and a
// checkpoint written to a temporary file and restored into a newly built model.
//   deno run --allow-read --allow-write main.ts
import * as tf from "gradtape";

// The repository also type-checks this file with tsc, which knows Node's globals but not Deno's.
// Deno has its own (complete) types for these two; this declaration only narrows them.
declare const Deno: {
  makeTempDir(options?: { prefix?: string }): Promise<string>;
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
};

// 1. Adam minimizes w**2 - 10w + 25, whose minimum is at w = 5.
const w = new tf.Variable(0, { dtype: "float32" });
const adam = new tf.optimizers.Adam({ learningRate: 0.1 });
function adamStep(): void {
  const tape = new tf.GradientTape();
  const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
  const grads = tape.gradient(cost, [w]);
  adam.applyGradients(tf.zip(grads, [w]));
}
adamStep();
console.log(`after 1 step: ${w}`);
for (let i = 0; i < 1000; i++) adamStep();
console.log(`after 1001 steps: ${w}`);

// 2. Two spirals: the points of class 0 and class 1 wind around each other twice. A small MLP
// learns to tell them apart; the test points lie between the training points on the same arms.
const train = spirals(200, 0, 1);
const test = spirals(200, 0.5, 2);

function buildModel(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  return new tf.Sequential([
    new tf.layers.Dense(32, { activation: "relu", kernelInitializer: init(0) }),
    new tf.layers.Dense(32, { activation: "relu", kernelInitializer: init(1) }),
    new tf.layers.Dense(1, { kernelInitializer: init(2) }),
  ]);
}

const model = buildModel(42);
const optimizer = new tf.optimizers.Adam({ learningRate: 0.01 });
const lossFn = tf.losses.binaryCrossentropy({ fromLogits: true });
// The model outputs logits: a logit above 0 is a probability above 0.5, i.e. class 1.
const accuracyOf = (labels: tf.Tensor, logits: tf.Tensor): number =>
  tf.reduceMean(tf.metrics.binaryAccuracy(labels, logits, { threshold: 0 })).item();

const steps = 500;
const started = performance.now();
for (let step = 1; step <= steps; step++) {
  const tape = new tf.GradientTape();
  const [logits, loss] = tape.record(() => {
    const logits = model.apply(train.x, { training: true });
    return [logits, lossFn(train.y, logits)];
  });
  const grads = tape.gradient(loss, model.trainableVariables);
  optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
  if (step % 100 === 0) {
    console.log(`step ${step}/${steps}: loss ${loss.item().toFixed(4)}, training accuracy ${(100 * accuracyOf(train.y, logits)).toFixed(1)}%`);
  }
}
const seconds = (performance.now() - started) / 1000;
const testLogits = model.apply(test.x);
console.log(`trained in ${seconds.toFixed(1)}s; test accuracy ${(100 * accuracyOf(test.y, testLogits)).toFixed(1)}% on ${test.count} points`);

// 3. A checkpoint of the model and its optimizer in a file, restored into newly built objects
// (a different seed, so only the checkpoint can make them agree).
const dir = await Deno.makeTempDir({ prefix: "gradtape-" });
const file = `${dir}/spirals.safetensors`;
try {
  await tf.io.saveCheckpoint(file, { model, optimizer }, { steps: String(steps) });
  const restored = buildModel(7);
  restored.build([null, 2]);
  const restoredOptimizer = new tf.optimizers.Adam({ learningRate: 0.01 });
  const metadata = await tf.io.loadCheckpoint(file, { model: restored, optimizer: restoredOptimizer });
  console.log(`saved and loaded ${file} (metadata ${JSON.stringify(metadata)}, optimizer at step ${restoredOptimizer.iterations.item()})`);
  const difference = tf.reduceMax(tf.abs(tf.sub(restored.apply(test.x), testLogits))).item();
  console.log(`restored model: test accuracy ${(100 * accuracyOf(test.y, restored.apply(test.x))).toFixed(1)}%, ` +
    `largest difference from the trained model's outputs ${difference}`);
} finally {
  await Deno.remove(dir, { recursive: true });
}

/**
 * `perClass` points on each of two spiral arms, at positions (k + offset) / perClass along the arm,
 * with a little noise from a seeded generator.
 */
function spirals(perClass: number, offset: number, seed: number): { x: tf.Tensor; y: tf.Tensor; count: number } {
  const random = mulberry32(seed);
  const count = 2 * perClass;
  const points = new Float32Array(2 * count);
  const labels = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const t = (Math.floor(i / 2) + offset + 1) / (perClass + 1);
    const angle = 4 * Math.PI * t + label * Math.PI;
    points[2 * i] = t * Math.cos(angle) + 0.02 * (random() - 0.5);
    points[2 * i + 1] = t * Math.sin(angle) + 0.02 * (random() - 0.5);
    labels[i] = label;
  }
  // Kept: data that outlives a training step must be kept (step temporaries are freed automatically).
  return { x: tf.keep(tf.tensor(points, [count, 2])), y: tf.keep(tf.tensor(labels, [count, 1])), count };
}

/** A small seeded generator of floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
