import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { fileBytes } from "./files.js";

/** The smallest Checkpointable: a list of variables, handing out copies as models do. */
class Weights implements tf.io.Checkpointable {
  constructor(readonly variables: tf.Variable[]) {}

  getWeights(): tf.Tensor[] {
    return this.variables.map((v) => v.value());
  }

  setWeights(weights: tf.TensorInput[]): void {
    if (weights.length !== this.variables.length) throw new Error(`setWeights: expected ${this.variables.length} weights`);
    weights.forEach((w, i) => this.variables[i].assign(w));
  }

  values(): unknown[] {
    return this.variables.map((v) => v.array());
  }
}

function model(scale = 1): Weights {
  return new Weights([
    new tf.Variable(tf.mul(tf.tensor([[1, 2, 3], [4, 5, 6]]), scale)),
    new tf.Variable(tf.mul(tf.tensor([0.5, -0.5, 0]), scale)),
    new tf.Variable(tf.tensor(3 * scale, [], "int32")),
    new tf.Variable(tf.tensor([scale > 0, false])),
  ]);
}

function optimizer(scale = 1): Weights {
  return new Weights([
    new tf.Variable(tf.tensor(7 * scale, [], "int32")),
    new tf.Variable(tf.mul(tf.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [2, 3], "float64"), scale)),
  ]);
}

