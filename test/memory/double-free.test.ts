// The allocator refuses to free a block twice, or a pointer it never handed out, and leaves its free
// lists as they were: afterwards no block is handed out twice and the engine still computes.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { alloc, free, heapStats, U8 } from "../../src/engine/heap.js";

/** After a refused free: fresh blocks are distinct and a computation is still right. */
function expectHeapHealthy(): void {
  const blocks = Array.from({ length: 8 }, () => alloc(48));
  expect(new Set(blocks).size).toBe(blocks.length);
  for (const p of blocks) free(p);
  expect(tf.add(tf.constant([1, 2, 3]), tf.constant([10, 20, 30])).array()).toEqual([11, 22, 33]);
}

describe("heap free", () => {
  it("a double free throws, and the block is not handed out twice", () => {
    const p = alloc(48);
    free(p);
    const before = heapStats();
    expect(() => free(p)).toThrow(/free\(\d+\) refused: it was already freed \(a double free\); the heap is unchanged/);
    expect(heapStats()).toEqual(before);
    const a = alloc(48);
    const b = alloc(48);
    expect(a).not.toBe(b);
    free(a);
    free(b);
    expectHeapHealthy();
  });

  const live = (): number => alloc(256);
  const cases: [string, (block: number) => number][] = [
    ["a pointer inside a live block", (block) => block + 16],
    ["an unaligned pointer", (block) => block + 4],
    ["a pointer below the heap", () => 16],
    ["zero", () => 0],
    ["a pointer past the heap top", () => heapStats().heapTop + 1_000_000 * 16],
    ["a negative number", () => -16],
    ["NaN", () => Number.NaN],
    ["a fraction", (block) => block + 0.5],
  ];
  it.each(cases)("freeing %s throws and leaves the heap as it was", (_name, pointer) => {
    const block = live();
    const before = heapStats();
    expect(() => free(pointer(block))).toThrow(/refused: the allocator did not hand it out.*the heap is unchanged/);
    expect(heapStats()).toEqual(before);
    free(block);
    expectHeapHealthy();
  });

  it("a block whose data looks like a header elsewhere is still not free-able there", () => {
    // Copy a live block's 16-byte header into the middle of another block: its state tag is tied
    // to the address it was written for, so the forged header does not pass.
    const donor = alloc(64);
    const host = alloc(256);
    U8.copyWithin(host + 64, donor - 16, donor);
    const before = heapStats();
    expect(() => free(host + 80)).toThrow(/refused: the allocator did not hand it out/);
    expect(heapStats()).toEqual(before);
    free(donor);
    free(host);
    expectHeapHealthy();
  });
});
