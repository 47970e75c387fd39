// Every op, by family. Each name here is a `tf.*` function and (see methods.ts) a Tensor method.
export * from "./binary.js";
export * from "./cast.js";
export * from "./create.js";
export * from "./matmul.js";
export * from "./movement.js";
export * from "./norm.js";
export * from "./reduce.js";
export * from "./segment.js";
export * from "./select.js";
export * from "./softmax.js";
export * from "./unary.js";
