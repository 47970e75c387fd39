// The whole export surface of gradtape.wasm: one re-export per kernel family.
export { argsPtr, heapBase } from "./args";
export * from "./binary";
export * from "./cast";
export * from "./fill";
export * from "./matmul";
export * from "./movement";
export * from "./numerics";
export * from "./optim";
export * from "./random";
export * from "./reduce";
export * from "./reduce-arg";
export * from "./reduce-norm";
export * from "./segment";
export * from "./select";
export * from "./sequence";
export * from "./softmax";
export * from "./unary";
