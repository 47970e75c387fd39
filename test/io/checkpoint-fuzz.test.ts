// Fuzzes decodeCheckpoint into a trained model and its optimizer with mutated checkpoints: bit
// flips, truncations, length-field lies, the structural header mutations of mutations.ts, and edits
// of the checkpoint's own metadata (weight counts, format version, tensor names, swapped or reshaped
// entries). Each file either restores exactly the weights an independent reader
// (reference-safetensors.ts) finds in it, or throws an Error naming decodeCheckpoint and leaves
// every weight of the model and the optimizer bit-identical to before, with no tensor left behind.
// fast-check, fixed seed: 500 runs over the mutation kinds, plus 1 run of the unchanged file.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectEngineHealthy, unclearError } from "../hostile/engine-health.js";
import { assemble, encodeText, type Layout, lengthLies, structuralMutations } from "./mutations.js";
import { LOADABLE, readReference } from "./reference-safetensors.js";

interface Trained {
  model: tf.Sequential;
  optimizer: tf.optimizers.Adam;
  file: Uint8Array;
}

/** A two-layer model after one Adam step (so the optimizer has its slots), and its checkpoint. */
function trained(): Trained {
  tf.random.setSeed(11);
  const model = new tf.Sequential({ layers: [new tf.layers.Dense(3, { inputShape: [2] }), new tf.layers.Dense(1)] });
  const optimizer = new tf.optimizers.Adam({ learningRate: 0.01 });
  const x = tf.tensor([[1, 2], [3, 4]]);
  const y = tf.tensor([[1], [0]]);
  optimizer.minimize(() => tf.losses.meanSquaredError()(y, model.apply(x)), model.trainableVariables);
  return { model, optimizer, file: tf.io.encodeCheckpoint({ model, optimizer }, { epoch: "3" }) };
}

function bytesOf(t: tf.Tensor): Uint8Array {
  const d = t.data();
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
}

/** Every weight of the model and the optimizer, as bytes. */
function snapshot(s: Trained): Uint8Array[] {
  return tf.tidy(() => [...s.model.getWeights(), ...s.optimizer.getWeights()].map(bytesOf));
}

function layoutOf(file: Uint8Array): Layout {
  let n = 0;
  for (let i = 7; i >= 0; i--) n = n * 256 + file[i];
  return { header: JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, unknown>, data: file.slice(8 + n) };
}

type Edit = (header: Record<string, unknown>, meta: Record<string, string>) => void;

function rename(header: Record<string, unknown>, from: string, to: string): void {
  header[to] = header[from];
  delete header[from];
}

/** Edits of what makes a safetensors file a gradtape checkpoint. */
const CHECKPOINT_EDITS: [string, Edit][] = [
  ["model count one more", (_, m) => (m["gradtape.weights.model"] = "5")],
  ["model count one less", (_, m) => (m["gradtape.weights.model"] = "3")],
  ["model count not a number", (_, m) => (m["gradtape.weights.model"] = "four")],
  ["model count negative", (_, m) => (m["gradtape.weights.model"] = "-4")],
  ["model count with a sign", (_, m) => (m["gradtape.weights.model"] = "+4")],
  ["model count huge", (_, m) => (m["gradtape.weights.model"] = "99999999999999999999")],
  ["no model count", (_, m) => delete m["gradtape.weights.model"]],
  ["format version 2", (_, m) => (m["gradtape.checkpoint"] = "2")],
  ["no format version", (_, m) => delete m["gradtape.checkpoint"]],
  ["a weight renamed past the count", (h) => rename(h, "model/0003", "model/0004")],
  ["a weight moved to an unknown object", (h) => rename(h, "model/0000", "other/0000")],
  ["a weight name without a slash", (h) => rename(h, "model/0000", "model0000")],
  [
    "two same-shaped slots swapped",
    (h) => {
      const m = h["optimizer/0002"];
      h["optimizer/0002"] = h["optimizer/0003"];
      h["optimizer/0003"] = m;
    },
  ],
  ["a kernel reshaped [2,3] to [3,2]", (h) => ((h["model/0000"] as { shape: number[] }).shape = [3, 2])],
  ["a bias reshaped [1] to []", (h) => ((h["model/0003"] as { shape: number[] }).shape = [])],
  ["the iteration count read as F32", (h) => ((h["optimizer/0000"] as { dtype: string }).dtype = "F32")],
  ["the learning rate read as I32", (h) => ((h["optimizer/0001"] as { dtype: string }).dtype = "I32")],
  ["a kernel read as BOOL bytes", (h) => Object.assign(h["model/0000"] as object, { dtype: "BOOL", shape: [24] })],
];

function checkpointEdit(file: Uint8Array, edit: Edit): Uint8Array {
  const l = layoutOf(file);
  const header = JSON.parse(JSON.stringify(l.header)) as Record<string, unknown>;
  edit(header, header.__metadata__ as Record<string, string>);
  return assemble(encodeText(JSON.stringify(header)), l.data);
}

