// The default entry: instantiates the engine from inlined bytes during import, so
// `import * as tf from "gradtape"` is ready to use once the import resolves.
import { init } from "./engine/wasm.js";
import { wasmBase64 } from "./engine/wasm-bytes.generated.js";

export * from "./api.js";
export { init, type WasmSource } from "./engine/wasm.js";

if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") {
  throw new Error(
    'gradtape: Cloudflare Workers cannot compile Wasm from bytes: import from "gradtape/core" and ' +
      '`await init(wasm)` with `import wasm from "gradtape/gradtape.wasm"`',
  );
}
await init(decodeBase64(wasmBase64));

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
