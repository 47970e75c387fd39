// Valid safetensors files and the ways they get broken: bit flips, truncations, lying length fields,
// and header edits (offsets that overlap, leave gaps, run past the end or are reversed; unknown
// dtypes; shapes that disagree with the bytes or overflow; duplicate names; metadata of the wrong
// type; non-UTF-8, invalid JSON, a byte order mark, trailing garbage, a huge header).
import fc from "fast-check";

export interface TensorSpec {
  name: string;
  dtype: string;
  shape: number[];
}

const WIDTH: Record<string, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1, BF16: 2, U8: 1 };

/** Names that have tripped readers: prototype keys, a slash, non-ASCII. */
const NAMES = ["a", "b", "w/0000", "__proto__", "constructor", "toString", "é", "😀", "", " "];

export const tensorSpecs: fc.Arbitrary<TensorSpec[]> = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom(...NAMES),
    dtype: fc.constantFrom("F32", "F32", "F64", "I32", "BOOL", "BF16", "U8"),
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  }),
  { selector: (t) => t.name, maxLength: 4 },
);

export interface Layout {
  header: Record<string, unknown>;
  data: Uint8Array;
}

function byteCount(t: TensorSpec): number {
  return t.shape.reduce((n, d) => n * d, 1) * WIDTH[t.dtype];
}

