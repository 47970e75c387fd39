// `gradtape/core`: every public name, and `init(source)` for hosts that must supply the .wasm
// themselves (Cloudflare Workers pass a precompiled WebAssembly.Module).
export * from "./api.js";
export { init, type WasmSource } from "./engine/wasm.js";
