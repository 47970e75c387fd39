// The allocator against a shadow model: random sequences of alloc (sizes 0 to 1 MiB, size-class
// boundaries included), free, and allocations big enough to grow the Wasm memory. After every step:
// blocks are 16-byte aligned, no block overlaps another block or its header, the bytes written into
// every live block survive, heapStats() counts what the model holds, and an alloc of a size just freed
// reuses a freed block without raising the heap top. At the end everything is freed and nothing leaks.
// fast-check seed 20261206, 60 runs of up to 120 steps.
import fc from "fast-check";
import { expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { alloc, free, heapStats, U8 } from "../../src/engine/heap.js";

const SEED = 20261206;
const RUNS = 60;
const MAX_STEPS = 120;
const MAX_GROW_BYTES = 8 * 2 ** 20;
/** Bytes checked at each end of a block; small blocks are checked whole. */
const EDGE = 64;

type Step = { kind: "alloc"; bytes: number } | { kind: "free"; pick: number } | { kind: "grow" };

const boundary = fc.constantFrom(0, 1, 15, 16, 17, 255, 256, 257, 320, 321, 511, 512, 513, 4096, 65535, 65536, 65537);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.oneof(boundary, fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 2 ** 20 })).map((bytes) => ({ kind: "alloc" as const, bytes })) },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: "free" as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: "grow" as const }) },
);

interface Block {
  ptr: number;
  bytes: number;
  mark: number;
}

/** The byte the model expects at offset `i` of a block marked `mark`. */
const patternAt = (mark: number, i: number): number => (mark * 31 + i * 7) & 255;

function offsetsOf(bytes: number): number[] {
  if (bytes <= 2 * EDGE) return Array.from({ length: bytes }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), ...Array.from({ length: EDGE }, (_, i) => bytes - EDGE + i)];
}

function fill(block: Block): void {
  for (const i of offsetsOf(block.bytes)) U8[block.ptr + i] = patternAt(block.mark, i);
}

function expectIntact(block: Block): void {
  for (const i of offsetsOf(block.bytes)) {
    if (U8[block.ptr + i] !== patternAt(block.mark, i)) {
      throw new Error(`block ${block.ptr} (${block.bytes} bytes) changed at offset ${i}`);
    }
  }
}

function expectModel(live: Block[], baseline: ReturnType<typeof heapStats>): void {
  const stats = heapStats();
  expect(stats.liveBlocks - baseline.liveBlocks).toBe(live.length);
  expect(stats.requestedBytes - baseline.requestedBytes).toBe(live.reduce((n, b) => n + b.bytes, 0));
  const sorted = [...live].sort((a, b) => a.ptr - b.ptr);
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i];
    expect(b.ptr % 16).toBe(0);
    // a block's bytes end before the next block's 16-byte header begins
    if (i + 1 < sorted.length) expect(b.ptr + b.bytes).toBeLessThanOrEqual(sorted[i + 1].ptr - 16);
    expectIntact(b);
  }
}

it(`the allocator agrees with a shadow model over ${RUNS} random runs of up to ${MAX_STEPS} steps`, () => {
  let mark = 0;
  let grows = 0;
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: MAX_STEPS, size: "max" }), (steps) => {
      const baseline = heapStats();
      const live: Block[] = [];
      const freed = new Map<number, number>(); // pointer -> bytes, freed in this run and not reused
      const take = (bytes: number): void => {
        const { heapTop: topBefore, wasmBytes } = heapStats();
        const ptr = alloc(bytes);
        if (heapStats().wasmBytes > wasmBytes) grows++;
        const reusable = [...freed.values()].includes(bytes);
        if (reusable) {
          expect(freed.has(ptr)).toBe(true);
          expect(heapStats().heapTop).toBe(topBefore);
        }
        freed.delete(ptr);
        const block = { ptr, bytes, mark: ++mark };
        fill(block);
        live.push(block);
      };
      for (const s of steps) {
        if (s.kind === "alloc") take(s.bytes);
        else if (s.kind === "grow") {
          const { heapTop, wasmBytes } = heapStats();
          const beyondTheEnd = wasmBytes - heapTop + 65536;
          take(beyondTheEnd <= MAX_GROW_BYTES ? beyondTheEnd : MAX_GROW_BYTES);
        } else if (live.length > 0) {
          const [block] = live.splice(s.pick % live.length, 1);
          free(block.ptr);
          freed.set(block.ptr, block.bytes);
        }
        expectModel(live, baseline);
      }
      for (const block of live.splice(0)) free(block.ptr);
      expectModel(live, baseline);
      expect(heapStats().liveBytes).toBe(baseline.liveBytes);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  expect(grows).toBeGreaterThan(0);
  expect(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])).array()).toEqual([[11]]);
});
