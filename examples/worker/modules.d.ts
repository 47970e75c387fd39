// What Workers hand a module for these imports (wrangler.toml's rules, config.capnp's module types):
// a .wasm file is a compiled WebAssembly.Module, a .safetensors file (Data) is an ArrayBuffer.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

declare module "*.safetensors" {
  const bytes: ArrayBuffer;
  export default bytes;
}
