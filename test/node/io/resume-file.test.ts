// Resuming from a checkpoint file written by saveCheckpoint: training continues exactly as if it had
// not stopped, and a second save replaces the first atomically.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import * as tf from "../../../src/index.js";
import { trainingRun } from "../../io/training-run.js";

const dir = mkdtempSync(join(tmpdir(), "gradtape-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("Adam: save after 4 steps, save again after 6, load into a fresh model and optimizer, train to 10", async () => {
  const adam = () => new tf.optimizers.Adam({ learningRate: 0.01 });
  const straight = trainingRun(adam(), 1);
  straight.train(10);

  const path = join(dir, "model.safetensors");
  const first = trainingRun(adam(), 1);
  first.train(4);
  await tf.io.saveCheckpoint(path, { model: first.model, optimizer: first.optimizer });
  first.train(2);
  await tf.io.saveCheckpoint(path, { model: first.model, optimizer: first.optimizer }, { step: "6" });
  expect(readdirSync(dir)).toEqual(["model.safetensors"]);

  const resumed = trainingRun(adam(), 42);
  resumed.model.build([null, 4]);
  expect(await tf.io.loadCheckpoint(path, { model: resumed.model, optimizer: resumed.optimizer })).toEqual({ step: "6" });
  expect(resumed.optimizer.iterations.item()).toBe(6);
  resumed.train(4);

  const actual = resumed.model.getWeights().map((w) => Array.from(w.data()));
  const expected = straight.model.getWeights().map((w) => Array.from(w.data()));
  expect(actual).toEqual(expected);
});
