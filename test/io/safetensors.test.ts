import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { randomValues } from "../util/reference.js";
import { f32Bytes, f64Bytes, fileBytes, headerText, i32Bytes } from "./files.js";

type DType = "float32" | "float64" | "int32" | "bool";

/** The raw bytes of a tensor's values, so -0, NaN payloads and every bit compare exactly. */
function rawBytes(t: tf.Tensor): Uint8Array {
  const data = t.data();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function expectSameValues(actual: tf.Tensor, expected: tf.Tensor, name = ""): void {
  expect(actual.dtype, name).toBe(expected.dtype);
  expect(actual.shape, name).toEqual(expected.shape);
  const a = rawBytes(actual);
  const e = rawBytes(expected);
  expect(a.length, name).toBe(e.length);
  const first = a.findIndex((byte, i) => byte !== e[i]);
  expect(first, `${name}: first differing byte`).toBe(-1);
}

function valuesFor(dtype: DType, n: number, seed: number): number[] {
  const special = dtype === "float32" || dtype === "float64" ? [NaN, Infinity, -Infinity, -0, 1e-40] : [];
  const values = randomValues(n, seed, -1e6, 1e6);
  for (let i = 0; i < Math.min(n, special.length); i++) values[i] = special[i];
  if (dtype === "int32") return values.map((v, i) => (i === 0 ? -2147483648 : i === 1 ? 2147483647 : Math.trunc(v)));
  if (dtype === "bool") return values.map((v) => (v > 0 ? 1 : 0));
  return values;
}

describe("tf.io safetensors round trip", () => {
  const shapes: number[][] = [[], [1], [7], [2, 3], [2, 0, 3], [0], [3, 1, 4, 1, 5]];
  for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
    for (const shape of shapes) {
      it(`${dtype} ${JSON.stringify(shape)}`, () => {
        const n = shape.reduce((a, b) => a * b, 1);
        const t = tf.tensor(valuesFor(dtype, n, 7 + n), shape, dtype);
        const loaded = tf.io.loadSafetensors(tf.io.saveSafetensors({ t }));
        expect(Object.keys(loaded)).toEqual(["t"]);
        expectSameValues(loaded.t, t);
        expect(loaded.t.ptr).not.toBe(t.ptr);
      });
    }
  }

  it("a large tensor (8 MiB of float64) and many tensors of every dtype together", () => {
    const big = tf.tensor(randomValues(1 << 20, 3), [1024, 1024], "float64");
    const record: Record<string, tf.Tensor> = { big };
    for (let i = 0; i < 40; i++) {
      const dtype = (["float32", "float64", "int32", "bool"] as const)[i % 4];
      record[`layer.${i}.w`] = tf.tensor(valuesFor(dtype, i, i), [i], dtype);
    }
    const bytes = tf.io.saveSafetensors(record);
    const loaded = tf.io.loadSafetensors(bytes);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(record).sort());
    for (const [name, t] of Object.entries(record)) {
      expectSameValues(loaded[name], t, name);
    }
    // The data area starts 8-byte aligned and the file has nothing else.
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(bytes.length).toBe(8 + n + Object.values(record).reduce((s, t) => s + t.byteLength, 0));
  });

  it("saves a variable's current value", () => {
    const v = new tf.Variable([1, 2, 3]);
    v.assign([4, 5, 6]);
    const loaded = tf.io.loadSafetensors(tf.io.saveSafetensors({ v }));
    expect(loaded.v.array()).toEqual([4, 5, 6]);
  });

  it("accepts an ArrayBuffer, and the tensors do not share the file's memory", () => {
    const bytes = tf.io.saveSafetensors({ x: tf.tensor([1, 2], [2], "int32") });
    const loaded = tf.io.loadSafetensors(bytes.slice().buffer);
    bytes.fill(0);
    expect(loaded.x.array()).toEqual([1, 2]);
    // A view into a larger buffer reads from its own offset.
    const file = tf.io.saveSafetensors({ x: tf.tensor([3], [1], "int32") });
    const padded = new Uint8Array(file.length + 16);
    padded.set(file, 5);
    expect(tf.io.loadSafetensors(padded.subarray(5, 5 + file.length)).x.array()).toEqual([3]);
  });

  it("names are kept exactly, including __proto__ and non-ASCII ones", () => {
    const record: Record<string, tf.Tensor> = {};
    for (const name of ["__proto__", "constructor", "", "é😀", 'quote"back\\slash', "line\nbreak"]) {
      Object.defineProperty(record, name, { value: tf.tensor([name.length]), enumerable: true });
    }
    const loaded = tf.io.loadSafetensors(tf.io.saveSafetensors(record));
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(record).sort());
    for (const name of Object.keys(record)) expect(loaded[name].array()).toEqual([name.length]);
  });
});

