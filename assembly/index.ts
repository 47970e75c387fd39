// The whole export surface of gradtape.wasm: one re-export per kernel family.
export { argsPtr, heapBase } from "./args";
export * from "./fill";
export * from "./unary";
