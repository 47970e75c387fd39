// Fused in-place optimizer steps: one call per variable per step updates the variable and its slots,
// f32x4 / f64x2 lanes with a scalar tail, every operation rounded in the variable's dtype in the
// order Keras 3 computes it (no fused multiply-add). Scalars (learning rate, alpha, 1 - beta, ...)
// come from the host already rounded to the dtype.
export * from "./optim-adagrad";
export * from "./optim-adam";
export { weight_decay_f32, weight_decay_f64 } from "./optim-decay";
export * from "./optim-rmsprop";
export * from "./optim-sgd";