/** Mutations of `base`, each a function from the file to a new file. */
function mutations(base: Uint8Array): fc.Arbitrary<(file: Uint8Array) => Uint8Array> {
  const headerLength = base.length - layoutOf(base).data.length - 8;
  const lies = lengthLies(headerLength, base.length);
  const structural = structuralMutations(1).length;
  return fc.oneof(
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 3 }).map((flips) => (file: Uint8Array) => {
      const out = file.slice();
      for (const [at, bit] of flips) out[at % out.length] ^= 1 << bit;
      return out;
    }),
    fc.nat().map((n) => (file: Uint8Array) => file.slice(0, n % file.length)),
    fc.nat({ max: lies.length - 1 }).map((i) => (file: Uint8Array) => {
      const l = layoutOf(file);
      return assemble(encodeText(JSON.stringify(l.header)), l.data, lies[i]);
    }),
    fc.tuple(fc.nat({ max: structural - 1 }), fc.integer({ min: 1, max: 8 })).map(([which, k]) => (file: Uint8Array) => structuralMutations(k)[which].apply(layoutOf(file))),
    fc.nat({ max: CHECKPOINT_EDITS.length - 1 }).map((i) => (file: Uint8Array) => checkpointEdit(file, CHECKPOINT_EDITS[i][1])),
  );
}

/** The dtype and shape of every weight of the model and the optimizer. */
function signatures(s: Trained): { dtype: string; shape: number[] }[][] {
  return tf.tidy(() => [s.model.getWeights(), s.optimizer.getWeights()].map((ws) => ws.map((w) => ({ dtype: w.dtype, shape: w.shape.slice() }))));
}

/**
 * The weights the reference reader finds for `object` (one per entry of `expected`, in index order,
 * each of the expected dtype and shape), or null where the file does not hold them.
 */
function referenceWeights(file: Uint8Array, object: string, expected: { dtype: string; shape: number[] }[]): Uint8Array[] | null {
  const ref = readReference(file, true);
  if (!ref.valid) return null;
  const out: Uint8Array[] = [];
  for (let i = 0; i < expected.length; i++) {
    const t = ref.tensors.get(`${object}/${String(i).padStart(4, "0")}`);
    if (t === undefined || LOADABLE[t.dtype] !== expected[i].dtype || t.shape.join() !== expected[i].shape.join()) return null;
    out.push(t.bytes);
  }
  return out;
}

describe("decodeCheckpoint into a model and optimizer given mutated checkpoints", () => {
  let s: Trained;
  beforeAll(() => {
    s = trained();
  });

  it("restores the unchanged file exactly", () => {
    const before = snapshot(s);
    tf.io.decodeCheckpoint(s.file, { model: s.model, optimizer: s.optimizer });
    expect(snapshot(s)).toEqual(before);
  });

  it("either restores exactly the file's weights or throws and changes nothing", () => {
    let rejected = 0;
    let restored = 0;
    fc.assert(
      fc.property(mutations(s.file), (mutate) => {
        const file = mutate(s.file);
        const before = snapshot(s);
        const tensorsBefore = tf.memory().numTensors;
        let metadata: Record<string, string> | null = null;
        let error: unknown = null;
        try {
          metadata = tf.io.decodeCheckpoint(file, { model: s.model, optimizer: s.optimizer });
        } catch (err) {
          error = err;
        }
        if (error !== null) {
          rejected++;
          expect(unclearError(error, ["decodeCheckpoint: "])).toBeNull();
          expect(snapshot(s)).toEqual(before);
        } else {
          restored++;
          const [modelSig, optimizerSig] = signatures(s);
          const model = referenceWeights(file, "model", modelSig);
          const optimizer = referenceWeights(file, "optimizer", optimizerSig);
          expect(model, "decodeCheckpoint accepted a file the reference rejects").not.toBeNull();
          expect(optimizer, "decodeCheckpoint accepted optimizer slots the file does not hold").not.toBeNull();
          expect(snapshot(s)).toEqual([...model!, ...optimizer!]);
          const ref = readReference(file, true);
          const userMeta = ref.valid ? [...ref.metadata].filter(([k]) => !k.startsWith("gradtape.")) : [];
          expect(Object.entries(metadata!)).toEqual(userMeta);
          tf.io.decodeCheckpoint(s.file, { model: s.model, optimizer: s.optimizer });
        }
        expect(tf.memory().numTensors).toBe(tensorsBefore);
        expectEngineHealthy();
      }),
      { seed: 7201, numRuns: 500 },
    );
    // Both outcomes occur: flips in the data area give valid files with other weights.
    expect(rejected).toBeGreaterThan(250);
    expect(restored).toBeGreaterThan(25);
  });
});
