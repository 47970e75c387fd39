// `npm start`: the seed scripts, translated line by line, then a real training run on MNIST.
import { trainMnist } from "./mnist/train.js";

const seeds: [string, () => Promise<unknown>][] = [
  ["000: a training step, and the gradient of w * w", () => import("./seeds/000-gradient-of-w-squared.js")],
  ["001: gradients of w and b", () => import("./seeds/001-gradients-of-w-and-b.js")],
  ["002: Adam on w**2 - 10w + 25", () => import("./seeds/002-adam-on-a-quadratic.js")],
  ["003: what the tape records", () => import("./seeds/003-what-the-tape-records.js")],
  ["004: gradients of a model", () => import("./seeds/004-gradients-of-a-model.js")],
];

for (const [title, run] of seeds) {
  console.log(`\n=== seed ${title} (examples/seeds)`);
  await run();
}

console.log("\n=== MNIST: a 784-128-10 classifier, Adam, a custom GradientTape loop (examples/mnist)");
const result = trainMnist({ epochs: 10 });
if (result.testAccuracy < 0.92) {
  console.error(`MNIST test accuracy ${(100 * result.testAccuracy).toFixed(2)}% is below 92%`);
  process.exitCode = 1;
}
