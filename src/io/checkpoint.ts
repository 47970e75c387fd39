// Checkpoints: the weights of several objects (a model, its optimizer, ...) in one safetensors file.
// Object `model`'s weight i is the tensor `model/0003`; the metadata records the format version and
// each object's weight count, so a checkpoint can be checked against the objects before any is set.
import type { TensorInput } from "../convert.js";
import type { DType } from "../dtype.js";
import { tidy } from "../lifetime.js";
import { describe, formatShape, shapesEqual } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { readTensors, saveSafetensors } from "./safetensors.js";
import { asBytes, gradtapeDType, type NamedEntry, parseHeader, setEntry } from "./safetensors-header.js";

/** Anything whose state is a list of tensors: models and optimizers. */
export interface Checkpointable {
  /**
   * The current values, in a fixed order, as tensors that a later setWeights does not overwrite
   * (copies): decodeCheckpoint sets them back if a later object's setWeights throws.
   */
  getWeights(): Tensor[];
  /** Copies values in, in the order getWeights gives them. */
  setWeights(weights: TensorInput[]): void;
  /**
   * Throws if setWeights would reject weights of these shapes and dtypes. Objects whose weights
   * are not all there yet (an optimizer before its first step) say what they accept; without it,
   * the weights must match getWeights() one for one.
   */
  checkWeights?(weights: readonly WeightSpec[], where: string): void;
}

export interface WeightSpec {
  shape: number[];
  dtype: DType;
}

/** Metadata keys starting with this belong to the checkpoint format. */
const RESERVED = "gradtape.";
const FORMAT_KEY = "gradtape.checkpoint";
const FORMAT_VERSION = 1;
const COUNT_KEY = "gradtape.weights.";

/**
 * Encodes the weights of `objects` (by name, e.g. `{ model, optimizer }`) as a safetensors file.
 * `metadata` (strings) is stored with it and returned by decodeCheckpoint.
 */
export function encodeCheckpoint(objects: Record<string, Checkpointable>, metadata: Record<string, string> = {}): Uint8Array {
  const where = "encodeCheckpoint";
  const names = objectNames(objects, where);
  const stored = userMetadata(metadata, where);
  setEntry(stored, FORMAT_KEY, String(FORMAT_VERSION));
  // Weights an object hands out as temporaries are freed once the file is written. The bytes leave
  // through a variable rather than as tidy's result, which tidy would scan element by element.
  let bytes: Uint8Array | undefined;
  tidy(() => {
    const record: Record<string, Tensor> = {};
    for (const name of names) {
      const weights = weightsOf(objects[name], name, where);
      setEntry(stored, COUNT_KEY + name, String(weights.length));
      for (let i = 0; i < weights.length; i++) setEntry(record, weightKey(name, i, weights.length), weights[i]);
    }
    bytes = saveSafetensors(record, stored);
  });
  return bytes!;
}

/**
 * Restores `objects` from a checkpoint made by encodeCheckpoint and returns its metadata. Every
 * object must be in the checkpoint (objects it holds that are not passed are skipped), with the
 * same number of weights, shapes and dtypes: all of it is checked before any object is changed, so
 * a checkpoint that does not fit changes nothing.
 */
export function decodeCheckpoint(bytes: Uint8Array | ArrayBuffer, objects: Record<string, Checkpointable>): Record<string, string> {
  const where = "decodeCheckpoint";
  const data = asBytes(bytes, where);
  const names = objectNames(objects, where);
  const { header, dataStart } = parseHeader(data, where);
  const meta = header.metadata;
  const version = meta[FORMAT_KEY];
  if (version === undefined) {
    throw new Error(
      `${where}: this safetensors file is not a gradtape checkpoint (its metadata has no ${FORMAT_KEY}); ` +
        `read plain safetensors files with tf.io.loadSafetensors`,
    );
  }
  if (version !== String(FORMAT_VERSION)) {
    throw new Error(
      `${where}: the checkpoint has format version ${JSON.stringify(version)} but this gradtape reads version ${FORMAT_VERSION}; ` +
        `use the gradtape version that wrote it`,
    );
  }
  const stored = storedObjects(header.tensors, meta, where);
  tidy(() => {
    const plan: { object: Checkpointable; entries: NamedEntry[] }[] = [];
    for (const name of names) {
      const count = stored.get(name);
      if (count === undefined) {
        const held = [...stored.keys()].map((n) => JSON.stringify(n)).join(", ") || "no objects";
        throw new Error(`${where}: the checkpoint has no object ${JSON.stringify(name)}; it holds ${held}. Pass the objects by the names they were saved under`);
      }
      const entries: NamedEntry[] = [];
      const specs: WeightSpec[] = [];
      for (let i = 0; i < count; i++) {
        const key = weightKey(name, i, count);
        const entry = { name: key, ...header.tensors[key] };
        specs.push({ shape: entry.shape, dtype: gradtapeDType(key, entry, where) });
        entries.push(entry);
      }
      const object = objects[name];
      if (object.checkWeights !== undefined) object.checkWeights(specs, where);
      else checkAgainstCurrent(weightsOf(object, name, where), specs, name, where);
      plan.push({ object: objects[name], entries });
    }
    const tensors = readTensors(data, dataStart, plan.flatMap((p) => p.entries), where);
    // Every check has passed, but an object's own setWeights may still throw: the objects set
    // before it get their previous weights back, so a failed restore changes nothing.
    const done: { object: Checkpointable; previous: TensorInput[] }[] = [];
    let next = 0;
    try {
      for (let i = 0; i < plan.length; i++) {
        const { object, entries } = plan[i];
        const previous = i < plan.length - 1 ? object.getWeights() : [];
        object.setWeights(tensors.slice(next, next + entries.length));
        done.push({ object, previous });
        next += entries.length;
      }
    } catch (err) {
      for (const { object, previous } of done.reverse()) object.setWeights(previous);
      throw err;
    }
  });
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta)) if (!key.startsWith(RESERVED)) setEntry(out, key, value);
  return out;
}