describe("tf.io checkpoints", () => {
  it("restore every object's weights and return the metadata", () => {
    const saved = { model: model(), optimizer: optimizer() };
    const expected = { model: saved.model.values(), optimizer: saved.optimizer.values() };
    const bytes = tf.io.encodeCheckpoint(saved, { epoch: "4", note: "ü" });
    const target = { model: model(-2), optimizer: optimizer(-2) };
    expect(target.model.values()).not.toEqual(expected.model);
    expect(tf.io.decodeCheckpoint(bytes, target)).toEqual({ epoch: "4", note: "ü" });
    expect(target.model.values()).toEqual(expected.model);
    expect(target.optimizer.values()).toEqual(expected.optimizer);
  });

  it("are safetensors files with one tensor per weight and the format in the metadata", () => {
    const header = tf.io.readSafetensorsHeader(tf.io.encodeCheckpoint({ model: model(), optimizer: optimizer() }));
    expect(Object.keys(header.tensors).sort()).toEqual(["model/0000", "model/0001", "model/0002", "model/0003", "optimizer/0000", "optimizer/0001"]);
    expect(header.tensors["model/0000"]).toMatchObject({ dtype: "F32", shape: [2, 3] });
    expect(header.tensors["model/0003"]).toMatchObject({ dtype: "BOOL", shape: [2] });
    expect(header.tensors["optimizer/0001"]).toMatchObject({ dtype: "F64", shape: [2, 3] });
    expect(header.metadata).toEqual({ "gradtape.checkpoint": "1", "gradtape.weights.model": "4", "gradtape.weights.optimizer": "2" });
    const loaded = tf.io.loadSafetensors(tf.io.encodeCheckpoint({ model: model() }));
    expect(loaded["model/0002"].array()).toBe(3);
  });

  it("number weights with enough digits to sort in order", () => {
    const t = tf.tensor([1]);
    let received: tf.TensorInput[] = [];
    const many: tf.io.Checkpointable = { getWeights: () => new Array<tf.Tensor>(10_001).fill(t), setWeights: (w) => (received = w) };
    const bytes = tf.io.encodeCheckpoint({ many });
    const names = Object.keys(tf.io.readSafetensorsHeader(bytes).tensors);
    expect(names[0]).toBe("many/00000");
    expect(names[10_000]).toBe("many/10000");
    tf.io.decodeCheckpoint(bytes, { many });
    expect(received.length).toBe(10_001);
  });

  it("restore a subset of the objects saved (a model without its optimizer)", () => {
    const bytes = tf.io.encodeCheckpoint({ model: model(), optimizer: optimizer() });
    const target = model(5);
    expect(tf.io.decodeCheckpoint(bytes, { model: target })).toEqual({});
    expect(target.values()).toEqual(model().values());
  });

  it("objects without weights", () => {
    const empty = new Weights([]);
    const bytes = tf.io.encodeCheckpoint({ empty, model: model() });
    expect(tf.io.readSafetensorsHeader(bytes).metadata["gradtape.weights.empty"]).toBe("0");
    expect(() => tf.io.decodeCheckpoint(bytes, { empty })).not.toThrow();
  });

  it("free the temporaries of getWeights and of loading", () => {
    const saved = { model: model(), optimizer: optimizer() };
    const target = { model: model(3), optimizer: optimizer(3) };
    const bytes = tf.io.encodeCheckpoint(saved);
    tf.io.decodeCheckpoint(bytes, target);
    const before = tf.memory();
    for (let i = 0; i < 20; i++) tf.io.decodeCheckpoint(tf.io.encodeCheckpoint(saved), target);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});

describe("tf.io checkpoints that do not fit change nothing", () => {
  const saved = tf.io.encodeCheckpoint({ model: model(), optimizer: optimizer() });
  const otherModel = new Weights([...model().variables.slice(0, 3), new tf.Variable(tf.tensor([true, false, true]))]);
  const cases: [string, Uint8Array, () => Record<string, Weights>, RegExp][] = [
    ["a shape mismatch in the last weight", saved, () => ({ optimizer: optimizer(2), model: otherModel }),
      /decodeCheckpoint: weight 3 of "model" is bool \[3\] but the checkpoint's "model\/0003" is bool \[2\]; the checkpoint was saved from a differently built object/],
    ["a dtype mismatch", saved, () => ({ optimizer: new Weights([new tf.Variable(tf.tensor(7)), optimizer().variables[1]]) }),
      /weight 0 of "optimizer" is float32 \[\] but the checkpoint's "optimizer\/0000" is int32 \[\]/],
    ["a weight count mismatch", saved, () => ({ model: model(2), optimizer: new Weights([]) }),
      /"optimizer" has 0 weights but the checkpoint holds 2 for it; build the object the same way as the one that was saved/],
    ["an object the checkpoint lacks", saved, () => ({ model: model(2), ema: model(2) }),
      /the checkpoint has no object "ema"; it holds "model", "optimizer". Pass the objects by the names they were saved under/],
    ["a plain safetensors file", tf.io.saveSafetensors({ w: tf.ones([2]) }), () => ({ model: model(2) }),
      /this safetensors file is not a gradtape checkpoint \(its metadata has no gradtape.checkpoint\); read plain safetensors files with tf.io.loadSafetensors/],
    ["a newer format version", tf.io.saveSafetensors({}, { "gradtape.checkpoint": "2" }), () => ({ model: model(2) }),
      /the checkpoint has format version "2" but this gradtape reads version 1/],
    ["a count the tensors contradict", tf.io.saveSafetensors({ "m/0000": tf.ones([1]) }, { "gradtape.checkpoint": "1", "gradtape.weights.m": "2" }), () => ({ model: model(2) }),
      /lists 2 weights for "m" but has no "m\/0001"; the file is corrupt/],
    ["a tensor of no listed object", tf.io.saveSafetensors({ "x/0000": tf.ones([1]) }, { "gradtape.checkpoint": "1" }), () => ({ model: model(2) }),
      /holds tensor "x\/0000", which belongs to no object it lists; the file is corrupt/],
    ["a count that is not a number", tf.io.saveSafetensors({}, { "gradtape.checkpoint": "1", "gradtape.weights.m": "two" }), () => ({ model: model(2) }),
      /gradtape.weights.m is "two", not a weight count/],
    ["a corrupt file", fileBytes("{"), () => ({ model: model(2) }), /decodeCheckpoint: the header is not valid JSON/],
  ];
  it.each(cases)("%s", (_name, bytes, makeObjects, message) => {
    const objects = makeObjects();
    const before = Object.fromEntries(Object.entries(objects).map(([k, o]) => [k, o.values()]));
    const memoryBefore = tf.memory().numTensors;
    expect(() => tf.io.decodeCheckpoint(bytes, objects)).toThrow(message);
    for (const [k, o] of Object.entries(objects)) expect(o.values(), k).toEqual(before[k]);
    expect(tf.memory().numTensors).toBe(memoryBefore);
    expect(tf.sub([5], [2]).array()).toEqual([3]);
  });
});

describe("tf.io checkpoint argument errors", () => {
  const m = model();
  const cases: [string, () => unknown, RegExp][] = [
    ["an object name with a slash", () => tf.io.encodeCheckpoint({ "a/b": m }), /encodeCheckpoint: object name "a\/b" must be non-empty and contain no "\/"/],
    ["an empty object name", () => tf.io.encodeCheckpoint({ "": m }), /object name "" must be non-empty/],
    ["something without getWeights", () => tf.io.encodeCheckpoint({ model: {} as tf.io.Checkpointable }), /"model" is Object; checkpoints hold objects with getWeights\(\) and setWeights\(\)/],
    ["getWeights returning no array", () => tf.io.encodeCheckpoint({ model: { getWeights: () => 1 as unknown as tf.Tensor[], setWeights() {} } }), /"model".getWeights\(\) returned number 1; it must return an array of tensors/],
    ["getWeights returning numbers", () => tf.io.encodeCheckpoint({ model: { getWeights: () => [1] as unknown as tf.Tensor[], setWeights() {} } }), /weight 0 of "model" is number 1; getWeights\(\) must return tensors/],
    ["a reserved metadata key", () => tf.io.encodeCheckpoint({ model: m }, { "gradtape.checkpoint": "9" }), /metadata key "gradtape.checkpoint" starts with "gradtape.", which the checkpoint format reserves/],
    ["a metadata value that is not a string", () => tf.io.encodeCheckpoint({ model: m }, { epoch: 1 as unknown as string }), /encodeCheckpoint: metadata values must be strings, but "epoch" is number 1/],
    ["objects that are not an object", () => tf.io.decodeCheckpoint(new Uint8Array(0), null as unknown as Record<string, Weights>), /decodeCheckpoint: expected an object naming the models and optimizers/],
  ];
  it.each(cases)("%s", (_name, run, message) => {
    const before = tf.memory().numTensors;
    expect(run).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.runIf(typeof document !== "undefined")("tf.io checkpoint files in a browser", () => {
  it("say to use encodeCheckpoint and decodeCheckpoint", async () => {
    await expect(tf.io.saveCheckpoint("model.ckpt", { model: model() })).rejects.toThrow(
      /saveCheckpoint: this runtime has no node:fs .* use tf.io.encodeCheckpoint \/ tf.io.decodeCheckpoint/,
    );
    await expect(tf.io.loadCheckpoint("model.ckpt", { model: model() })).rejects.toThrow(/loadCheckpoint: this runtime has no node:fs/);
  });
});
