// A 100,000-step soak of the seed Adam loop (examples/seeds/002), written as the seed writes it: a new
// tape per step, no dispose, tidy or keep. After warm-up, the heap's high-water mark and the number of
// live tensors stay exactly where they were; the variable prints what the seed prints.
import { expect, it } from "vitest";
import * as tf from "../../src/index.js";

const STEPS = 100_000;
const WARMUP = 1_000;
const SAMPLE_EVERY = 5_000;

it(`the seed Adam loop on w**2 - 10w + 25 runs ${STEPS} steps in flat memory`, () => {
  const w = new tf.Variable(0, { dtype: "float32" });
  const optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
  const singleTrainLoop = (): void => {
    const tape = new tf.GradientTape();
    const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
    const grads = tape.gradient(cost, [w]);
    optimizer.applyGradients(tf.zip(grads, [w]));
  };
  let warm: tf.MemoryInfo | null = null;
  const samples: { step: number; heapTopBytes: number; numTensors: number }[] = [];
  for (let i = 1; i <= STEPS; i++) {
    singleTrainLoop();
    // The seed prints w after one step and then after 1000 more.
    if (i === 1) expect(String(w)).toContain("numpy=0.09999931>");
    if (i === 1 + 1000) expect(String(w)).toContain("numpy=5.000001>");
    if (i === WARMUP) warm = tf.memory();
    if (i > WARMUP && i % SAMPLE_EVERY === 0) {
      const { heapTopBytes, numTensors } = tf.memory();
      samples.push({ step: i, heapTopBytes, numTensors });
    }
  }
  expect(samples).toHaveLength(STEPS / SAMPLE_EVERY);
  expect(samples).toEqual(samples.map(({ step }) => ({ step, heapTopBytes: warm!.heapTopBytes, numTensors: warm!.numTensors })));
  expect(String(w)).toContain("numpy=5.0>");
});
