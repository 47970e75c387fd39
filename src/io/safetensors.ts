// Reading and writing safetensors files (https://github.com/huggingface/safetensors), the format
// PyTorch, JAX and TensorFlow tools share. Values are copied between the file bytes and Wasm memory
// as they are: both are little-endian whatever the host.
import { bytesPerElement } from "../dtype.js";
import { alloc, free, U8 } from "../engine/heap.js";
import { K } from "../engine/wasm.js";
import { B_SCALAR } from "../ops/broadcast.js";
import { describe } from "../shape.js";
import { allocTensor, Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import {
  asBytes,
  checkWellFormed,
  compareCodePoints,
  FILE_DTYPE,
  gradtapeDType,
  LENGTH_BYTES,
  MAX_HEADER_BYTES,
  METADATA_KEY,
  type NamedEntry,
  parseHeader,
  type SafetensorsHeader,
  setEntry,
  WRITE_RANK,
} from "./safetensors-header.js";

interface Placed {
  name: string;
  tensor: Tensor;
}

/**
 * Encodes tensors (and variables' current values) as a safetensors file. `metadata` is stored as the
 * free-form `__metadata__` strings. Tensors are laid out as the reference writer does: larger dtypes
 * first, then by name, so the bytes match what Python's `safetensors` writes for the same tensors.
 */
export function saveSafetensors(record: Record<string, Tensor | Variable>, metadata?: Record<string, string>): Uint8Array {
  const where = "saveSafetensors";
  const placed = collectTensors(record, where);
  placed.sort(
    (a, b) => WRITE_RANK[b.tensor.dtype] - WRITE_RANK[a.tensor.dtype] || compareCodePoints(a.name, b.name),
  );
  let json = "{";
  if (metadata !== undefined) json += `${JSON.stringify(METADATA_KEY)}:${metadataJson(metadata, where)}`;
  let offset = 0;
  for (const { name, tensor } of placed) {
    const end = offset + tensor.byteLength;
    if (json.length > 1) json += ",";
    json +=
      `${JSON.stringify(name)}:{"dtype":"${FILE_DTYPE[tensor.dtype]}","shape":[${tensor.shape.join(",")}],` +
      `"data_offsets":[${offset},${end}]}`;
    offset = end;
  }
  json += "}";
  const text = new TextEncoder().encode(json);
  // Spaces pad the header so the data area starts 8-byte aligned.
  const headerBytes = Math.ceil(text.length / LENGTH_BYTES) * LENGTH_BYTES;
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new Error(
      `${where}: the header would be ${headerBytes} bytes, over the ${MAX_HEADER_BYTES.toLocaleString("en-US")}-byte limit ` +
        `of safetensors readers; save fewer tensors per file or less metadata`,
    );
  }
  const dataStart = LENGTH_BYTES + headerBytes;
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true);
  view.setUint32(4, 0, true);
  out.set(text, LENGTH_BYTES);
  out.fill(0x20, LENGTH_BYTES + text.length, dataStart);
  let at = dataStart;
  for (const { tensor } of placed) {
    out.set(U8.subarray(tensor.ptr, tensor.ptr + tensor.byteLength), at);
    at += tensor.byteLength;
  }
  return out;
}

/**
 * Decodes a safetensors file into new tensors, by name. The whole header is checked before any
 * tensor is made, so a corrupt file throws and allocates nothing. gradtape reads F32, F64, I32 and
 * BOOL tensors; the metadata is in `readSafetensorsHeader(bytes).metadata`.
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const where = "loadSafetensors";
  const data = asBytes(bytes, where);
  const { entries, dataStart } = parseHeader(data, where);
  const tensors = readTensors(data, dataStart, entries, where);
  const out: Record<string, Tensor> = {};
  for (let i = 0; i < entries.length; i++) setEntry(out, entries[i].name, tensors[i]);
  return out;
}

/**
 * @internal New tensors holding the given (validated) entries of a file. Every dtype is checked
 * before the first allocation, and a failure frees whatever was made.
 */
export function readTensors(data: Uint8Array, dataStart: number, entries: NamedEntry[], where: string): Tensor[] {
  const dtypes = entries.map((e) => gradtapeDType(e.name, e, where));
  const made: Tensor[] = [];
  try {
    for (let i = 0; i < entries.length; i++) made.push(allocTensor(entries[i].shape.slice(), dtypes[i]));
    // Allocation may have grown memory, which replaces U8: it is read afresh here.
    for (let i = 0; i < entries.length; i++) {
      const [begin, end] = entries[i].dataOffsets;
      U8.set(data.subarray(dataStart + begin, dataStart + end), made[i].ptr);
    }
    normalizeBools(made);
  } catch (err) {
    for (const t of made) t.dispose();
    throw err;
  }
  return made;
}

/**
 * The header of a safetensors file: its metadata strings and each tensor's dtype, shape and byte
 * range, validated as `loadSafetensors` does (dtypes gradtape cannot load are listed too). Reads no
 * tensor data.
 */
export function readSafetensorsHeader(bytes: Uint8Array | ArrayBuffer): SafetensorsHeader {
  return parseHeader(asBytes(bytes, "readSafetensorsHeader"), "readSafetensorsHeader").header;
}

function collectTensors(record: Record<string, Tensor | Variable>, where: string): Placed[] {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new TypeError(`${where}: expected an object mapping names to tensors or variables, got ${describe(record)}`);
  }
  const placed: Placed[] = [];
  for (const name of Object.keys(record)) {
    if (name === METADATA_KEY) {
      throw new Error(`${where}: a tensor cannot be named ${METADATA_KEY}, which safetensors reserves for the metadata; rename it`);
    }
    checkWellFormed(name, "the tensor name", where);
    const value: unknown = record[name];
    let tensor: Tensor;
    if (value instanceof Tensor) tensor = value;
    else if (value instanceof Variable) tensor = value.tensor;
    else {
      throw new TypeError(`${where}: ${JSON.stringify(name)} is ${describe(value)}; save only tensors and variables (make one with tf.tensor)`);
    }
    tensor.assertAlive(`${where} (${JSON.stringify(name)})`);
    placed.push({ name, tensor });
  }
  return placed;
}

function metadataJson(metadata: Record<string, string>, where: string): string {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new TypeError(`${where}: metadata must be an object of strings, got ${describe(metadata)}`);
  }
  const keys = Object.keys(metadata).sort(compareCodePoints);
  const parts: string[] = [];
  for (const key of keys) {
    const value: unknown = metadata[key];
    if (typeof value !== "string") {
      throw new TypeError(
        `${where}: metadata values must be strings (the format allows nothing else), but ${JSON.stringify(key)} is ${describe(value)}; ` +
          `convert it, for example with String(value) or JSON.stringify(value)`,
      );
    }
    checkWellFormed(key, "the metadata key", where);
    checkWellFormed(value, `the metadata value of ${JSON.stringify(key)}`, where);
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A bool byte other than 0 reads as true (as NumPy does); gradtape's bool kernels expect exactly 0 or 1. */
function normalizeBools(tensors: Tensor[]): void {
  const bools = tensors.filter((t) => t.dtype === "bool" && t.size > 0);
  if (bools.length === 0) return;
  const zero = alloc(bytesPerElement("bool"));
  try {
    U8[zero] = 0;
    for (const t of bools) K.notEqual_u8(t.ptr, zero, t.ptr, t.size, B_SCALAR);
  } finally {
    free(zero);
  }
}
