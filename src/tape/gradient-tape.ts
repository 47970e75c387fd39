// tf.GradientTape: records ops on watched tensors and variables, then computes gradients.
// Semantics follow TensorFlow's eager tape (tensorflow/python/eager/backprop.py).
import { type TensorInput, toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { beginStep, computeGradients, setTapesActive } from "../lifetime.js";
import { add } from "../ops/binary.js";
import { onesLike, zerosLike } from "../ops/create.js";
import { checkOptionsObject, describe, formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { backprop } from "./backprop.js";
import { activeTapes, type RecordingTape, type TapeNode } from "./recorder.js";
import { batchJacobian, jacobian, type JacobianOptions } from "./jacobian.js";
import { flatten, type Gradients, type Source, type Sources, tensorOf, unflatten } from "./structure.js";
import { warnOnce } from "./warn.js";

export interface GradientTapeOptions {
  persistent?: boolean;
  watchAccessedVariables?: boolean;
}

export type UnconnectedGradients = "none" | "zero";

/** One gradient per target, in the targets' structure; `null` (or a missing entry) means ones. */
export type OutputGradients = TensorInput | null | undefined | readonly OutputGradients[] | { readonly [name: string]: OutputGradients };

export interface GradientOptions {
  /** Gradients of the targets to start from (ones by default), in the targets' structure. */
  outputGradients?: OutputGradients;
  unconnectedGradients?: UnconnectedGradients;
}

export class GradientTape implements RecordingTape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  private nodes: TapeNode[] = [];
  /** Ids of tensors connected to what the tape watches: the watched ones and outputs of kept nodes. */
  private connected = new Set<number>();
  private variables: Variable[] = [];
  /** The tensors each watched variable has held while this tape watched it (assign may replace it). */
  private variableIds = new Map<Variable, number[]>();
  /**
   * For each variable tensor, the number of nodes recorded before the tape watched it. Reads of a
   * variable share one tensor, so without this a node recorded before the watch (connected through
   * another input) would send the variable gradient; in TensorFlow each read is a new tensor and
   * only reads after the watch count.
   */
  private watchedFrom = new Map<number, number>();
  private recording = false;
  /** A non-persistent tape that has computed its gradients; recording again starts a fresh tape. */
  private consumed = false;
  /** Whether this tape has recorded since it was made or reset: its first record may begin a step. */
  private started = false;

  constructor(options: GradientTapeOptions = {}) {
    checkOptionsObject(options, "GradientTape");
    this.persistent = options.persistent ?? false;
    this.watchAccessedVariables = options.watchAccessedVariables ?? true;
  }

  /** Runs `fn` with this tape recording (Python's `with tape:`) and returns what it returns. */
  record<T>(fn: () => T): T {
    if (typeof fn !== "function") throw new TypeError("GradientTape.record: expected a function to run");
    if (this.recording) {
      throw new Error(
        "Tape is still recording, This can happen if you try to re-enter an already-active tape. " +
          "(GradientTape.record was called inside the same tape's record)",
      );
    }
    if (this.consumed) this.reset();
    // A new top-level tape starts a new training step, which frees the previous step's tensors.
    if (!this.started && activeTapes.length === 0) beginStep();
    this.started = true;
    this.recording = true;
    activeTapes.push(this);
    setTapesActive(true);
    try {
      return fn();
    } finally {
      this.pop();
    }
  }

  /** Runs `fn` with this tape paused. */
  stopRecording<T>(fn: () => T): T {
    if (!this.recording) {
      throw new Error("GradientTape.stopRecording: Trying to stop recording a tape which is not recording.");
    }
    this.pop();
    try {
      return fn();
    } finally {
      this.recording = true;
      activeTapes.push(this);
      setTapesActive(true);
    }
  }

  /** Forgets everything recorded and watched so far, as a new tape would. */
  reset(): void {
    this.release();
    // release() keeps the watched variables connected for a tape's next use; a reset forgets them too.
    this.connected.clear();
    this.variables = [];
    this.variableIds = new Map();
    this.consumed = false;
    this.started = false;
  }

  /** Watches a tensor or variable, or every one in an array or object of them (nested to any depth). */
  watch(x: Sources): void {
    if (x instanceof Variable) this.watchVariable(x, true);
    else if (x instanceof Tensor) {
      x.assertAlive("GradientTape.watch");
      if (!isFloat(x.dtype)) {
        warnOnce(
          `watch-dtype-${x.dtype}`,
          `GradientTape.watch: The dtype of the watched tensor must be floating (e.g. tf.float32), got ${x.dtype}; ` +
            `gradients with respect to it will be null`,
        );
        return;
      }
      this.connected.add(x.id);
    } else if (Array.isArray(x)) for (const item of x) this.watch(item as Sources);
    else if (isPlainObject(x)) for (const item of Object.values(x)) this.watch(item);
    else {
      const type = x === null ? "null" : typeof x === "object" ? ((x as object).constructor?.name ?? "object") : typeof x;
      throw new TypeError(`GradientTape.watch: Passed in object of type ${type}, not tf.Tensor or tf.Variable`);
    }
  }

  /** Variables watched so far, in the order they were created (as TensorFlow lists them). */
  watchedVariables(): Variable[] {
    return this.variables.slice().sort((a, b) => a.creationOrder - b.creationOrder);
  }

  /**
   * Gradients of `target` (summed if not scalar, or several targets summed) with respect to
   * `sources`, in the structure of `sources`.
   */
  gradient<S extends Sources>(target: Sources, sources: S, options: GradientOptions = {}): Gradients<S> {
    checkOptionsObject(options, "GradientTape.gradient");
    const unconnected = options.unconnectedGradients ?? "none";
    if (unconnected !== "none" && unconnected !== "zero") {
      throw new Error(`GradientTape.gradient: Unknown value for unconnected_gradients: '${String(unconnected)}'; use "none" or "zero"`);
    }
    if (this.consumed) {
      throw new Error(
        "GradientTape.gradient: A non-persistent GradientTape can only be used to compute one set of gradients " +
          "(or jacobians); create the tape with { persistent: true } to call gradient more than once",
      );
    }
    const targets = flatten(target, "target", "GradientTape.gradient") as Tensor[];
    for (let i = 0; i < targets.length; i++) targets[i] = tensorOf(targets[i]);
    const sourceList = flatten(sources, "sources", "GradientTape.gradient");
    for (let i = 0; i < targets.length; i++) targets[i].assertAlive("GradientTape.gradient");
    const seedsGiven: (Tensor | null)[] = [];
    if (options.outputGradients != null) seedsFor(target, options.outputGradients, "outputGradients", seedsGiven);
    if (this.recording) {
      if (this.persistent) {
        warnOnce(
          "gradient-in-context",
          "Calling GradientTape.gradient on a persistent tape inside its context is significantly less efficient " +
            "than calling it outside the context (it causes the gradient ops to be recorded on the tape, leading to " +
            "increased CPU and memory usage). Only call GradientTape.gradient inside the context if you actually " +
            "want to trace the gradient in order to compute higher order derivatives.",
        );
      } else this.pop();
    }

    const compute = (): (Tensor | null)[] => this.computeGradients(targets, seedsGiven, sourceList, unconnected);
    // With no tape recording the backward pass, its temporaries can go as soon as it is done.
    const flat = activeTapes.length === 0 ? computeGradients(compute) : compute();
    if (!this.persistent) {
      // As in TensorFlow, the watched variables stay listed after the recording is released.
      this.release();
      this.consumed = true;
    }
    return unflatten(sources, flat) as Gradients<S>;
  }

  private computeGradients(
    targets: readonly Tensor[],
    seedsGiven: readonly (Tensor | null)[],
    sourceList: readonly Source[],
    unconnected: UnconnectedGradients,
  ): (Tensor | null)[] {
    const seeds: Tensor[] = new Array(targets.length);
    for (let i = 0; i < targets.length; i++) seeds[i] = seedsGiven[i] ?? onesLike(targets[i]);
    const grads = backprop(this.nodes, targets, seeds, this.connected, this.watchedFrom);
    const out: (Tensor | null)[] = new Array(sourceList.length);
    for (let i = 0; i < sourceList.length; i++) {
      const s = sourceList[i];
      const source = tensorOf(s);
      // Gradients only flow through float dtypes: an int or bool source is never connected.
      const g = isFloat(source.dtype) ? this.gradientOf(s, grads) : undefined;
      out[i] = g !== undefined ? g : unconnected === "zero" ? zerosLike(source) : null;
    }
    return out;
  }

  /** Full Jacobian of `target` with respect to each source: shape target.shape ++ source.shape. */
  jacobian<S extends Sources>(target: Source, sources: S, options: JacobianOptions = {}): Gradients<S> {
    return jacobian(this, target, sources, options);
  }

  /** Per-example Jacobians of a batched target: shape [batch, ...target.shape[1:], ...source.shape[1:]]. */
  batchJacobian(target: Source, source: Source, options: JacobianOptions = {}): Tensor {
    return batchJacobian(this, target, source, options);
  }

  /** @internal Called by the recorder for every op while this tape is active. */
  offer(node: TapeNode): void {
    if (!isFloat(node.output.dtype)) return;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      if (this.connected.has(inputs[i].id)) {
        this.nodes.push(node);
        this.connected.add(node.output.id);
        for (let j = 0; j < inputs.length; j++) inputs[j].savedByTapes++;
        return;
      }
    }
  }

  /** @internal Called when an op reads a variable while this tape is active. */
  variableRead(v: Variable): void {
    // A watched variable stays watched after an assign moves it to a new tensor.
    if ((this.watchAccessedVariables && v.trainable) || this.variableIds.has(v)) this.watchVariable(v, false);
  }

  /**
   * Like TensorFlow, an int or bool variable is listed as watched but never connected: only an
   * explicit `watch` of one warns.
   */
  /** A variable's gradient sums over every tensor it held while watched (an assign can replace it). */
  private gradientOf(s: Source, grads: Map<number, Tensor>): Tensor | undefined {
    const ids = s instanceof Variable ? this.variableIds.get(s) : undefined;
    if (ids === undefined) return grads.get(tensorOf(s).id);
    if (ids.length === 1) return grads.get(ids[0]);
    let sum: Tensor | undefined;
    for (const id of ids) {
      const g = grads.get(id);
      if (g !== undefined) sum = sum === undefined ? g : add(sum, g);
    }
    return sum;
  }

  private watchVariable(v: Variable, explicit: boolean): void {
    const float = isFloat(v.dtype);
    if (!float && explicit) {
      warnOnce(
        `watch-dtype-${v.dtype}`,
        `GradientTape.watch: The dtype of the watched tensor must be floating (e.g. tf.float32), got ${v.dtype}; ` +
          `gradients with respect to variable '${v.name}' will be null`,
      );
    }
    let ids = this.variableIds.get(v);
    if (ids === undefined) {
      ids = [];
      this.variableIds.set(v, ids);
      this.variables.push(v);
    }
    if (float && !ids.includes(v.tensor.id)) {
      ids.push(v.tensor.id);
      this.connected.add(v.tensor.id);
      if (this.nodes.length > 0) this.watchedFrom.set(v.tensor.id, this.nodes.length);
    }
  }

  /** Drops the recorded nodes (and what they connect); the list of watched variables stays. */
  private release(): void {
    const nodes = this.nodes;
    for (let n = 0; n < nodes.length; n++) {
      const inputs = nodes[n].inputs;
      for (let i = 0; i < inputs.length; i++) inputs[i].savedByTapes--;
    }
    this.nodes = [];
    this.connected.clear();
    this.watchedFrom.clear();
    const variables = this.variables;
    for (let i = 0; i < variables.length; i++) if (isFloat(variables[i].dtype)) this.connected.add(variables[i].tensor.id);
  }

  private pop(): void {
    if (!this.recording) return;
    this.recording = false;
    if (activeTapes[activeTapes.length - 1] === this) activeTapes.pop();
    else {
      const at = activeTapes.lastIndexOf(this);
      if (at >= 0) activeTapes.splice(at, 1);
    }
    setTapesActive(activeTapes.length > 0);
  }
}