function checkAgainstCurrent(current: Tensor[], specs: WeightSpec[], name: string, where: string): void {
  if (current.length !== specs.length) {
    throw new Error(
      `${where}: ${JSON.stringify(name)} has ${current.length} weights but the checkpoint holds ${specs.length} for it; ` +
        `build the object the same way as the one that was saved`,
    );
  }
  specs.forEach(({ shape, dtype }, i) => {
    const want = current[i];
    if (dtype !== want.dtype || !shapesEqual(shape, want.shape)) {
      throw new Error(
        `${where}: weight ${i} of ${JSON.stringify(name)} is ${want.dtype} ${formatShape(want.shape)} but the checkpoint's ` +
          `${JSON.stringify(weightKey(name, i, specs.length))} is ${dtype} ${formatShape(shape)}; the checkpoint was saved from a differently built object`,
      );
    }
  });
}

/** `model/0003`: zero-padded so that names sort in weight order. */
function weightKey(name: string, index: number, count: number): string {
  return `${name}/${String(index).padStart(Math.max(4, String(count - 1).length), "0")}`;
}

function objectNames(objects: Record<string, Checkpointable>, where: string): string[] {
  if (typeof objects !== "object" || objects === null || Array.isArray(objects)) {
    throw new TypeError(`${where}: expected an object naming the models and optimizers, e.g. { model, optimizer }, got ${describe(objects)}`);
  }
  const names = Object.keys(objects);
  for (const name of names) {
    if (name === "" || name.includes("/")) {
      throw new Error(`${where}: object name ${JSON.stringify(name)} must be non-empty and contain no "/"; rename it`);
    }
    const object = objects[name] as Partial<Checkpointable> | null;
    if (typeof object?.getWeights !== "function" || typeof object.setWeights !== "function") {
      throw new TypeError(`${where}: ${JSON.stringify(name)} is ${describe(object)}; checkpoints hold objects with getWeights() and setWeights()`);
    }
  }
  return names;
}

function weightsOf(object: Checkpointable, name: string, where: string): Tensor[] {
  const weights: unknown = object.getWeights();
  if (!Array.isArray(weights)) {
    throw new TypeError(`${where}: ${JSON.stringify(name)}.getWeights() returned ${describe(weights)}; it must return an array of tensors`);
  }
  return weights.map((w, i) => {
    const tensor = w instanceof Variable ? w.tensor : w;
    if (!(tensor instanceof Tensor)) {
      throw new TypeError(`${where}: weight ${i} of ${JSON.stringify(name)} is ${describe(w)}; getWeights() must return tensors`);
    }
    tensor.assertAlive(`${where} (weight ${i} of ${JSON.stringify(name)})`);
    return tensor;
  });
}

function userMetadata(metadata: Record<string, string>, where: string): Record<string, string> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new TypeError(`${where}: metadata must be an object of strings, got ${describe(metadata)}`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith(RESERVED)) {
      throw new Error(`${where}: metadata key ${JSON.stringify(key)} starts with "${RESERVED}", which the checkpoint format reserves; rename it`);
    }
    if (typeof value !== "string") {
      throw new TypeError(`${where}: metadata values must be strings, but ${JSON.stringify(key)} is ${describe(value)}; convert it with String(value)`);
    }
    setEntry(out, key, value);
  }
  return out;
}

/** The objects a checkpoint holds and their weight counts, checked against its tensors. */
function storedObjects(tensors: Record<string, unknown>, meta: Record<string, string>, where: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith(COUNT_KEY)) continue;
    const count = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
      throw new Error(`${where}: the checkpoint's ${key} is ${JSON.stringify(value)}, not a weight count; the file is corrupt`);
    }
    counts.set(key.slice(COUNT_KEY.length), count);
  }
  const seen = new Map<string, number>();
  for (const key of Object.keys(tensors)) {
    const name = key.slice(0, Math.max(0, key.lastIndexOf("/")));
    if (!key.includes("/") || !counts.has(name)) {
      throw new Error(`${where}: the checkpoint holds tensor ${JSON.stringify(key)}, which belongs to no object it lists; the file is corrupt`);
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    for (let i = 0; i < count; i++) {
      if (!Object.hasOwn(tensors, weightKey(name, i, count))) {
        throw new Error(`${where}: the checkpoint lists ${count} weights for ${JSON.stringify(name)} but has no ${JSON.stringify(weightKey(name, i, count))}; the file is corrupt`);
      }
    }
    if ((seen.get(name) ?? 0) !== count) {
      throw new Error(`${where}: the checkpoint lists ${count} weights for ${JSON.stringify(name)} but holds ${seen.get(name) ?? 0}; the file is corrupt`);
    }
  }
  return counts;
}
