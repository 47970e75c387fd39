// Tensors created outside tapes and tf.tidy, before any training step, are left to the garbage
// collector; when they keep piling up (as in a synchronous loop) one warning names the fix.
import { expect, it, vi } from "vitest";
import * as tf from "../../src/index.js";

it("warns once, naming tf.tidy, when untracked tensors keep growing", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const held: tf.Tensor[] = [];
  for (let i = 0; i < 35_000; i++) held.push(tf.add(tf.constant(i), 1));
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0][0])).toMatch(/tensors created outside any GradientTape or tf\.tidy.*tf\.tidy\(/);
  for (let i = 0; i < 35_000; i++) held.push(tf.add(tf.constant(i), 1));
  expect(warn).toHaveBeenCalledTimes(1);
  expect(tf.memory().numUntrackedTensors).toBeGreaterThanOrEqual(held.length);
  warn.mockRestore();
});
