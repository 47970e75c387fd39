// tf.GradientTape: records ops on watched tensors and variables, then computes gradients.
// Semantics follow TensorFlow's eager tape (tensorflow/python/eager/backprop.py).
import { isFloat } from "../dtype.js";
import { beginStep, computeGradients, setTapesActive } from "../lifetime.js";
import { onesLike, zerosLike } from "../ops/create.js";
import { formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { backprop } from "./backprop.js";
import { activeTapes, type RecordingTape, type TapeNode } from "./recorder.js";
import { flatten, type Gradients, type Source, type Sources, tensorOf, unflatten } from "./structure.js";
import { warnOnce } from "./warn.js";

export interface GradientTapeOptions {
  persistent?: boolean;
  watchAccessedVariables?: boolean;
}

export type UnconnectedGradients = "none" | "zero";

export interface GradientOptions<T extends Sources = Sources> {
  /** Gradients of the targets to start from (ones by default), in the targets' structure. */
  outputGradients?: T extends Source ? Tensor : readonly Tensor[] | { readonly [name: string]: Tensor };
  unconnectedGradients?: UnconnectedGradients;
}

export class GradientTape implements RecordingTape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  private nodes: TapeNode[] = [];
  /** Ids of tensors connected to what the tape watches: the watched ones and outputs of kept nodes. */
  private connected = new Set<number>();
  private variables: Variable[] = [];
  private recording = false;
  private used = false;
  private started = false;

  constructor(options: GradientTapeOptions = {}) {
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

  /** Forgets everything recorded and watched so far. */
  reset(): void {
    this.nodes = [];
    this.connected = new Set();
    this.variables = [];
  }

  /** Watches a tensor or variable (or an array of them) so gradients can be taken with respect to it. */
  watch(x: Source | readonly Source[]): void {
    const items = Array.isArray(x) ? x : [x];
    for (const item of items) {
      if (item instanceof Variable) this.watchVariable(item);
      else if (item instanceof Tensor) {
        item.assertAlive("GradientTape.watch");
        if (!isFloat(item.dtype)) {
          warnOnce(
            `watch-dtype-${item.dtype}`,
            `GradientTape.watch: The dtype of the watched tensor must be floating (e.g. tf.float32), got ${item.dtype}; ` +
              `gradients with respect to it will be null`,
          );
          continue;
        }
        this.connected.add(item.id);
      } else {
        const type = item === null ? "null" : typeof item === "object" ? item.constructor?.name : typeof item;
        throw new TypeError(`GradientTape.watch: Passed in object of type ${type}, not tf.Tensor or tf.Variable`);
      }
    }
  }

  /** Variables watched so far, in order of first access. */
  watchedVariables(): Variable[] {
    return this.variables.slice();
  }

  /**
   * Gradients of `target` (summed if not scalar, or several targets summed) with respect to
   * `sources`, in the structure of `sources`.
   */
  gradient<S extends Sources>(target: Sources, sources: S, options: GradientOptions = {}): Gradients<S> {
    const unconnected = options.unconnectedGradients ?? "none";
    if (unconnected !== "none" && unconnected !== "zero") {
      throw new Error(`GradientTape.gradient: Unknown value for unconnected_gradients: ${String(unconnected)}; use "none" or "zero"`);
    }
    if (this.used && !this.persistent) {
      throw new Error(
        "GradientTape.gradient: A non-persistent GradientTape can only be used to compute one set of gradients " +
          "(or jacobians); create the tape with { persistent: true } to call gradient more than once",
      );
    }
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
    this.used = true;

    const targets = flatten(target, "target", "GradientTape.gradient").map(tensorOf);
    const sourceList = flatten(sources, "sources", "GradientTape.gradient");
    const seedsGiven = options.outputGradients === undefined ? null : flatten(options.outputGradients as Sources, "outputGradients", "GradientTape.gradient").map(tensorOf);
    for (const t of targets) t.assertAlive("GradientTape.gradient");
    if (seedsGiven !== null) checkSeeds(targets, seedsGiven);

    const compute = (): (Tensor | null)[] => {
      const seeds = seedsGiven ?? targets.map((t) => onesLike(t));
      const grads = backprop(this.nodes, targets, seeds, this.connected);
      return sourceList.map((s) => {
        const g = grads.get(tensorOf(s).id);
        if (g !== undefined) return g;
        return unconnected === "zero" ? zerosLike(tensorOf(s)) : null;
      });
    };
    // With no tape recording the backward pass, its temporaries can go as soon as it is done.
    const flat = activeTapes.length === 0 ? computeGradients(compute) : compute();
    if (!this.persistent) this.reset();
    return unflatten(sources, flat) as Gradients<S>;
  }

  /** @internal Called by the recorder for every op while this tape is active. */
  offer(node: TapeNode): void {
    if (!isFloat(node.output.dtype)) return;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      if (this.connected.has(inputs[i].id)) {
        this.nodes.push(node);
        this.connected.add(node.output.id);
        return;
      }
    }
  }

  /** @internal Called when an op reads a variable while this tape is active. */
  variableRead(v: Variable): void {
    if (this.watchAccessedVariables && v.trainable) this.watchVariable(v);
  }

  private watchVariable(v: Variable): void {
    if (!isFloat(v.dtype)) {
      warnOnce(
        `watch-dtype-${v.dtype}`,
        `GradientTape.watch: The dtype of the watched tensor must be floating (e.g. tf.float32), got ${v.dtype}`,
      );
      return;
    }
    if (this.connected.has(v.tensor.id)) return;
    this.connected.add(v.tensor.id);
    this.variables.push(v);
  }

  private pop(): void {
    if (!this.recording) return;
    this.recording = false;
    const at = activeTapes.lastIndexOf(this);
    if (at >= 0) activeTapes.splice(at, 1);
    setTapesActive(activeTapes.length > 0);
  }
}

function checkSeeds(targets: readonly Tensor[], seeds: readonly Tensor[]): void {
  if (seeds.length !== targets.length) {
    throw new Error(
      `GradientTape.gradient: outputGradients has ${seeds.length} entries but there are ${targets.length} targets; give one per target`,
    );
  }
  targets.forEach((t, i) => {
    if (seeds[i].shape.length !== t.shape.length || seeds[i].shape.some((d, j) => d !== t.shape[j])) {
      throw new Error(
        `GradientTape.gradient: outputGradients[${i}] has shape ${formatShape(seeds[i].shape)} but its target has shape ` +
          `${formatShape(t.shape)}; they must match`,
      );
    }
  });
}
