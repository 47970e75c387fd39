// Inputs the workloads share: seeded values, built once, and reading a result back.
import type { Engine } from "./engine.js";

export function readAndDispose<T>(engine: Engine<T>, t: T): Float32Array {
  const values = engine.read(t);
  engine.dispose(t);
  return values;
}

export function lazy<V>(make: () => V): () => V {
  let value: V | undefined;
  return () => (value ??= make());
}

/** `count` values uniform in [-scale, scale), the same on every run (mulberry32 seeded with `seed`). */
export function uniform(count: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    const unit = ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    out[i] = (2 * unit - 1) * scale;
  }
  return out;
}
