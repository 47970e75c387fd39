// tf.ForwardAccumulator: forward-mode autodiff (TensorFlow's tf.autodiff.ForwardAccumulator,
// tensorflow/python/eager/forwardprop.py). While recording, every op with an input that has a
// tangent gets its output's tangent at once, from the op's reverse rule (see forward-jvp.ts), so
// `jvp` only looks tangents up. As in TensorFlow, nesting follows the order of entering `record`:
// tapes and accumulators entered before this one see its tangent computations (so a tape outside
// can differentiate a JVP, and an accumulator outside can take a JVP of a JVP); those entered after
// it do not.
import { type TensorInput, toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { freedIfThrows, tidy, withinStep } from "../lifetime.js";
import { zerosLike } from "../ops/create.js";
import { checkOptionsObject, describe, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import type { UnconnectedGradients } from "./gradient-tape.js";
import { jvpOfNode } from "./forward-jvp.js";
import { activeTapes, type RecordingTape, type TapeNode } from "./recorder.js";
import { flatten, type Gradients, type Sources, tensorOf, unflatten } from "./structure.js";
import { warnOnce } from "./warn.js";

/** Tangents in the structure of the primals: one value, an array, or an object with the same keys. */
export type Tangents = TensorInput | readonly TensorInput[] | { readonly [name: string]: TensorInput };

export interface JvpOptions {
  unconnectedGradients?: UnconnectedGradients;
}

export class ForwardAccumulator implements RecordingTape {
  /** Tangent of every tensor known to depend on the primals; weak, so it goes with its tensor. */
  private readonly tangents = new WeakMap<Tensor, Tensor>();
  private recording = false;

  /**
   * Watches `primals` (a tensor or variable, an array or an object of them) with the given
   * `tangents` (the "vector" of the Jacobian-vector product), in the same structure and shapes.
   */
  constructor(primals: Sources, tangents: Tangents) {
    // Rejected arguments leave no converted tangent behind.
    freedIfThrows(() => this.#watchPrimals(primals, tangents));
  }

  #watchPrimals(primals: Sources, tangents: Tangents): void {
    const flatPrimals = flatten(primals, "primals", "ForwardAccumulator");
    const flatTangents = tangentsLike(primals, tangents);
    const seen = new Set<Tensor>();
    flatPrimals.forEach((p, i) => {
      const t = tensorOf(p);
      if (seen.has(t)) {
        throw new Error(
          `ForwardAccumulator: ${t.describe()} (primals entry ${i}) was specified as a primal multiple times. ` +
            "This may indicate an error. If it was intended, please sum the corresponding tangents.",
        );
      }
      seen.add(t);
    });
    flatPrimals.forEach((p, i) => this.watch(p, flatTangents[i], flatPrimals.length === 1 ? "tangents" : `tangents entry ${i}`));
  }

  /** Runs `fn` with this accumulator recording (Python's `with acc:`) and returns what it returns. */
  record<T>(fn: () => T): T {
    if (typeof fn !== "function") throw new TypeError("ForwardAccumulator.record: expected a function to run");
    if (this.recording) {
      throw new Error(
        "ForwardAccumulator.record: Accumulator is already recording (record was called inside the same " +
          "accumulator's record); nest a second ForwardAccumulator instead",
      );
    }
    this.recording = true;
    activeTapes.push(this);
    try {
      return fn();
    } finally {
      this.recording = false;
      const at = activeTapes.lastIndexOf(this);
      if (at >= 0) activeTapes.splice(at, 1);
    }
  }

  /**
   * The Jacobian-vector product computed for `primals` (a tensor or variable, an array or an object of
   * them), in the same structure: a primal's own tangent, or the JVP of a tensor computed from the
   * primals while recording. No computation happens here. A tensor that does not depend on the
   * primals (or was computed outside `record`) gives null, or zeros with `unconnectedGradients: "zero"`.
   */
  jvp<S extends Sources>(primals: S, options: JvpOptions = {}): Gradients<S> {
    checkOptionsObject(options, "ForwardAccumulator.jvp");
    const unconnected = options.unconnectedGradients ?? "none";
    if (unconnected !== "none" && unconnected !== "zero") {
      throw new Error(`ForwardAccumulator.jvp: Unknown value for unconnected_gradients: ${String(unconnected)}; use "none" or "zero"`);
    }
    const flat = flatten(primals, "primals", "ForwardAccumulator.jvp").map((p) => {
      const t = tensorOf(p);
      t.assertAlive("ForwardAccumulator.jvp");
      const tangent = this.tangents.get(t);
      if (tangent === undefined) return unconnected === "zero" ? zerosLike(t) : null;
      if (tangent.freedBecause !== null) {
        throw new Error(
          `ForwardAccumulator.jvp: the JVP of ${t.describe()} was ${tangent.freedBecause}; a JVP lives in the ` +
            "tf.tidy scope of the op that computed it, so return acc.jvp(t) from that tf.tidy (or tf.keep it there)",
        );
      }
      return tangent;
    });
    return unflatten(primals, flat) as Gradients<S>;
  }

  /** @internal Called by the recorder for every op while this accumulator is recording. */
  offer(node: TapeNode): void {
    if (!isFloat(node.output.dtype) || this.tangents.has(node.output)) return;
    const inputs = node.inputs;
    let inputTangents: (Tensor | null)[] | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const v = this.tangents.get(inputs[i]);
      if (v === undefined) continue;
      inputTangents ??= inputs.map(() => null);
      inputTangents[i] = v;
    }
    if (inputTangents === null) return;
    const given = inputTangents;

    // Only what was entered before this accumulator records the tangent computation. The recorder
    // is iterating over activeTapes, so the same array is restored before returning.
    const at = activeTapes.indexOf(this);
    const entered = activeTapes.splice(at < 0 ? activeTapes.length : at);
    try {
      // With nothing recording, the computation's temporaries can go as soon as it is done.
      const tangent = withinStep(() => (activeTapes.length === 0 ? tidy(() => jvpOfNode(node, given)) : jvpOfNode(node, given)));
      if (tangent !== null) this.tangents.set(node.output, tangent);
    } finally {
      activeTapes.push(...entered);
    }
  }

  /** @internal Accumulators watch only their primals, never the variables an op reads. */
  variableRead(): void {}

  private watch(primal: Tensor | Variable, tangentInput: TensorInput, where: string): void {
    const t = tensorOf(primal);
    t.assertAlive("ForwardAccumulator");
    if (!isFloat(t.dtype)) {
      warnOnce(
        `forward-primal-dtype-${t.dtype}`,
        `ForwardAccumulator: The dtype of the watched primal must be floating (e.g. tf.float32), got ${t.dtype}; ` +
          "its JVPs will be null",
      );
      return;
    }
    const tangent = toTensor(tangentInput, "ForwardAccumulator", where, t.dtype);
    if (tangent.dtype !== t.dtype) {
      throw new TypeError(
        `ForwardAccumulator: ${where} is ${tangent.dtype} but its primal ${t.describe()} is ${t.dtype}; ` +
          `cast it with tf.cast(tangent, "${t.dtype}")`,
      );
    }
    if (!shapesEqual(tangent.shape, t.shape)) {
      throw new Error(
        `ForwardAccumulator: ${where} has shape ${formatShape(tangent.shape)} but its primal ${t.describe()} has ` +
          `shape ${formatShape(t.shape)}; give each primal a tangent of its own shape`,
      );
    }
    this.tangents.set(t, tangent);
  }
}

/** The tangents as a flat list matching the flattened primals, after checking the structures agree. */
function tangentsLike(primals: Sources, tangents: Tangents): TensorInput[] {
  if (primals instanceof Tensor || primals instanceof Variable) return [tangents as TensorInput];
  if (Array.isArray(primals)) {
    if (!Array.isArray(tangents) || tangents.length !== primals.length) {
      throw new Error(
        `ForwardAccumulator: primals is an array of ${primals.length} but tangents is ${structureOf(tangents)}; ` +
          "give one tangent per primal, in the same structure",
      );
    }
    return tangents as TensorInput[];
  }
  const keys = Object.keys(primals);
  const isRecord = typeof tangents === "object" && tangents !== null && !Array.isArray(tangents) && !(tangents instanceof Tensor) && !(tangents instanceof Variable) && !ArrayBuffer.isView(tangents);
  const tangentKeys = isRecord ? Object.keys(tangents) : [];
  if (!isRecord || tangentKeys.length !== keys.length || keys.some((k) => !tangentKeys.includes(k))) {
    throw new Error(
      `ForwardAccumulator: primals is an object with keys {${keys.join(", ")}} but tangents is ${structureOf(tangents)}; ` +
        "give one tangent per primal, in the same structure",
    );
  }
  const record = tangents as { readonly [name: string]: TensorInput };
  return keys.map((k) => record[k]);
}

function structureOf(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Tensor) return `a single tensor ${value.describe()}`;
  if (typeof value === "object" && value !== null && !(value instanceof Variable) && !ArrayBuffer.isView(value)) {
    return `an object with keys {${Object.keys(value).join(", ")}}`;
  }
  return describe(value);
}
