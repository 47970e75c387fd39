// Who frees a tensor's memory. A tensor belongs to the innermost tf.tidy scope that is open when it
// is created; outside any scope, a FinalizationRegistry frees it once it is garbage collected.
// dispose() frees at once. (The training-loop lifetime, tied to tapes, builds on this.)
import { free, heapStats } from "./engine/heap.js";
import type { Tensor } from "./tensor.js";

const scopes: Tensor[][] = [];
const kept = new WeakSet<Tensor>();
let liveTensors = 0;

// Workers with a compatibility date before 2025-05-05 lack FinalizationRegistry: there only
// dispose() and tidy() free memory.
const collected: Pick<FinalizationRegistry<number>, "register" | "unregister"> =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((ptr) => {
        free(ptr);
        liveTensors--;
      })
    : { register() {}, unregister: () => false };

/** @internal Called once for every new tensor. */
export function adopt(t: Tensor): void {
  liveTensors++;
  collected.register(t, t.ptr, t);
  const scope = scopes[scopes.length - 1];
  if (scope !== undefined) scope.push(t);
}

/** @internal Frees a live tensor's memory and records why, for the use-after-free error. */
export function release(t: Tensor, because: string): void {
  collected.unregister(t);
  free(t.ptr);
  t.freedBecause = because;
  liveTensors--;
}

/**
 * Runs `fn` and frees every tensor created inside it, except the tensors it returns (a tensor, or
 * an array or object holding tensors) and those passed to `tf.keep`.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("tidy: expected a function to run");
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const keep = new Set<Tensor>();
  collectTensors(result, keep, 0);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (t.freedBecause !== null) continue;
    if (keep.has(t) || kept.has(t)) {
      if (parent !== undefined && !kept.has(t)) parent.push(t);
    } else {
      release(t, "freed when the tf.tidy that created it returned");
    }
  }
  return result;
}

function collectTensors(value: unknown, into: Set<Tensor>, depth: number): void {
  if (value === null || typeof value !== "object" || depth > 8) return;
  if (isTensor(value)) {
    into.add(value);
    return;
  }
  const items = Array.isArray(value) ? value : Object.values(value as object);
  for (const v of items) collectTensors(v, into, depth + 1);
}

function isTensor(value: object): value is Tensor {
  return "freedBecause" in value && "ptr" in value && "dtype" in value;
}

/** Keeps `t` alive beyond the tf.tidy scope it was created in. */
export function keep<T extends Tensor>(t: T): T {
  kept.add(t);
  return t;
}

export interface MemoryInfo {
  /** Tensors not yet freed (including unreachable ones the garbage collector has not reached yet). */
  numTensors: number;
  /** Bytes of their values (and of any scratch space in use). */
  numBytes: number;
  /** Size of the Wasm linear memory. */
  wasmBytes: number;
  /** Bytes the allocator has handed out and not yet taken back (size-class rounded). */
  heapLiveBytes: number;
  /** High-water mark of the heap. */
  heapTopBytes: number;
}

export function memory(): MemoryInfo {
  const heap = heapStats();
  return {
    numTensors: liveTensors,
    numBytes: heap.requestedBytes,
    wasmBytes: heap.wasmBytes,
    heapLiveBytes: heap.liveBytes,
    heapTopBytes: heap.heapTop,
  };
}
