import * as tf from "../../src/index.js";

/** Runs `step` n times; returns the heap's high-water mark after `warmup` steps and at the end. */
export function highWater(n: number, warmup: number, step: (i: number) => void): { early: number; late: number } {
  let early = 0;
  for (let i = 0; i < n; i++) {
    step(i);
    if (i === warmup) early = tf.memory().heapTopBytes;
  }
  return { early, late: tf.memory().heapTopBytes };
}