describe("tf.io safetensors bytes match the format's reference writer", () => {
  it("one F32 tensor: a 64-byte header that needs no padding", () => {
    const t = tf.tensor([0, 1, 2, 3, 4, 5], [1, 2, 3]);
    const expected = fileBytes('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}', f32Bytes([0, 1, 2, 3, 4, 5]));
    expect(expected[0]).toBe(64);
    expect([...tf.io.saveSafetensors({ "attn.0": t })]).toEqual([...expected]);
  });

  it("a header padded with spaces to a multiple of 8", () => {
    const t = tf.tensor([0, 1, 2, 3, 4, 5], [1, 1, 2, 3]);
    const bytes = tf.io.saveSafetensors({ attn0: t });
    expect(bytes[0]).toBe(72);
    expect(headerText(bytes).endsWith("}}       ")).toBe(true);
    expect([...bytes]).toEqual([
      ...fileBytes('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}', f32Bytes([0, 1, 2, 3, 4, 5])),
    ]);
  });

  it("no tensors, with and without metadata", () => {
    expect([...tf.io.saveSafetensors({})]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
    const withMetadata = tf.io.saveSafetensors({}, { framework: "pt" });
    expect(withMetadata[0]).toBe(40);
    expect([...withMetadata]).toEqual([...fileBytes('{"__metadata__":{"framework":"pt"}}')]);
    expect([...tf.io.saveSafetensors({}, {})]).toEqual([...fileBytes('{"__metadata__":{}}')]);
  });

  it("what Python's safetensors.numpy.save writes: F64 before F32 before I32 before BOOL, then by name", () => {
    // save({"z": f64[2], "b": f32[1,2], "a": f32[], "c": i32[3], "m": bool[2,0], "f": bool[3]}, metadata={"format": "np"})
    const record = {
      f: tf.tensor([true, false, true]),
      c: tf.tensor([1, -2, 2147483647], [3], "int32"),
      m: tf.zeros([2, 0], "bool"),
      b: tf.tensor([[1.5, -2]]),
      a: tf.tensor(0.25),
      z: tf.tensor([0.1, -1e300], [2], "float64"),
    };
    const header =
      '{"__metadata__":{"format":"np"},' +
      '"z":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},' +
      '"a":{"dtype":"F32","shape":[],"data_offsets":[16,20]},' +
      '"b":{"dtype":"F32","shape":[1,2],"data_offsets":[20,28]},' +
      '"c":{"dtype":"I32","shape":[3],"data_offsets":[28,40]},' +
      '"f":{"dtype":"BOOL","shape":[3],"data_offsets":[40,43]},' +
      '"m":{"dtype":"BOOL","shape":[2,0],"data_offsets":[43,43]}}';
    const data = [...f64Bytes([0.1, -1e300]), ...f32Bytes([0.25, 1.5, -2]), ...i32Bytes([1, -2, 2147483647]), 1, 0, 1];
    expect([...tf.io.saveSafetensors(record, { format: "np" })]).toEqual([...fileBytes(header, data)]);
  });

  it("names sort by Unicode code point (UTF-8 byte order), and JSON escapes match serde_json", () => {
    const names = ["\u{1F600}", "\uFFFF", "é", "b", "B", "ctl\u001f", 'q"\\'];
    const record: Record<string, tf.Tensor> = {};
    for (const name of names) record[name] = tf.tensor([1], [1], "bool");
    const header =
      '{"B":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]},' +
      '"b":{"dtype":"BOOL","shape":[1],"data_offsets":[1,2]},' +
      '"ctl\\u001f":{"dtype":"BOOL","shape":[1],"data_offsets":[2,3]},' +
      '"q\\"\\\\":{"dtype":"BOOL","shape":[1],"data_offsets":[3,4]},' +
      '"é":{"dtype":"BOOL","shape":[1],"data_offsets":[4,5]},' +
      '"\uFFFF":{"dtype":"BOOL","shape":[1],"data_offsets":[5,6]},' +
      '"\u{1F600}":{"dtype":"BOOL","shape":[1],"data_offsets":[6,7]}}';
    expect([...tf.io.saveSafetensors(record)]).toEqual([...fileBytes(header, [1, 1, 1, 1, 1, 1, 1])]);
  });

  it("metadata keys are written in code point order", () => {
    const bytes = tf.io.saveSafetensors({}, { b: "2", a: "1", "é": "ü" });
    expect(headerText(bytes).trimEnd()).toBe('{"__metadata__":{"a":"1","b":"2","é":"ü"}}');
  });
});

describe("tf.io reads files other writers produce", () => {
  it("an unpadded header with tensors listed out of data order and extra entry fields", () => {
    const header =
      '{"second":{"dtype":"I32","shape":[2],"data_offsets":[8,16],"note":"ignored"},' +
      '"first":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"__metadata__":null}';
    const bytes = fileBytes(header, [...f64Bytes([-2.5]), ...i32Bytes([7, -7])], false);
    const loaded = tf.io.loadSafetensors(bytes);
    expect(Object.keys(loaded)).toEqual(["first", "second"]);
    expect(loaded.first.dtype).toBe("float64");
    expect(loaded.first.array()).toBe(-2.5);
    expect(loaded.second.array()).toEqual([7, -7]);
    expect(tf.io.readSafetensorsHeader(bytes).metadata).toEqual({});
  });

  it("a header padded with JSON whitespace before and after", () => {
    const bytes = fileBytes(' \t\n\r{"x":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}\r\n\t ', [0, 1], false);
    expect(tf.io.loadSafetensors(bytes).x.array()).toEqual([0, 1]);
  });

  it("an empty tensor between others and the reference's 0-dim and zero-size examples", () => {
    const header =
      '{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[2,0],"data_offsets":[4,4]},' +
      '"s":{"dtype":"I32","shape":[],"data_offsets":[4,8]}}';
    const loaded = tf.io.loadSafetensors(fileBytes(header, [...i32Bytes([5]), ...i32Bytes([-9])]));
    expect(loaded.e.shape).toEqual([2, 0]);
    expect(loaded.s.array()).toBe(-9);
    const zeroSized = tf.io.loadSafetensors(fileBytes('{"test":{"dtype":"I32","shape":[2,0],"data_offsets":[0, 0]}}', [], false));
    expect(zeroSized.test.shape).toEqual([2, 0]);
  });

  it("BOOL bytes other than 0 read as true", () => {
    const loaded = tf.io.loadSafetensors(fileBytes('{"b":{"dtype":"BOOL","shape":[20],"data_offsets":[0,20]}}', [0, 1, 2, 255, 0, 128, 7, 0, 0, 1, 3, 0, 9, 9, 0, 0, 1, 2, 0, 254]));
    const expected = [0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1];
    expect(loaded.b.array()).toEqual(expected);
    expect(tf.equal(loaded.b, true).array()).toEqual(expected);
  });

  it("readSafetensorsHeader lists every tensor, including dtypes gradtape cannot load", () => {
    const header =
      '{"__metadata__":{"format":"pt","note":"ü"},"h":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},' +
      '"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const bytes = fileBytes(header, [0, 0, 0, 0, ...f32Bytes([1])]);
    expect(tf.io.readSafetensorsHeader(bytes)).toEqual({
      metadata: { format: "pt", note: "ü" },
      tensors: {
        h: { dtype: "BF16", shape: [2], dataOffsets: [0, 4] },
        w: { dtype: "F32", shape: [1], dataOffsets: [4, 8] },
      },
    });
    const before = tf.memory().numTensors;
    expect(() => tf.io.loadSafetensors(bytes)).toThrow(/tensor "h" has dtype BF16, which gradtape does not support; gradtape reads F32, F64, I32 and BOOL/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("tf.io metadata", () => {
  it("round-trips through readSafetensorsHeader", () => {
    const metadata = { epoch: "12", "": "empty key", note: "multi\nline \"quoted\" ü 😀", empty: "" };
    const bytes = tf.io.saveSafetensors({ w: tf.ones([2, 2]) }, metadata);
    expect(tf.io.readSafetensorsHeader(bytes).metadata).toEqual(metadata);
    expect(tf.io.loadSafetensors(bytes).w.array()).toEqual([[1, 1], [1, 1]]);
  });

  it("no metadata reads as an empty object", () => {
    expect(tf.io.readSafetensorsHeader(tf.io.saveSafetensors({ w: tf.ones([1]) })).metadata).toEqual({});
  });
});

describe("tf.io saveSafetensors errors", () => {
  const disposed = tf.ones([2]);
  disposed.dispose();
  const one = tf.ones([1]);
  const cases: [string, () => unknown, RegExp][] = [
    ["a tensor named __metadata__", () => tf.io.saveSafetensors({ __metadata__: one }), /saveSafetensors: a tensor cannot be named __metadata__/],
    ["a value that is not a tensor", () => tf.io.saveSafetensors({ w: [1, 2] as unknown as tf.Tensor }), /saveSafetensors: "w" is an array; save only tensors and variables/],
    ["a disposed tensor", () => tf.io.saveSafetensors({ w: disposed }), /saveSafetensors \("w"\): Tensor#\d+ \(float32 \[2\]\) was disposed/],
    ["a metadata value that is not a string", () => tf.io.saveSafetensors({}, { epoch: 3 as unknown as string }), /metadata values must be strings.*"epoch" is number 3/],
    ["a name with a lone surrogate", () => tf.io.saveSafetensors({ ["a\uD800"]: one }), /lone UTF-16 surrogate/],
    ["a record that is not an object", () => tf.io.saveSafetensors(null as unknown as Record<string, tf.Tensor>), /expected an object mapping names to tensors/],
    ["bytes that are not bytes", () => tf.io.loadSafetensors("file.safetensors" as unknown as Uint8Array), /loadSafetensors: expected the file's bytes as a Uint8Array or an ArrayBuffer/],
  ];
  it.each(cases)("%s", (_name, run, message) => {
    const before = tf.memory().numTensors;
    expect(run).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.add([1, 2], [3, 4]).array()).toEqual([4, 6]);
  });
});
