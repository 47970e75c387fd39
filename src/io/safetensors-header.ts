// The safetensors header: an 8-byte little-endian length N, then N bytes of UTF-8 JSON naming each
// tensor's dtype, shape and byte range in the data area that follows. Reading validates the whole
// header (types, dtypes, sizes, and that the tensors tile the data area exactly, as the reference
// reader requires) before anyone allocates a tensor.
import type { DType } from "../dtype.js";
import { describe, formatShape } from "../shape.js";

/** Readers reject longer headers (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;
export const LENGTH_BYTES = 8;
export const METADATA_KEY = "__metadata__";

/** Bits per element of every dtype the safetensors format defines, in the format's alignment order. */
const FORMAT_DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};
const FORMAT_DTYPES = Object.keys(FORMAT_DTYPE_BITS);

/** The file dtype of each gradtape dtype, and the writer's rank (tensors with a larger one come first). */
export const FILE_DTYPE: Readonly<Record<DType, string>> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
export const WRITE_RANK: Readonly<Record<DType, number>> = {
  float64: FORMAT_DTYPES.indexOf("F64"),
  float32: FORMAT_DTYPES.indexOf("F32"),
  int32: FORMAT_DTYPES.indexOf("I32"),
  bool: FORMAT_DTYPES.indexOf("BOOL"),
};
const GRADTAPE_DTYPE: Readonly<Record<string, DType>> = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };
export const SUPPORTED = "F32, F64, I32 and BOOL";

/** One tensor as the header describes it. */
export interface SafetensorsEntry {
  /** The file's dtype name: "F32", "BF16", ... */
  dtype: string;
  shape: number[];
  /** Byte range [begin, end) relative to the start of the data area. */
  dataOffsets: [number, number];
}

/** The parsed header of a safetensors file. */
export interface SafetensorsHeader {
  /** The `__metadata__` strings; empty when the file has none. */
  metadata: Record<string, string>;
  /** Every tensor by name, in the order of their data (JS objects list array-index names first). */
  tensors: Record<string, SafetensorsEntry>;
}

export type NamedEntry = SafetensorsEntry & { name: string };

export interface ParsedHeader {
  header: SafetensorsHeader;
  /** Entries in data order, with their names. */
  entries: NamedEntry[];
  /** Offset of the data area in the file. */
  dataStart: number;
}

/** The gradtape dtype of a file dtype; throws naming the dtype and what gradtape reads. */
export function gradtapeDType(name: string, entry: SafetensorsEntry, where: string): DType {
  const dtype = GRADTAPE_DTYPE[entry.dtype];
  if (dtype === undefined) {
    throw new Error(
      `${where}: tensor ${JSON.stringify(name)} has dtype ${entry.dtype}, which gradtape does not support; ` +
        `gradtape reads ${SUPPORTED} (float32, float64, int32, bool): convert the tensor before saving it ` +
        `(for example to float32 in the program that wrote the file)`,
    );
  }
  return dtype;
}

/** Copies a property without ever touching a prototype (a tensor may be named "__proto__"). */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Orders strings by Unicode code point, which is the byte order of their UTF-8 (the writer's name order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other UTF-16 unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws when a string cannot be written as UTF-8 (a lone surrogate), which safetensors readers reject. */
export function checkWellFormed(text: string, what: string, where: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new Error(`${where}: ${what} ${JSON.stringify(text)} contains a lone UTF-16 surrogate, which UTF-8 cannot encode; use a well-formed string`);
  }
}

/** The file bytes as a Uint8Array (no copy). */
export function asBytes(bytes: Uint8Array | ArrayBuffer, where: string): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError(`${where}: expected the file's bytes as a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
}

/** Parses and validates the header of `bytes`; allocates no tensor. */
export function parseHeader(bytes: Uint8Array, where: string): ParsedHeader {
  const corrupt = "the file is truncated, corrupt, or not a safetensors file";
  if (bytes.length < LENGTH_BYTES) {
    throw new Error(
      `${where}: the file has ${bytes.length} bytes, fewer than the 8-byte header length every safetensors file starts with; ${corrupt}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_BYTES);
  const headerBytes = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new Error(
      `${where}: the header length is ${headerBytes} bytes, over the ${MAX_HEADER_BYTES.toLocaleString("en-US")}-byte limit of ` +
        `safetensors readers; ${corrupt}`,
    );
  }
  const dataStart = LENGTH_BYTES + headerBytes;
  if (dataStart > bytes.length) {
    throw new Error(
      `${where}: the header length is ${headerBytes} bytes but only ${bytes.length - LENGTH_BYTES} bytes follow it; ${corrupt}`,
    );
  }
  const json = decodeHeaderText(bytes.subarray(LENGTH_BYTES, dataStart), where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error(`${where}: the header is not valid JSON (${(err as Error).message}); ${corrupt}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${where}: the header must be a JSON object of tensor entries, but it is ${describe(parsed)}; ${corrupt}`);
  }
  const header: SafetensorsHeader = { metadata: {}, tensors: {} };
  const entries: ParsedHeader["entries"] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === METADATA_KEY) header.metadata = readMetadata(value, where);
    else entries.push({ name, ...readEntry(name, value, where) });
  }
  // The writer lays tensors out in its own order; the data order is what must tile the data area.
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  checkLayout(entries, bytes.length - dataStart, where);
  for (const { name, ...entry } of entries) setEntry(header.tensors, name, entry);
  return { header, entries, dataStart };
}

