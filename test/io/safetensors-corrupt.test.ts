// Every way a safetensors file can be malformed gets a clear Error, and a failed load allocates nothing.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { f32Bytes, fileBytes, i32Bytes } from "./files.js";

const DATA = [...f32Bytes([1.5, -2]), ...i32Bytes([7])];
const VALID = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}';

/** A file whose header is `header` (the valid data unless given). */
function withHeader(header: string, data: number[] = DATA, pad = true): Uint8Array {
  return fileBytes(header, data, pad);
}

/** The valid file with its 8-byte length replaced. */
function withLength(low: number, high = 0): Uint8Array {
  const bytes = withHeader(VALID);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, low, true);
  view.setUint32(4, high, true);
  return bytes;
}

function entry(fields: string): string {
  return `{"a":{${fields}}}`;
}

const PLAIN_A = '"dtype":"F32","shape":[2],"data_offsets":[0,8]';
const A_ONLY = DATA.slice(0, 8);
const ENTRY = "must be an object with dtype, shape and data_offsets";

/** name, file bytes, expected message; `headerOk` marks cases readSafetensorsHeader accepts (dtypes gradtape cannot load). */
const CASES: { name: string; bytes: Uint8Array; message: RegExp; headerOk?: boolean }[] = [
  { name: "an empty file", bytes: new Uint8Array(0), message: /the file has 0 bytes, fewer than the 8-byte header length/ },
  { name: "a file of 7 bytes", bytes: new Uint8Array([8, 0, 0, 0, 0, 0, 0]), message: /the file has 7 bytes, fewer than the 8-byte/ },
  { name: "a header length over 100,000,000", bytes: withLength(100_000_001), message: /header length is 100000001 bytes, over the 100,000,000-byte limit/ },
  { name: "a header length of 2^64 - 1", bytes: withLength(0xffffffff, 0xffffffff), message: /over the 100,000,000-byte limit/ },
  { name: "a header length past the end of the file", bytes: withLength(1000), message: /header length is 1000 bytes but only 124 bytes follow it/ },
  { name: "only a header length", bytes: new Uint8Array([60, 0, 0, 0, 0, 0, 0, 0]), message: /header length is 60 bytes but only 0 bytes follow it/ },
  { name: "a header that is not UTF-8", bytes: fileBytes("{}").map((b, i) => (i === 9 ? 0xff : b)), message: /the header is not valid UTF-8/ },
  { name: "a header with a byte order mark", bytes: withHeader(`\uFEFF${VALID}`), message: /the header is not valid JSON/ },
  { name: "a header that is not JSON", bytes: withHeader("{", [], false), message: /the header is not valid JSON \(.+\); the file is truncated, corrupt/ },
  { name: "a JSON array header", bytes: withHeader("[]", []), message: /the header must be a JSON object of tensor entries, but it is an array/ },
  { name: "a JSON null header", bytes: withHeader("null", []), message: /the header must be a JSON object of tensor entries, but it is null/ },
  { name: "a JSON string header", bytes: withHeader('"x"', []), message: /must be a JSON object of tensor entries, but it is the string "x"/ },
  { name: "an entry that is a number", bytes: withHeader('{"a":5}', []), message: new RegExp(`the header entry of tensor "a" ${ENTRY}, but it is number 5`) },
  { name: "an entry without dtype", bytes: withHeader(entry('"shape":[2],"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has no dtype; every entry needs a dtype string/ },
  { name: "a numeric dtype", bytes: withHeader(entry('"dtype":1,"shape":[2],"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has dtype number 1; every entry needs a dtype string/ },
  { name: "an entry without shape", bytes: withHeader(entry('"dtype":"F32","data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has no shape; every entry needs a shape array/ },
  { name: "a shape that is not an array", bytes: withHeader(entry('"dtype":"F32","shape":2,"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has shape number 2; every entry needs a shape array/ },
  { name: "a negative dimension", bytes: withHeader(entry('"dtype":"F32","shape":[-2],"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has shape \[-2\]; every dimension must be a non-negative integer/ },
  { name: "a fractional dimension", bytes: withHeader(entry('"dtype":"F32","shape":[1.5],"data_offsets":[0,8]'), A_ONLY), message: /shape \[1.5\]; every dimension must be a non-negative integer/ },
  { name: "a string dimension", bytes: withHeader(entry('"dtype":"F32","shape":["2"],"data_offsets":[0,8]'), A_ONLY), message: /shape \["2"\]; every dimension must be a non-negative integer/ },
  { name: "a dimension past 2^64", bytes: withHeader(entry('"dtype":"I32","shape":[2,18446744073709551614],"data_offsets":[0,8]'), A_ONLY), message: /every dimension must be a non-negative integer/ },
  { name: "an element count that overflows", bytes: withHeader(entry('"dtype":"I32","shape":[67108864,67108864,67108864],"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has shape \[67108864,67108864,67108864\], whose element count overflows/ },
  { name: "an entry without data_offsets", bytes: withHeader(entry('"dtype":"F32","shape":[2]'), A_ONLY), message: /tensor "a" has no data_offsets; every entry needs data_offsets \[begin, end\]/ },
  { name: "three data_offsets", bytes: withHeader(entry('"dtype":"F32","shape":[2],"data_offsets":[0,4,8]'), A_ONLY), message: /has data_offsets \[0,4,8\]; every entry needs data_offsets \[begin, end\]/ },
  { name: "a negative offset", bytes: withHeader(entry('"dtype":"F32","shape":[2],"data_offsets":[-8,0]'), A_ONLY), message: /has data_offsets \[-8,0\]; every entry needs/ },
  { name: "string offsets", bytes: withHeader(entry('"dtype":"F32","shape":[2],"data_offsets":["0","8"]'), A_ONLY), message: /has data_offsets \["0","8"\]; every entry needs/ },
  { name: "an unknown dtype", bytes: withHeader(entry('"dtype":"Q8","shape":[8],"data_offsets":[0,8]'), A_ONLY), message: /tensor "a" has unknown dtype "Q8"; safetensors dtypes are BOOL, .*, U64, and gradtape reads F32, F64, I32 and BOOL/ },
  { name: "a lowercase dtype", bytes: withHeader(entry('"dtype":"f32","shape":[2],"data_offsets":[0,8]'), A_ONLY), message: /unknown dtype "f32"/ },
  ...["BF16", "F16", "I16"].map((dtype) => ({
    name: `dtype ${dtype}`,
    bytes: withHeader(entry(`"dtype":"${dtype}","shape":[4],"data_offsets":[0,8]`), A_ONLY),
    message: new RegExp(`tensor "a" has dtype ${dtype}, which gradtape does not support; gradtape reads F32, F64, I32 and BOOL`),
    headerOk: true,
  })),
  ...["I64", "U64", "C64"].map((dtype) => ({
    name: `dtype ${dtype}`,
    bytes: withHeader(entry(`"dtype":"${dtype}","shape":[1],"data_offsets":[0,8]`), A_ONLY),
    message: new RegExp(`has dtype ${dtype}, which gradtape does not support`),
    headerOk: true,
  })),
  { name: "dtype U8", bytes: withHeader(entry('"dtype":"U8","shape":[8],"data_offsets":[0,8]'), A_ONLY), message: /has dtype U8, which gradtape does not support/, headerOk: true },
  { name: "metadata that is not an object", bytes: withHeader(`{"__metadata__":[],"a":{${PLAIN_A}}}`, A_ONLY), message: /__metadata__ must be an object of strings, but it is an array/ },
  { name: "a metadata value that is not a string", bytes: withHeader(`{"__metadata__":{"epoch":3},"a":{${PLAIN_A}}}`, A_ONLY), message: /__metadata__ must map names to strings, but "epoch" is number 3/ },
  { name: "offsets that end before they begin", bytes: withHeader(entry('"dtype":"F32","shape":[2],"data_offsets":[8,0]'), A_ONLY), message: /tensor "a" has data_offsets \[8,0\], which end before they begin/ },
  {
    name: "a gap between tensors",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[12,16]}}', [...DATA, 0, 0, 0, 0]),
    message: /tensor "b" has data_offsets \[12,16\] but the previous tensor ends at byte 8, leaving a gap of 4 bytes; safetensors requires the tensors to cover the data area exactly/,
  },
  {
    name: "a gap before the first tensor",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', DATA),
    message: /tensor "a" has data_offsets \[4,12\] but the previous tensor ends at byte 0, leaving a gap of 4 bytes/,
  },
  {
    name: "overlapping tensors",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]}}'),
    message: /tensor "b" has data_offsets \[4,12\] but the previous tensor ends at byte 8, so they overlap/,
  },
  {
    name: "two tensors on the same bytes",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', A_ONLY),
    message: /has data_offsets \[0,8\] but the previous tensor ends at byte 8, so they overlap/,
  },
  {
    name: "offsets past the data area",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[8,16]}}'),
    message: /tensor "b" has data_offsets \[8,16\] but the data area has only 12 bytes; the file is truncated or corrupt/,
  },
  { name: "a truncated data area", bytes: withHeader(VALID).slice(0, -2), message: /tensor "b" has data_offsets \[8,12\] but the data area has only 10 bytes/ },
  {
    name: "a shape that does not fill its offsets",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}'),
    message: /tensor "a" \(F32 \[3\]\) needs 12 bytes but its data_offsets \[0,8\] hold 8; the shape, dtype and offsets disagree/,
  },
  { name: "a 0-dim tensor with no bytes", bytes: withHeader(entry('"dtype":"I32","shape":[],"data_offsets":[0,0]'), []), message: /tensor "a" \(I32 \[\]\) needs 4 bytes but its data_offsets \[0,0\] hold 0/ },
  { name: "trailing bytes after the last tensor", bytes: withHeader(VALID, [...DATA, 1, 2, 3, 4]), message: /the tensors cover 12 bytes but the data area has 16: 4 trailing bytes; safetensors requires/ },
  { name: "data and no tensors", bytes: withHeader("{}", [0]), message: /the tensors cover 0 bytes but the data area has 1: 1 trailing byte;/ },
  {
    name: "a duplicated name (the last entry wins, leaving bytes no tensor covers)",
    bytes: withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', A_ONLY),
    message: /4 trailing bytes/,
  },
];

describe("tf.io.loadSafetensors rejects malformed files", () => {
  // Warm up the allocator so that a failure's memory accounting is exact.
  tf.io.loadSafetensors(withHeader(VALID));

  it.each(CASES)("$name", ({ bytes, message, headerOk }) => {
    const before = tf.memory();
    let error: unknown;
    try {
      tf.io.loadSafetensors(bytes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^loadSafetensors: /);
    expect((error as Error).message).toMatch(message);
    if (headerOk) expect(() => tf.io.readSafetensorsHeader(bytes)).not.toThrow();
    else expect(() => tf.io.readSafetensorsHeader(bytes)).toThrow(message);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(tf.matmul([[1, 2]], [[3], [4]]).array()).toEqual([[11]]);
    expect(tf.io.loadSafetensors(withHeader(VALID)).a.array()).toEqual([1.5, -2]);
  });

  it("the valid base file loads", () => {
    const loaded = tf.io.loadSafetensors(withHeader(VALID));
    expect(loaded.a.array()).toEqual([1.5, -2]);
    expect(loaded.b.array()).toEqual([7]);
  });
});
