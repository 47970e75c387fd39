// The allocator over Wasm linear memory. Blocks are 16-byte aligned and carry a 16-byte header
// holding their size class, so `free(ptr)` needs no size. Freed blocks go to a free list per size
// class (four classes per power of two, so at most 25% is wasted) and are reused first; new blocks
// come from a bump pointer that grows the memory when it reaches the end.
// Header words: size class, requested bytes, and a state tag derived from the block's own address
// (live or free), so that a double free or a pointer the allocator never handed out is refused
// instead of corrupting a free list. Offsets are read with `>>>`: blocks may sit above 2 GiB.

const PAGE = 65536;
const HEADER = 16;
const MAX_BYTES = 65536 * PAGE; // wasm32 limit: 4 GiB
const LIVE = 0x6a09e667;
const FREED = 0x3c6ef372;

let memory: WebAssembly.Memory | null = null;
let top = 0;
let base = 0;
/** Byte offset of the static args block for strided kernels (64 i32 slots). */
export let ARGS = 0;

export let U8 = new Uint8Array(0);
export let I32 = new Int32Array(0);
export let F32 = new Float32Array(0);
export let F64 = new Float64Array(0);

const freeLists: number[][] = [];
const classSizes: number[] = [];
let liveBlocks = 0;
let liveBytes = 0;
let requestedBytes = 0;

export function attachMemory(mem: WebAssembly.Memory, heapBase: number, argsPtr: number): void {
  memory = mem;
  base = align16(heapBase);
  top = base;
  ARGS = argsPtr;
  refreshViews();
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Size class of a request: 16-byte steps up to 256 bytes, then four classes per power of two. */
function classOf(bytes: number): number {
  if (bytes <= 256) return bytes <= 16 ? 0 : (bytes - 1) >>> 4;
  const log = 31 - Math.clz32(bytes - 1); // 2^log < bytes <= 2^(log+1)
  const quarter = Math.ceil((bytes - 2 ** log) / 2 ** (log - 2)); // 1..4
  return 16 + (log - 8) * 4 + quarter - 1;
}

function sizeOfClass(cls: number): number {
  let size = classSizes[cls];
  if (size === undefined) {
    if (cls < 16) size = (cls + 1) * 16;
    else {
      const log = 8 + ((cls - 16) >> 2);
      size = 2 ** log + (((cls - 16) & 3) + 1) * 2 ** (log - 2);
    }
    classSizes[cls] = size;
  }
  return size;
}

/** Allocates `bytes` (may be 0) and returns a 16-byte aligned pointer. */
export function alloc(bytes: number): number {
  const cls = classOf(bytes);
  const list = freeLists[cls];
  let ptr: number;
  if (list !== undefined && list.length > 0) {
    ptr = list.pop()!;
  } else {
    const size = sizeOfClass(cls);
    ptr = top + HEADER;
    const end = ptr + size;
    if (end > MAX_BYTES) {
      throw new RangeError(
        `gradtape: cannot allocate ${bytes} bytes: WebAssembly memory is limited to 4 GiB and ` +
          `${(top / 2 ** 20).toFixed(1)} MiB are already in use; use smaller tensors or dispose unused ones`,
      );
    }
    ensureCapacity(end, bytes);
    top = end;
    I32[(ptr - HEADER) >>> 2] = cls;
  }
  I32[(ptr - HEADER + 4) >>> 2] = bytes;
  I32[(ptr - HEADER + 8) >>> 2] = ptr ^ LIVE;
  liveBlocks++;
  liveBytes += sizeOfClass(cls);
  requestedBytes += bytes;
  return ptr;
}

/** Returns a block from `alloc` to its free list; throws, changing nothing, on any other pointer. */
export function free(ptr: number): void {
  const tagAt = (ptr - HEADER + 8) >>> 2;
  const startOfBlock = ptr >= base + HEADER && ptr < top && (ptr & 15) === 0 && ptr === ptr >>> 0;
  if (!startOfBlock || I32[tagAt] !== (ptr ^ LIVE)) {
    throw new Error(refusedFree(ptr, tagAt));
  }
  const cls = I32[(ptr - HEADER) >>> 2];
  I32[tagAt] = ptr ^ FREED;
  (freeLists[cls] ??= []).push(ptr);
  liveBlocks--;
  liveBytes -= sizeOfClass(cls);
  requestedBytes -= I32[(ptr - HEADER + 4) >>> 2];
}

function refusedFree(ptr: number, tagAt: number): string {
  const inHeap = Number.isInteger(ptr) && ptr >= base + HEADER && ptr < top;
  const what =
    inHeap && (ptr & 15) === 0 && I32[tagAt] === (ptr ^ FREED)
      ? "it was already freed (a double free)"
      : "the allocator did not hand it out (it is not the start of a live block)";
  return (
    `gradtape: heap free(${String(ptr)}) refused: ${what}; the heap is unchanged. ` +
    "Free each block once, with the pointer alloc returned"
  );
}

function ensureCapacity(end: number, requested: number): void {
  const mem = memoryOrThrow();
  const have = mem.buffer.byteLength;
  if (end <= have) return;
  // Grow by at least half again, so that a growing workload does few (view-detaching) grows.
  const wantBytes = Math.min(MAX_BYTES, Math.max(end, Math.floor(have * 1.5)));
  const pages = Math.ceil((wantBytes - have) / PAGE);
  const minPages = Math.ceil((end - have) / PAGE);
  try {
    mem.grow(pages);
  } catch {
    try {
      mem.grow(minPages);
    } catch {
      throw new RangeError(
        `gradtape: cannot allocate ${requested} bytes: the runtime refused to grow WebAssembly memory ` +
          `beyond ${(have / 2 ** 20).toFixed(1)} MiB; use smaller tensors or dispose unused ones`,
      );
    }
  }
  refreshViews();
}

function memoryOrThrow(): WebAssembly.Memory {
  if (memory === null) {
    throw new Error(
      'gradtape: the Wasm engine is not initialized; import "gradtape", or call `await init(source)` from "gradtape/core" first',
    );
  }
  return memory;
}

/** Growth detaches every view of the old buffer; make new ones. */
function refreshViews(): void {
  const buffer = memoryOrThrow().buffer;
  U8 = new Uint8Array(buffer);
  I32 = new Int32Array(buffer);
  F32 = new Float32Array(buffer);
  F64 = new Float64Array(buffer);
}

export interface HeapStats {
  /** Blocks handed out and not yet freed. */
  liveBlocks: number;
  /** Bytes in those blocks (rounded up to their size class). */
  liveBytes: number;
  /** Bytes asked for by the live blocks. */
  requestedBytes: number;
  /** Highest address the heap has reached: the high-water mark. */
  heapTop: number;
  /** Current size of the Wasm memory. */
  wasmBytes: number;
}

export function heapStats(): HeapStats {
  return { liveBlocks, liveBytes, requestedBytes, heapTop: top - base, wasmBytes: memory === null ? 0 : memory.buffer.byteLength };
}
