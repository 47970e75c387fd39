// The MNIST example: a custom GradientTape loop on the real digits reaches at least 92% test accuracy,
// with a heap high-water mark that stops growing (no dispose, tidy or keep in the loop).
import { expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { loadMnist } from "../../examples/mnist/data.js";
import { trainMnist } from "../../examples/mnist/train.js";

it("the data: 8,000 training and 2,000 test digits, every class in both, grey levels in [0, 1]", () => {
  const { train, test } = loadMnist();
  expect([train.count, test.count]).toEqual([8000, 2000]);
  for (const digits of [train, test]) {
    expect(new Set(digits.labels).size).toBe(10);
    expect(digits.images.every((v) => v >= 0 && v <= 1)).toBe(true);
  }
});

it("10 epochs reach >= 92% test accuracy; the heap stops growing after the second epoch", () => {
  const heapTops: number[] = [];
  const losses: number[] = [];
  const result = trainMnist({
    verbose: false,
    onEpoch: (_epoch, loss) => {
      losses.push(loss);
      heapTops.push(tf.memory().heapTopBytes);
    },
  });
  expect(result.testAccuracy).toBeGreaterThanOrEqual(0.92);
  expect(losses[9]).toBeLessThan(losses[0] / 3);
  // An epoch's shuffled copy of the data (25 MB) lives until the next epoch's second step, so two
  // copies meet once; from the third epoch on, the heap has all it needs.
  expect(new Set(heapTops.slice(2)).size).toBe(1);
}, 120_000);
