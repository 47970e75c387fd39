// Training workloads: whole steps (forward, backward, Adam update) of MLP classifiers, and the seed's
// scalar Adam loop, written in each library the way its users write them.
import { loadMnist } from "../examples/mnist/data.js";
import type { Engine, MlpSpec, TrainingRun } from "./engine.js";
import { lazy, uniform } from "./values.js";
import type { Workload } from "./workloads.js";

const lossSteps = 3;

/** The run whose peak memory bench/process.ts reports (in a child process per engine). */
export const memoryRun = { sizes: [784, 512, 512, 10], batch: 128, steps: 20 };

/** ms per training step of an MLP with `sizes` on a batch of `batch` examples. */
export function mlpStep(sizes: number[], batch: number): Workload {
  const spec = lazy(() => mlpSpec(sizes, batch));
  return {
    name: `MLP ${sizes.join("-")} b${batch} Adam step`,
    unit: "ms/step",
    higherIsBetter: false,
    op: "train",
    // The losses of the first steps. The first agrees to float32 rounding (2e-7); the later ones
    // differ by up to 1e-3 because tfjs's Adam adds epsilon to sqrt(v / (1 - beta2^t)) and Keras's to
    // sqrt(v), so the two take slightly different steps where gradients are tiny.
    atol: 1e-4,
    rtol: 1e-3,
    score: (ms) => ms,
    prepare(engine) {
      const run = engine.mlpTraining(spec());
      return {
        run: () => run.step(),
        output: () => firstLosses(run),
        dispose: () => run.dispose(),
      };
    },
  };
}

/**
 * Seconds per epoch of MNIST as examples/mnist trains it: 784-128-10 (relu), Adam 0.001, batches of 64
 * sliced in order from the 8,000 training digits (125 steps), the loss read once at the end.
 */
export function mnistEpoch(): Workload {
  const batch = 64;
  const spec = lazy((): MlpSpec => {
    const { train } = loadMnist();
    const { weights, learningRate } = mlpSpec([784, 128, 10], batch);
    return { sizes: [784, 128, 10], batch, weights, images: train.images, labels: train.labels, learningRate };
  });
  return {
    name: "MNIST epoch (125 steps of b64)",
    unit: "s/epoch",
    higherIsBetter: false,
    op: "train",
    atol: 1e-4,
    rtol: 1e-3,
    score: (ms) => ms / 1000,
    prepare(engine) {
      const { labels, batch: size } = spec();
      const steps = Math.floor(labels.length / size);
      const run = engine.mlpTraining(spec());
      return {
        run() {
          for (let i = 0; i < steps; i++) run.step();
          run.loss();
        },
        output: () => firstLosses(run),
        dispose: () => run.dispose(),
      };
    },
  };
}

/** The losses of the next `lossSteps` steps, for the agreement check. */
function firstLosses(run: TrainingRun): Float32Array {
  const losses = new Float32Array(lossSteps);
  for (let i = 0; i < lossSteps; i++) {
    run.step();
    losses[i] = run.loss();
  }
  return losses;
}

/** µs per step of the seed's Adam loop (1,000 steps from w = 0). */
export function seedAdamLoop(): Workload {
  const steps = 1000;
  return {
    name: "seed Adam loop, 1000 steps",
    unit: "µs/step",
    higherIsBetter: false,
    op: "train",
    atol: 1e-5,
    rtol: 0,
    score: (ms) => (ms * 1000) / steps,
    prepare<T>(engine: Engine<T>) {
      return {
        run: () => void engine.seedAdamLoop(steps),
        output: () => Float32Array.of(engine.seedAdamLoop(steps)),
        dispose() {},
      };
    },
  };
}

/** Glorot-uniform kernels, zero biases, inputs in [0, 1) like grey levels, labels cycling over the classes. */
export function mlpSpec(sizes: number[], batch: number): MlpSpec {
  const weights: Float32Array[] = [];
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const [fanIn, fanOut] = [sizes[layer], sizes[layer + 1]];
    weights.push(uniform(fanIn * fanOut, 100 + layer, Math.sqrt(6 / (fanIn + fanOut))), new Float32Array(fanOut));
  }
  const images = uniform(batch * sizes[0], 7).map((v) => (v + 1) / 2);
  const classes = sizes[sizes.length - 1];
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  return { sizes, batch, weights, images, labels, learningRate: 0.001 };
}
