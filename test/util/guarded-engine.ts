// Runs the engine on build/gradtape.guarded.wasm (scripts/build-guarded-wasm.mjs), whose every memory
// access calls a hook here. A kernel call may touch only the heap blocks passed to it, or memory below
// the heap base (static data and the args block); anything else throws an Error naming the kernel,
// the access and the blocks it was given, and is recorded in `violations`.
//
// A kernel argument gives it a block if it points into a live heap block (the header's state tag
// says live): ops pass interior pointers (a slice's first element, one batch of a matmul, a concat
// part's place in the output), so the kernel may touch that whole block, not just the part meant.
// Args-block slots count too (strided kernels read from there). A block's extent is its requested
// byte count (header word 1), the strict choice: touching the size class' slack past the tensor's
// end is reported too.
// Node only: reads the .wasm from build/.
import { readFileSync } from "node:fs";
import { ARGS, heapStats, I32 } from "../../src/engine/heap.js";
import { type Kernel, useKernelInstance } from "../../src/engine/wasm.js";

const HEADER = 16;
/** heap.ts' tag of a live block (header word 2 is the block's address xor this). */
const LIVE = 0x6a09e667;
const ARGS_SLOTS = 64;

export interface Block {
  start: number;
  end: number;
}

export interface GuardState {
  /** Violations so far (each also thrown from the kernel call that made it). */
  violations: string[];
  /** Hook calls per hook name, counted while kernels ran. */
  hookCalls: Map<string, number>;
  /** Kernel calls per kernel name. */
  kernelCalls: Map<string, number>;
}

const guardedPath = new URL("../../build/gradtape.guarded.wasm", import.meta.url);

let kernel = "";
let blocks: Block[] = [];
let heapBase = 0;
let copyDest = 0;
let copySource = 0;
let fillDest = 0;

export const guard: GuardState = { violations: [], hookCalls: new Map(), kernelCalls: new Map() };

/** Instantiates the guarded kernels and makes the engine use them from now on. */
export function installGuardedEngine(): void {
  const module = new WebAssembly.Module(readFileSync(guardedPath));
  const instance = new WebAssembly.Instance(module, { env: hooks(module) });
  const exports = instance.exports as Record<string, unknown>;
  heapBase = ((exports.heapBase as Kernel)() + 15) & ~15;
  useKernelInstance(exports, (name, run) => (...args: number[]) => {
    guard.kernelCalls.set(name, (guard.kernelCalls.get(name) ?? 0) + 1);
    kernel = name;
    blocks = blocksOf(args);
    try {
      return run(...args);
    } finally {
      kernel = "";
      blocks = [];
    }
  });
}

/** The live heap blocks that a call's arguments, or the args block's slots, point into. */
function blocksOf(args: number[]): Block[] {
  const found: Block[] = [];
  const consider = (p: number): void => {
    const start = blockStartAt(p);
    if (start === -1 || found.some((b) => b.start === start)) return;
    found.push({ start, end: start + (I32[((start - HEADER) >>> 2) + 1] >>> 0) });
  };
  args.forEach(consider);
  for (let i = 0; i < ARGS_SLOTS; i++) consider(I32[(ARGS >>> 2) + i] >>> 0);
  return found;
}

/** Start of every block handed out so far, ascending: blocks lie back to back from the heap base. */
const starts: number[] = [];
let walkedTo = 0;

/** The start of the live block whose requested bytes hold `p` (or end at it), else -1. */
function blockStartAt(p: number): number {
  if (!Number.isInteger(p) || p < heapBase + HEADER) return -1;
  const top = heapBase + heapStats().heapTop;
  if (walkedTo < heapBase) walkedTo = heapBase;
  while (walkedTo < top) {
    const start = walkedTo + HEADER;
    starts.push(start);
    walkedTo = start + sizeOfClass(I32[(start - HEADER) >>> 2]);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= p) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo];
  if (start === undefined || start > p) return -1;
  const header = (start - HEADER) >>> 2;
  const live = I32[header + 2] === (start ^ LIVE);
  return live && p <= start + (I32[header + 1] >>> 0) ? start : -1;
}

/** heap.ts' usable bytes of size class `cls`: 16-byte steps, then four classes per power of two. */
function sizeOfClass(cls: number): number {
  if (cls < 16) return (cls + 1) * 16;
  const log = 8 + ((cls - 16) >> 2);
  return 2 ** log + (((cls - 16) & 3) + 1) * 2 ** (log - 2);
}

function check(access: string, address: number, bytes: number): void {
  const end = address + bytes;
  if (bytes === 0 || end <= heapBase) return;
  for (const b of blocks) if (address >= b.start && end <= b.end) return;
  const given = blocks.map((b) => `[${b.start}, ${b.end})`).join(", ") || "none";
  const message =
    `guarded kernel ${kernel || "(outside a kernel call)"}: ${access} of ${bytes} bytes at [${address}, ${end}) ` +
    `is outside the blocks it was given: ${given} (heap base ${heapBase})`;
  guard.violations.push(message);
  throw new Error(message);
}

function count(name: string): void {
  guard.hookCalls.set(name, (guard.hookCalls.get(name) ?? 0) + 1);
}

/** Every function the guarded module imports: pointer hooks check, value hooks pass values through. */
function hooks(module: WebAssembly.Module): Record<string, (...args: never[]) => unknown> {
  const env: Record<string, (...args: never[]) => unknown> = {};
  // Value hooks get (id, value); pointer hooks (id, bytes, offset, address) are set below.
  for (const { name } of WebAssembly.Module.imports(module)) env[name] = (_id: number, value: unknown) => value;
  env.memory_grow_pre = (_id: number, delta: number) => delta;
  env.memory_grow_post = (_id: number, result: number) => result;
  env.load_ptr = (_id: number, bytes: number, offset: number, address: number) => {
    count("load_ptr");
    check("load", (address >>> 0) + (offset >>> 0), bytes);
    return address;
  };
  env.store_ptr = (_id: number, bytes: number, offset: number, address: number) => {
    count("store_ptr");
    check("store", (address >>> 0) + (offset >>> 0), bytes);
    return address;
  };
  env.copy_dest = (address: number) => ((copyDest = address >>> 0), address);
  env.copy_source = (address: number) => ((copySource = address >>> 0), address);
  env.copy_size = (bytes: number) => {
    count("copy_size");
    check("memory.copy read", copySource, bytes >>> 0);
    check("memory.copy write", copyDest, bytes >>> 0);
    return bytes;
  };
  env.fill_dest = (address: number) => ((fillDest = address >>> 0), address);
  env.fill_size = (bytes: number) => {
    count("fill_size");
    check("memory.fill", fillDest, bytes >>> 0);
    return bytes;
  };
  return env;
}
