// Safetensors files built by hand from the format's description, independently of tf.io.

/** 8-byte little-endian header length, the UTF-8 JSON header (space-padded to 8 bytes unless `pad` is false), the data. */
export function fileBytes(header: string, data: ArrayLike<number> = [], pad = true): Uint8Array {
  const json = new TextEncoder().encode(header);
  const n = pad ? Math.ceil(json.length / 8) * 8 : json.length;
  const out = new Uint8Array(8 + n + data.length);
  let rest = n;
  for (let i = 0; i < 8; i++) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  out.set(data, 8 + n);
  return out;
}

/** Little-endian bytes of float32 values. */
export function f32Bytes(values: number[]): number[] {
  return bytesOf(values, 4, (v, i, x) => v.setFloat32(i, x, true));
}

export function f64Bytes(values: number[]): number[] {
  return bytesOf(values, 8, (v, i, x) => v.setFloat64(i, x, true));
}

export function i32Bytes(values: number[]): number[] {
  return bytesOf(values, 4, (v, i, x) => v.setInt32(i, x, true));
}

function bytesOf(values: number[], width: number, set: (v: DataView, at: number, x: number) => void): number[] {
  const view = new DataView(new ArrayBuffer(values.length * width));
  values.forEach((x, i) => set(view, i * width, x));
  return [...new Uint8Array(view.buffer)];
}

/** The JSON header of a file, as text. */
export function headerText(bytes: Uint8Array): string {
  let n = 0;
  for (let i = 7; i >= 0; i--) n = n * 256 + bytes[i];
  return new TextDecoder().decode(bytes.subarray(8, 8 + n));
}