/** A valid layout: tensors placed in `order` (a permutation seed), data bytes from `seed`. */
export function layout(specs: TensorSpec[], order: number, seed: number, metadata: Record<string, string> | null): Layout {
  const placed = specs.slice();
  for (let i = placed.length - 1; i > 0; i--) {
    const j = (order + i * 7) % (i + 1);
    [placed[i], placed[j]] = [placed[j], placed[i]];
  }
  const header: Record<string, unknown> = {};
  if (metadata !== null) header.__metadata__ = metadata;
  let offset = 0;
  const offsets = new Map<string, [number, number]>();
  for (const t of placed) {
    offsets.set(t.name, [offset, offset + byteCount(t)]);
    offset += byteCount(t);
  }
  for (const t of specs) {
    Object.defineProperty(header, t.name, {
      value: { dtype: t.dtype, shape: t.shape, data_offsets: offsets.get(t.name) },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const data = new Uint8Array(offset);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return { header, data };
}

/** 8-byte little-endian `length` (the header's byte count unless given), the header bytes, the data. */
export function assemble(headerBytes: Uint8Array, data: Uint8Array, length: bigint = BigInt(headerBytes.length)): Uint8Array {
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

export function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function fileOf(l: Layout): Uint8Array {
  return assemble(encodeText(JSON.stringify(l.header)), l.data);
}

/** A change to one file; `apply` never mutates its input. */
export interface Mutation {
  readonly label: string;
  apply(l: Layout): Uint8Array;
}

function entryAt(l: Layout, index: number): Record<string, unknown> | null {
  const names = Object.keys(l.header).filter((k) => k !== "__metadata__");
  if (names.length === 0) return null;
  return l.header[names[index % names.length]] as Record<string, unknown>;
}

/** A header edit on a deep copy of entry `pick` (modulo their count); the length field stays truthful. */
function headerEdit(label: string, edit: (header: Record<string, unknown>, entry: Record<string, unknown> | null) => void, pick = 0): Mutation {
  return {
    label,
    apply(l) {
      const header = JSON.parse(JSON.stringify(l.header)) as Record<string, unknown>;
      edit(header, entryAt({ header, data: l.data }, pick));
      return assemble(encodeText(JSON.stringify(header)), l.data);
    },
  };
}

function offsetsEdit(label: string, change: (o: [number, number]) => unknown, pick: number): Mutation {
  return headerEdit(
    label,
    (_, e) => {
      if (e !== null) e.data_offsets = change(e.data_offsets as [number, number]);
    },
    pick,
  );
}

function textEdit(label: string, edit: (bytes: Uint8Array) => Uint8Array): Mutation {
  return { label, apply: (l) => assemble(edit(encodeText(JSON.stringify(l.header))), l.data) };
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: number[]): Uint8Array {
  const i = Math.min(at, bytes.length);
  return Uint8Array.from([...bytes.subarray(0, i), ...insert, ...bytes.subarray(Math.min(bytes.length, i + remove))]);
}

/** Every structural mutation; `k` (1..8) sizes the shifts and picks positions. */
export function structuralMutations(k: number): Mutation[] {
  return [
    offsetsEdit(`overlap the previous tensor by ${k}`, ([b, e]) => [Math.max(0, b - k), e], k),
    offsetsEdit(`overlap partially (shift by ${k})`, ([b, e]) => [Math.max(0, b - k), Math.max(0, e - k)], k),
    offsetsEdit(`leave a gap of ${k}`, ([b, e]) => [b + k, e + k], k),
    offsetsEdit(`run ${k} past the end`, ([b, e]) => [b, e + k], k),
    offsetsEdit("reversed offsets", ([b, e]) => [e, b], k),
    offsetsEdit("offsets of 2**53", ([b]) => [b, 2 ** 53], k),
    offsetsEdit("negative offsets", ([b, e]) => [-e, -b], k),
    offsetsEdit("fractional offsets", ([b, e]) => [b + 0.5, e], k),
    offsetsEdit("three offsets", ([b, e]) => [b, e, e], k),
    offsetsEdit("string offsets", ([b, e]) => [String(b), String(e)], k),
    headerEdit("unknown dtype", (_, e) => e !== null && (e.dtype = "Q8"), k),
    headerEdit("lowercase dtype", (_, e) => e !== null && (e.dtype = "f32"), k),
    headerEdit("numeric dtype", (_, e) => e !== null && (e.dtype = 32), k),
    headerEdit("dtype changed to one of another width", (_, e) => e !== null && (e.dtype = e.dtype === "F64" ? "F32" : "F64"), k),
    headerEdit(`shape grown by ${k}`, (_, e) => e !== null && (e.shape = [...(e.shape as number[]), k + 1]), k),
    headerEdit("shape emptied", (_, e) => e !== null && (e.shape = []), k),
    headerEdit("shape overflowing", (_, e) => e !== null && (e.shape = [2 ** 53 - 1, 2 ** 53 - 1, 0]), k),
    headerEdit("shape past 2**53", (_, e) => e !== null && (e.shape = [2 ** 60]), k),
    headerEdit("negative dimension", (_, e) => e !== null && (e.shape = [-k]), k),
    headerEdit("shape not an array", (_, e) => e !== null && (e.shape = k), k),
    headerEdit("entry that is a number", (h) => {
      for (const key of Object.keys(h)) if (key !== "__metadata__") h[key] = k;
    }),
    headerEdit("metadata a number", (h) => (h.__metadata__ = k), k),
    headerEdit("metadata an array", (h) => (h.__metadata__ = ["x"])),
    headerEdit("metadata with a number", (h) => (h.__metadata__ = { epoch: k })),
    headerEdit("metadata null", (h) => (h.__metadata__ = null)),
    headerEdit("header an array", (h) => {
      for (const key of Object.keys(h)) delete h[key];
      h.length = 0;
    }),
    textEdit("duplicate name", (bytes) => {
      const text = new TextDecoder().decode(bytes);
      const m = /^\{("(?:[^"\\]|\\.)*":\{[^}]*\})/.exec(text);
      return m === null ? bytes : encodeText(`{${m[1]},${text.slice(1)}`);
    }),
    textEdit("byte order mark", (bytes) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes])),
    textEdit("trailing garbage", (bytes) => Uint8Array.from([...bytes, 0x78])),
    textEdit("trailing brace", (bytes) => Uint8Array.from([...bytes, 0x7d])),
    textEdit("trailing spaces", (bytes) => Uint8Array.from([...bytes, 0x20, 0x20, 0x20])),
    textEdit("trailing NUL", (bytes) => Uint8Array.from([...bytes, 0])),
    textEdit(`a byte deleted at ${k}`, (bytes) => splice(bytes, k, 1, [])),
    textEdit(`invalid UTF-8 at ${k}`, (bytes) => splice(bytes, k, 0, [0xff])),
    textEdit(`overlong UTF-8 at ${k}`, (bytes) => splice(bytes, k, 0, [0xc0, 0xaf])),
    textEdit(`lone surrogate as UTF-8 at ${k}`, (bytes) => splice(bytes, k, 0, [0xed, 0xa0, 0x80])),
    textEdit("huge JSON (1 MB of spaces)", (bytes) => {
      const out = new Uint8Array(bytes.length + (1 << 20)).fill(0x20);
      out.set(bytes);
      return out;
    }),
  ];
}

/** The length field set to a lie: too big, too small, past the file, 2**53, 2**64 - 1 (-1 as i64). */
export function lengthLies(headerLength: number, fileLength: number): bigint[] {
  const n = BigInt(headerLength);
  return [
    0n, 1n, n - 1n, n + 1n, n - 8n, n + 8n, BigInt(fileLength - 8), BigInt(fileLength - 7), 2n ** 32n, 2n ** 32n + n,
    2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, 100_000_001n,
  ].filter((v) => v >= 0n);
}