function decodeHeaderText(bytes: Uint8Array, where: string): string {
  try {
    // Keep a byte order mark so that JSON.parse rejects it, as the reference reader does.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`${where}: the header is not valid UTF-8; the file is corrupt or not a safetensors file`);
  }
}

function readMetadata(value: unknown, where: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (value === null) return metadata;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${where}: ${METADATA_KEY} must be an object of strings, but it is ${describe(value)}`);
  }
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== "string") {
      throw new Error(`${where}: ${METADATA_KEY} must map names to strings, but ${JSON.stringify(key)} is ${describe(text)}`);
    }
    setEntry(metadata, key, text);
  }
  return metadata;
}

function readEntry(name: string, value: unknown, where: string): SafetensorsEntry {
  const tensor = `tensor ${JSON.stringify(name)}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: the header entry of ${tensor} must be an object with dtype, shape and data_offsets, but it is ${describe(value)}`);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== "string") {
    throw new Error(`${where}: ${tensor} has ${dtype === undefined ? "no dtype" : `dtype ${describe(dtype)}`}; every entry needs a dtype string such as "F32"`);
  }
  if (!Object.hasOwn(FORMAT_DTYPE_BITS, dtype)) {
    throw new Error(
      `${where}: ${tensor} has unknown dtype ${JSON.stringify(dtype)}; safetensors dtypes are ${FORMAT_DTYPES.join(", ")}, ` +
        `and gradtape reads ${SUPPORTED}`,
    );
  }
  if (!Array.isArray(shape)) {
    throw new Error(`${where}: ${tensor} has ${shape === undefined ? "no shape" : `shape ${describe(shape)}`}; every entry needs a shape array of non-negative integers`);
  }
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      throw new Error(
        `${where}: ${tensor} has shape ${JSON.stringify(shape)}; every dimension must be a non-negative integer ` +
          `(at most ${Number.MAX_SAFE_INTEGER})`,
      );
    }
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new Error(
      `${where}: ${tensor} has ${offsets === undefined ? "no data_offsets" : `data_offsets ${JSON.stringify(offsets)}`}; ` +
        `every entry needs data_offsets [begin, end]: two non-negative integers`,
    );
  }
  return { dtype, shape: shape.slice() as number[], dataOffsets: [offsets[0], offsets[1]] };
}

/** Tensors must cover the data area exactly: in data order, each begins where the previous ends. */
function checkLayout(entries: ParsedHeader["entries"], dataBytes: number, where: string): void {
  const rule = "safetensors requires the tensors to cover the data area exactly, without gaps or overlaps";
  let end = 0;
  for (const { name, dtype, shape, dataOffsets } of entries) {
    const tensor = `tensor ${JSON.stringify(name)}`;
    const [b, e] = dataOffsets;
    if (e < b) throw new Error(`${where}: ${tensor} has data_offsets [${b},${e}], which end before they begin; the file is corrupt`);
    if (b !== end) {
      throw new Error(
        `${where}: ${tensor} has data_offsets [${b},${e}] but the previous tensor ends at byte ${end}, ` +
          `${b < end ? "so they overlap" : `leaving a gap of ${b - end} bytes`}; ${rule}`,
      );
    }
    if (e > dataBytes) {
      throw new Error(
        `${where}: ${tensor} has data_offsets [${b},${e}] but the data area has only ${dataBytes} bytes; the file is truncated or corrupt`,
      );
    }
    const bits = elementCount(shape, tensor, where) * FORMAT_DTYPE_BITS[dtype];
    if (!Number.isSafeInteger(bits)) {
      throw new Error(`${where}: ${tensor} (${dtype} ${formatShape(shape)}) is too large to address; the file is corrupt`);
    }
    if (bits % 8 !== 0 || bits / 8 !== e - b) {
      throw new Error(
        `${where}: ${tensor} (${dtype} ${formatShape(shape)}) needs ${bits / 8} bytes but its data_offsets [${b},${e}] ` +
          `hold ${e - b}; the shape, dtype and offsets disagree, so the file is corrupt`,
      );
    }
    end = e;
  }
  if (end !== dataBytes) {
    throw new Error(
      `${where}: the tensors cover ${end} bytes but the data area has ${dataBytes}: ${dataBytes - end} trailing byte${dataBytes - end === 1 ? "" : "s"}; ${rule}`,
    );
  }
}

function elementCount(shape: number[], tensor: string, where: string): number {
  let n = 1;
  for (const d of shape) n *= d;
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${where}: ${tensor} has shape ${formatShape(shape)}, whose element count overflows; the file is corrupt`);
  }
  return n;
}
