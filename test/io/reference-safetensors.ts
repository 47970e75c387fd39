// An independent reader of the safetensors format, written from its description, used as the
// oracle of the fuzzers: it says whether a file is valid and which tensors (dtype, shape, bytes) it holds.
// Rules: an 8-byte little-endian header length N (at most 100,000,000, within the file); N bytes of
// UTF-8 JSON (a byte order mark is not JSON); a JSON object whose "__metadata__" (optional, null
// allowed) maps names to strings and whose other entries each have a known dtype, a shape of
// non-negative safe integers and data_offsets [begin, end]; in data order the tensors tile the data
// area exactly, and each holds exactly the bytes its dtype and shape need.

const BITS: Record<string, number> = {
  BOOL: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
};
/** The dtypes gradtape loads, by file name. */
export const LOADABLE: Record<string, string> = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };

export interface ReferenceTensor {
  dtype: string;
  shape: number[];
  /** The data bytes; BOOL bytes read as 0 or 1 (any non-zero byte is true). */
  bytes: Uint8Array;
}

export type ReferenceFile =
  | { valid: true; metadata: Map<string, string>; tensors: Map<string, ReferenceTensor> }
  | { valid: false; why: string };

function invalid(why: string): ReferenceFile {
  return { valid: false, why };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** Reads `file` as the format describes; `loadable` also requires dtypes gradtape can hold. */
export function readReference(file: Uint8Array, loadable: boolean): ReferenceFile {
  if (file.length < 8) return invalid("shorter than the length field");
  let n = 0;
  for (let i = 7; i >= 0; i--) n = n * 256 + file[i];
  if (n > 100_000_000) return invalid("header length over the limit");
  if (8 + n > file.length) return invalid("header length past the end");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file.subarray(8, 8 + n));
  } catch {
    return invalid("header not UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid("header not JSON");
  }
  if (!isPlainObject(json)) return invalid("header not an object");
  const metadata = new Map<string, string>();
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (key === "__metadata__") {
      if (value === null) continue;
      if (!isPlainObject(value)) return invalid("metadata not an object");
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== "string") return invalid("metadata value not a string");
        metadata.set(k, v);
      }
      continue;
    }
    if (!isPlainObject(value)) return invalid("entry not an object");
    const { dtype, shape, data_offsets: offsets } = value;
    if (typeof dtype !== "string" || !Object.hasOwn(BITS, dtype)) return invalid("unknown dtype");
    if (!Array.isArray(shape) || !shape.every(isCount)) return invalid("bad shape");
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) return invalid("bad offsets");
    entries.push({ name: key, dtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number });
  }
  const dataStart = 8 + n;
  const dataBytes = file.length - dataStart;
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of entries) {
    if (e.end < e.begin || e.begin !== covered || e.end > dataBytes) return invalid("offsets do not tile the data");
    let count = 1;
    for (const d of e.shape) count *= d;
    if (!Number.isSafeInteger(count)) return invalid("element count overflows");
    const bits = count * BITS[e.dtype];
    if (!Number.isSafeInteger(bits) || bits !== (e.end - e.begin) * 8) return invalid("byte count disagrees with shape");
    covered = e.end;
  }
  if (covered !== dataBytes) return invalid("trailing bytes");
  const tensors = new Map<string, ReferenceTensor>();
  for (const e of entries) {
    if (loadable && !Object.hasOwn(LOADABLE, e.dtype)) return invalid("dtype gradtape cannot load");
    const bytes = file.slice(dataStart + e.begin, dataStart + e.end);
    if (e.dtype === "BOOL") for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i] === 0 ? 0 : 1;
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, bytes });
  }
  return { valid: true, metadata, tensors };
}
