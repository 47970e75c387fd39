// Metric state changes happen outside the differentiable computation: no tape, accumulator or
// custom-gradient watcher may record them, and their temporaries are freed at once, since a training
// loop calls them between steps with no tf.tidy around.
import { tidy } from "../lifetime.js";
import { activeTapes } from "../tape/recorder.js";

/**
 * Runs `fn` with every active tape paused (the same array is restored afterwards, as the recorder
 * may be iterating over it) and frees the tensors it creates, except what it returns.
 */
export function untracked<T>(fn: () => T): T {
  if (activeTapes.length === 0) return tidy(fn);
  const paused = activeTapes.splice(0);
  try {
    return tidy(fn);
  } finally {
    activeTapes.push(...paused);
  }
}
