// Child process for kill-during-save.test.ts: saves variants first, first+1, ... to the checkpoint at
// argv[2] without end, printing "saving k" before and "saved k <ms>" after each save, until killed.
import * as tf from "../../../src/index.js";
import { buildTrainable, setVariant } from "./save-variants.js";

const [path, firstArg] = process.argv.slice(2);
const first = Number(firstArg);
const trainable = buildTrainable();
const objects = { model: trainable.model, optimizer: trainable.optimizer };
for (let k = first; ; k++) {
  setVariant(trainable, k);
  process.stdout.write(`saving ${k}\n`);
  const start = performance.now();
  await tf.io.saveCheckpoint(path, objects, { variant: String(k) });
  process.stdout.write(`saved ${k} ${(performance.now() - start).toFixed(2)}\n`);
}
