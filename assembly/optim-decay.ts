// Weight decay as Keras applies it before an optimizer step: w = w - (w * wd) * lr, each product
// rounded in the variable's dtype. The step kernels fuse it (a `decays` flag); this kernel serves the
// row-wise (sparse) steps, whose decay still reaches every row.

// @ts-ignore: decorator
@inline export function decayedLanes<T>(w: v128, wd: v128, lr: v128): v128 {
  return v128.sub<T>(w, v128.mul<T>(v128.mul<T>(w, wd), lr));
}

// @ts-ignore: decorator
@inline export function decayed<T>(w: T, wd: T, lr: T): T {
  return w - w * wd * lr;
}

// @ts-ignore: decorator
@inline function weightDecay<T>(w: usize, n: i32, wd: T, lr: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const wdV = v128.splat<T>(wd);
  const lrV = v128.splat<T>(lr);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) v128.store(w + j, decayedLanes<T>(v128.load(w + j), wdV, lrV));
  for (; j < bytes; j += size) store<T>(w + j, decayed<T>(load<T>(w + j), wd, lr));
}

export function weight_decay_f32(w: usize, n: i32, wd: f32, lr: f32): void {
  weightDecay<f32>(w, n, wd, lr);
}

export function weight_decay_f64(w: usize, n: i32, wd: f64, lr: f64): void {
  weightDecay<f64>(w, n, wd, lr);
}
