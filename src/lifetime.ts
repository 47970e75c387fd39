// Who frees a tensor's memory, so that a training loop written with no dispose, tidy or keep runs in
// bounded memory (JavaScript's garbage collector cannot help: FinalizationRegistry callbacks run only
// when the event loop turns, which a synchronous loop never does).
// - A tensor created inside a tf.tidy scope is freed when the scope returns (unless returned or kept).
// - Before any GradientTape has recorded, other tensors are left to a FinalizationRegistry.
// - Once training runs, every new top-level tape that starts recording begins a training step, and
//   the other tensors belong to the steps: at the start of step k+1, a tensor is freed unless an op
//   used it during step k outside the tapes (the next batch, values the optimizer reads), or it is
//   older than step k and the tapes read it during step k (a constant every step uses). So whatever
//   a step computes inside its tape lives until the next step starts, data prepared between steps
//   lives through the step that uses it, and a tensor that ops keep using lives on. tf.keep and
//   Variables take a tensor out of all this.
// dispose() frees at once.
import { free, heapStats } from "./engine/heap.js";
import type { Tensor } from "./tensor.js";

const scopes: Tensor[][] = [];
const kept = new WeakSet<Tensor>();
/** Tensors the FinalizationRegistry will free (the untracked ones and the kept ones). */
const registered = new WeakSet<Tensor>();
let liveTensors = 0;
let liveUntracked = 0;

/** Tensors owned by the training steps; null until the first top-level tape records. */
let owned: Tensor[] | null = null;
/**
 * The step clock: 2 * step + 1 while no tape records or computes gradients, 2 * step while one does.
 * Ops stamp their inputs with it (tensor.lastUse), which decides what the next step frees.
 */
export let clock = 1;
let computingGradients = 0;
let stepsHeld = 0;
let steps = 0;
let untrackedAtLastCheck = 0;
let trackedSinceCheck = 0;
let growingChecks = 0;
let leakWarned = false;

// Workers with a compatibility date before 2025-05-05 lack FinalizationRegistry: there only
// dispose(), tidy() and training steps free memory.
const collected: Pick<FinalizationRegistry<number>, "register" | "unregister"> =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((ptr) => {
        free(ptr);
        liveTensors--;
        liveUntracked--;
      })
    : { register() {}, unregister: () => false };

/** @internal Called once for every new tensor. */
export function adopt(t: Tensor): void {
  liveTensors++;
  t.lastUse = clock;
  t.bornInStep = steps;
  const scope = scopes[scopes.length - 1];
  if (scope !== undefined) scope.push(t);
  else if (owned !== null) owned.push(t);
  else track(t);
}

/** Hands `t` to the FinalizationRegistry. */
function track(t: Tensor): void {
  if (registered.has(t)) return;
  registered.add(t);
  liveUntracked++;
  collected.register(t, t.ptr, t);
  if (++trackedSinceCheck === 10_000) checkUntrackedGrowth();
}

/** @internal Frees a live tensor's memory and records why, for the use-after-free error. */
export function release(t: Tensor, because: string): void {
  if (registered.has(t)) {
    collected.unregister(t);
    registered.delete(t);
    liveUntracked--;
  }
  free(t.ptr);
  t.freedBecause = because;
  liveTensors--;
}

/**
 * @internal A new training step begins (a new top-level tape starts recording): the tensors that no
 * op used outside the tapes during the step that ends are freed.
 */
export function beginStep(): void {
  if (stepsHeld > 0) return;
  const survivors: Tensor[] = [];
  if (owned !== null) {
    const inTapes = 2 * steps;
    for (let i = 0; i < owned.length; i++) {
      const t = owned[i];
      if (t.freedBecause !== null || kept.has(t)) continue;
      // Used outside the tapes this step, or an older tensor the tapes still read.
      if (t.lastUse > inTapes || (t.lastUse === inTapes && t.bornInStep < steps)) survivors.push(t);
      else release(t, "freed when a new training step began (a new top-level GradientTape started recording)");
    }
  }
  owned = survivors;
  steps++;
  clock = 2 * steps + 1;
}

/** @internal Runs `fn` in the current step: tapes it records on are internal and begin no step. */
export function withinStep<T>(fn: () => T): T {
  stepsHeld++;
  try {
    return fn();
  } finally {
    stepsHeld--;
  }
}

/** @internal Tapes call this whenever one starts or stops recording. */
export function setTapesActive(active: boolean): void {
  clock = 2 * steps + (active || computingGradients > 0 ? 0 : 1);
}

/**
 * @internal Runs a gradient computation outside any tape: temporaries are freed at once, and the
 * gradients count as used outside the tapes, so they outlive the start of the next step.
 */
export function computeGradients(fn: () => (Tensor | null)[]): (Tensor | null)[] {
  computingGradients++;
  setTapesActive(true);
  let grads: (Tensor | null)[];
  try {
    grads = tidy(fn);
  } finally {
    computingGradients--;
    setTapesActive(false);
  }
  const used = scratchList();
  collectTensors(grads, used, 0);
  for (let i = 0; i < used.length; i++) used[i].lastUse = clock;
  used.length = 0;
  return grads;
}

/** Warns once when untracked tensors have kept growing over the last checks (every 10,000 new ones). */
function checkUntrackedGrowth(): void {
  trackedSinceCheck = 0;
  if (leakWarned) return;
  growingChecks = liveUntracked > untrackedAtLastCheck + 5_000 ? growingChecks + 1 : 0;
  untrackedAtLastCheck = liveUntracked;
  if (growingChecks >= 3) {
    leakWarned = true;
    console.warn(
      `gradtape: ${liveUntracked} tensors created outside any GradientTape or tf.tidy are still alive, and their ` +
        `number keeps growing. JavaScript frees them only when the event loop turns, which a synchronous loop ` +
        `never does. Wrap the loop body in tf.tidy(...), run it inside tape.record(...), or call dispose() on them.`,
    );
  }
}

