// `node scripts/run-ts.mjs examples/worker/train-checkpoint.ts [out]` (from the repository root):
// trains the MNIST classifier of examples/mnist for a few epochs and writes the checkpoint the Worker
// serves: the model's and the Adam optimizer's weights, as one safetensors file (by default
// examples/worker/build/model.safetensors).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as tf from "../../src/index.js";
import { trainMnist } from "../mnist/train.js";

const out = process.argv[2] ?? "examples/worker/build/model.safetensors";
const epochs = 5;

const { model, optimizer, testAccuracy, seconds } = trainMnist({ epochs, verbose: false });
const bytes = tf.io.encodeCheckpoint(
  { model, optimizer },
  { architecture: "784-128(relu)-10", epochs: String(epochs), testAccuracy: testAccuracy.toFixed(4) },
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(
  `trained ${epochs} epochs in ${seconds.toFixed(1)}s (test accuracy ${(100 * testAccuracy).toFixed(2)}%, ` +
    `${optimizer.iterations.item()} steps); wrote ${out} (${(bytes.length / 1024).toFixed(0)} KiB)`,
);