/**
 * The output gradients, one per target in `flatten` order, walking the targets' structure (so plain
 * numbers and nested number arrays are values, not structure). A missing entry is null (ones).
 */
function isPlainObject(x: unknown): x is Record<string, Sources> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function seedsFor(target: Sources, given: unknown, where: string, out: (Tensor | null)[]): void {
  if (target instanceof Tensor || target instanceof Variable) {
    const t = tensorOf(target);
    if (given === null || given === undefined) {
      out.push(null);
      return;
    }
    const seed = toTensor(given as TensorInput, "GradientTape.gradient", where, t.dtype);
    if (seed.dtype !== t.dtype) {
      throw new TypeError(
        `GradientTape.gradient: ${where} is ${seed.dtype} but its target is ${t.dtype}; cast it with tf.cast(g, "${t.dtype}")`,
      );
    }
    if (seed.shape.length !== t.shape.length || seed.shape.some((d, j) => d !== t.shape[j])) {
      throw new Error(
        `GradientTape.gradient: ${where} has shape ${formatShape(seed.shape)} but its target has shape ` +
          `${formatShape(t.shape)}; they must match`,
      );
    }
    out.push(seed);
    return;
  }
  if (Array.isArray(target)) {
    if (!Array.isArray(given) || given.length !== target.length) {
      throw new Error(
        `GradientTape.gradient: ${where} must be an array of ${target.length} gradients, one per target; got ${describe(given)}` +
          (Array.isArray(given) ? ` of length ${given.length}` : ""),
      );
    }
    target.forEach((t, i) => seedsFor(t as Sources, given[i], `${where}[${i}]`, out));
    return;
  }
  if (typeof given !== "object" || given === null || Array.isArray(given) || given instanceof Tensor) {
    throw new Error(`GradientTape.gradient: ${where} must be an object with the targets' keys; got ${describe(given)}`);
  }
  for (const [k, t] of Object.entries(target)) seedsFor(t as Sources, (given as Record<string, unknown>)[k], `${where}.${k}`, out);
}