/**
 * Runs `fn` and frees every tensor created inside it, except the tensors it returns (a tensor, or
 * an array or object holding tensors), those passed to `tf.keep`, and those a tape saved for its
 * backward pass (a tidy inside `tape.record`), which live on as the step's tensors do.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("tidy: expected a function to run");
  const scope: Tensor[] = [];
  const result = inScope(scope, fn, "freed when the tf.tidy that created it threw");
  const returned = scratchList();
  collectTensors(result, returned, 0);
  // Most results are a tensor or a few: a scan of them is cheaper than building a Set.
  const keep = returned.length > 8 ? new Set(returned) : null;
  const parent = scopes[scopes.length - 1];
  for (let i = 0; i < scope.length; i++) {
    const t = scope[i];
    if (t.freedBecause !== null || kept.has(t)) continue;
    const stays = t.savedByTapes > 0 || (keep === null ? returned.includes(t) : keep.has(t));
    if (stays) handOn(t, parent);
    else release(t, "freed when the tf.tidy that created it returned");
  }
  returned.length = 0;
  return result;
}

/**
 * @internal Runs a composite op (a layer, a metric): if it throws, every tensor created inside
 * (arguments converted from plain values, temporaries) is freed, so a rejected call leaves nothing
 * behind; if it returns, they live on as if no scope had been there.
 */
export function freedIfThrows<T>(fn: () => T): T {
  const scope: Tensor[] = [];
  const result = inScope(scope, fn, "freed when the op that created it threw");
  const parent = scopes[scopes.length - 1];
  for (let i = 0; i < scope.length; i++) {
    const t = scope[i];
    if (t.freedBecause === null && !kept.has(t)) handOn(t, parent);
  }
  return result;
}

/** Runs `fn` with new tensors going to `scope`; if it throws, they are freed `because`. */
function inScope<T>(scope: Tensor[], fn: () => T, because: string): T {
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    for (const t of scope) {
      if (t.freedBecause === null && !kept.has(t)) release(t, because);
    }
    throw err;
  }
  scopes.pop();
  return result;
}

/** Gives a tensor that outlives its scope to whoever would have owned it without the scope. */
function handOn(t: Tensor, parent: Tensor[] | undefined): void {
  if (parent !== undefined) parent.push(t);
  else if (owned !== null) owned.push(t);
  else track(t);
}

/**
 * The one list that tidy and computeGradients fill and empty again before returning (nothing they
 * call in between starts another tidy), so they allocate none. A fresh one if it is in use.
 */
const scratch: Tensor[] = [];
function scratchList(): Tensor[] {
  return scratch.length === 0 ? scratch : [];
}

/** Appends the tensors `value` holds to `into` (a tensor reached twice may appear twice). */
function collectTensors(value: unknown, into: Tensor[], depth: number): void {
  if (value === null || typeof value !== "object" || depth > 8) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectTensors(value[i], into, depth + 1);
    return;
  }
  if (isTensor(value)) {
    into.push(value);
    // A tensor may hold others (IndexedSlices holds its values and indices): they stay too. A plain
    // tensor's other fields are numbers, strings and its shape, so there is nothing else to look at.
    const holder = value as { values?: unknown; indices?: unknown };
    if (holder.values !== undefined) collectTensors(holder.values, into, depth + 1);
    if (holder.indices !== undefined) collectTensors(holder.indices, into, depth + 1);
    return;
  }
  const items = Object.values(value as object);
  for (let i = 0; i < items.length; i++) collectTensors(items[i], into, depth + 1);
}

function isTensor(value: object): value is Tensor {
  return "freedBecause" in value && "ptr" in value && "dtype" in value;
}

/**
 * @internal A kept tensor that is no longer needed but may still be saved on a tape (a variable's
 * previous values): it is freed with the next step's tensors, or by the garbage collector.
 */
export function retire(t: Tensor): void {
  kept.delete(t);
  t.lastUse = clock;
  if (owned !== null) owned.push(t);
}

/** Keeps `t` alive beyond the tf.tidy scope it was created in. */
export function keep<T extends Tensor>(t: T): T {
  if (typeof t !== "object" || t === null || !isTensor(t)) {
    throw new TypeError(`keep: expected a Tensor to keep, got ${t === null ? "null" : typeof t}`);
  }
  // A freed tensor's block may already belong to another tensor: registering it would free it twice.
  t.assertAlive("keep");
  kept.add(t);
  track(t);
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
  /** Live tensors that only the garbage collector will free (created outside tapes and tf.tidy, or kept). */
  numUntrackedTensors: number;
  /** Live tensors owned by the training steps (freed by a later step unless ops keep using them). */
  numStepTensors: number;
}

export function memory(): MemoryInfo {
  const heap = heapStats();
  return {
    numTensors: liveTensors,
    numBytes: heap.requestedBytes,
    wasmBytes: heap.wasmBytes,
    heapLiveBytes: heap.liveBytes,
    heapTopBytes: heap.heapTop,
    numUntrackedTensors: liveUntracked,
    numStepTensors: owned === null ? 0 : owned.reduce((n, t) => (t.freedBecause === null ? n + 1 : n), 0),
  };
}
