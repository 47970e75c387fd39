// Fuzzes loadSafetensors and readSafetensorsHeader with mutated valid files (mutations.ts) against an
// independent reader of the format (reference-safetensors.ts): each file either loads exactly the
// tensors the reference reads (names, dtypes, shapes, bytes) or throws an Error naming the function,
// and either way leaves no tensor behind and the engine computing correctly.
// fast-check, fixed seeds: valid files 150 runs, structural mutations 600, bit flips 400,
// truncations 300, length-field lies 300 (1,750 files, each read by both functions).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectEngineHealthy, unclearError } from "../hostile/engine-health.js";
import { assemble, encodeText, fileOf, type Layout, layout, lengthLies, structuralMutations, tensorSpecs } from "./mutations.js";
import { readReference } from "./reference-safetensors.js";

const metadata = fc.option(fc.dictionary(fc.constantFrom("epoch", "note", "__proto__", "é"), fc.string({ maxLength: 4 }), { maxKeys: 2 }), {
  nil: null,
});
const layouts: fc.Arbitrary<Layout> = fc
  .tuple(tensorSpecs, fc.nat(), fc.nat(), metadata)
  .map(([specs, order, seed, meta]) => layout(specs, order, seed, meta));

function bytesOf(t: tf.Tensor): Uint8Array {
  const d = t.data();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function expectRejected(call: () => unknown, name: string, why: string): void {
  const before = tf.memory().numTensors;
  let error: unknown = null;
  try {
    call();
  } catch (err) {
    error = err;
  }
  expect(error, `${name} accepted a file the reference rejects (${why})`).not.toBeNull();
  expect(unclearError(error, [`${name}: `])).toBeNull();
  expect(tf.memory().numTensors).toBe(before);
}

/** Both readers on `file`, checked against the reference. */
function checkFile(file: Uint8Array): void {
  const header = readReference(file, false);
  if (header.valid) {
    const read = tf.io.readSafetensorsHeader(file);
    expect(new Map(Object.entries(read.metadata))).toEqual(header.metadata);
    expect(Object.keys(read.tensors).sort()).toEqual([...header.tensors.keys()].sort());
    for (const [name, t] of header.tensors) {
      expect(read.tensors[name].dtype).toBe(t.dtype);
      expect(read.tensors[name].shape).toEqual(t.shape);
    }
  } else {
    expectRejected(() => tf.io.readSafetensorsHeader(file), "readSafetensorsHeader", header.why);
  }
  const full = readReference(file, true);
  if (full.valid) {
    const before = tf.memory().numTensors;
    const loaded = tf.io.loadSafetensors(file);
    expect(Object.keys(loaded).sort()).toEqual([...full.tensors.keys()].sort());
    for (const [name, t] of full.tensors) {
      const got = loaded[name];
      expect(got.shape).toEqual(t.shape);
      expect(got.dtype).toBe({ F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" }[t.dtype]);
      expect(bytesOf(got)).toEqual(t.bytes);
      got.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  } else {
    expectRejected(() => tf.io.loadSafetensors(file), "loadSafetensors", full.why);
  }
  expectEngineHealthy();
}

describe("safetensors readers given mutated files", () => {
  it("load valid files exactly", () => {
    fc.assert(
      fc.property(layouts, (l) => {
        const file = fileOf(l);
        expect(readReference(file, false).valid).toBe(true);
        checkFile(file);
      }),
      { seed: 7101, numRuns: 150 },
    );
  });

  it("reject structural mutations: overlaps, gaps, bad dtypes and shapes, bad metadata, bad JSON", () => {
    const count = structuralMutations(1).length;
    fc.assert(
      fc.property(layouts, fc.nat({ max: count - 1 }), fc.integer({ min: 1, max: 8 }), (l, which, k) => {
        checkFile(structuralMutations(k)[which].apply(l));
      }),
      { seed: 7102, numRuns: 600 },
    );
  });

  it("survive bit flips anywhere", () => {
    fc.assert(
      fc.property(layouts, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 }), (l, flips) => {
        const file = fileOf(l);
        for (const [at, bit] of flips) file[at % file.length] ^= 1 << bit;
        checkFile(file);
      }),
      { seed: 7103, numRuns: 400 },
    );
  });

  it("survive truncation at every length class", () => {
    const where = fc.constantFrom("length field", "header", "data", "last byte");
    fc.assert(
      fc.property(layouts, where, fc.nat(), (l, part, n) => {
        const file = fileOf(l);
        const headerEnd = file.length - l.data.length;
        const cut = {
          "length field": n % 8,
          header: 8 + (n % (headerEnd - 8)),
          data: headerEnd + (l.data.length === 0 ? 0 : n % l.data.length),
          "last byte": file.length - 1,
        }[part];
        checkFile(file.slice(0, cut));
      }),
      { seed: 7104, numRuns: 300 },
    );
  });

  it("reject length fields that lie", () => {
    fc.assert(
      fc.property(layouts, fc.nat(), (l, which) => {
        const header = encodeText(JSON.stringify(l.header));
        const lies = lengthLies(header.length, 8 + header.length + l.data.length);
        checkFile(assemble(header, l.data, lies[which % lies.length]));
      }),
      { seed: 7105, numRuns: 300 },
    );
  });
});
