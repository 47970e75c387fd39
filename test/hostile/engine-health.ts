// After any thrown error the engine must still compute correctly and account for its memory.
import { expect } from "vitest";
import * as tf from "../../src/index.js";

/** A small matmul plus broadcast add, checked against hand values, and tf.memory() consistency. */
export function expectEngineHealthy(): void {
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => tf.add(tf.matmul(tf.tensor([[1, 2], [3, 4]]), tf.tensor([[5], [6]])), tf.tensor([0.5])));
  expect(Array.from(out.data())).toEqual([17.5, 39.5]);
  out.dispose();
  const m = tf.memory();
  expect(m.numTensors).toBe(before);
  expect(m.numBytes).toBeGreaterThanOrEqual(0);
  expect(m.numBytes).toBeLessThanOrEqual(m.wasmBytes);
  expect(m.heapLiveBytes).toBeLessThanOrEqual(m.heapTopBytes);
}

/** Messages of JavaScript's own errors: an argument reached code that never checked it. */
export const RAW_MESSAGES = [
  /Cannot read propert/,
  /Cannot set propert/,
  /is not a function/,
  /is not iterable/,
  /is not a constructor/,
  /Invalid typed array length/,
  /Invalid array length/,
  /Array buffer allocation failed/,
  /offset is out of bounds/,
  /Maximum call stack/,
  /Cannot convert/,
  /Cannot mix BigInt/,
  /Do not know how to serialize/,
  /circular structure/,
  /memory access out of bounds/,
  /unreachable/,
];

/**
 * Why `err` is not a clear gradtape error for a call of `names[0]` (or one of its aliases), or null
 * if it is one: an Error (not a Wasm trap) whose message names the function and is not JavaScript's own.
 */
export function unclearError(err: unknown, names: readonly string[]): string | null {
  if (!(err instanceof Error)) return `threw a non-Error ${String(err)}`;
  if (err instanceof WebAssembly.RuntimeError) return `Wasm trap: ${err.message}`;
  const message = err.message;
  if (!names.some((n) => message.includes(n))) return `message does not name ${names.join(" or ")}: ${message}`;
  const raw = RAW_MESSAGES.find((r) => r.test(message));
  // Our own messages start with "op: " and may quote a word of JavaScript's (zip's "is not iterable").
  if (raw !== undefined && !/^[\w.#'() ]+: /.test(message)) return `JavaScript's own ${err.name}: ${message}`;
  return null;
}
