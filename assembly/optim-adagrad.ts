// Adagrad in place, in Keras's op order:
//   acc = acc + g * g
//   w = w - (lr * g) / sqrt(acc + epsilon)
// `decays` first applies weight decay (optim-decay.ts) with rate `wd`.
import { decayed, decayedLanes } from "./optim-decay";

// @ts-ignore: decorator
@inline function adagrad<T>(w: usize, acc: usize, g: usize, n: i32, lr: T, epsilon: T, decays: bool, wd: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const lrV = v128.splat<T>(lr);
  const epsilonV = v128.splat<T>(epsilon);
  const wdV = v128.splat<T>(wd);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    let wv = v128.load(w + j);
    if (decays) wv = decayedLanes<T>(wv, wdV, lrV);
    const gv = v128.load(g + j);
    const accV = v128.add<T>(v128.load(acc + j), v128.mul<T>(gv, gv));
    v128.store(acc + j, accV);
    v128.store(w + j, v128.sub<T>(wv, v128.div<T>(v128.mul<T>(lrV, gv), v128.sqrt<T>(v128.add<T>(accV, epsilonV)))));
  }
  for (; j < bytes; j += size) {
    let wj = load<T>(w + j);
    if (decays) wj = decayed<T>(wj, wd, lr);
    const gj = load<T>(g + j);
    const accJ = load<T>(acc + j) + gj * gj;
    store<T>(acc + j, accJ);
    store<T>(w + j, wj - (lr * gj) / sqrt<T>(accJ + epsilon));
  }
}

export function adagrad_f32(w: usize, acc: usize, g: usize, n: i32, lr: f32, epsilon: f32, decays: bool, wd: f32): void {
  adagrad<f32>(w, acc, g, n, lr, epsilon, decays, wd);
}

export function adagrad_f64(w: usize, acc: usize, g: usize, n: i32, lr: f64, epsilon: f64, decays: bool, wd: f64): void {
  adagrad<f64>(w, acc, g, n, lr, epsilon, decays, wd);
}

/**
 * The step on the listed rows only: for each of `count` distinct row ids at `rows` (i32), over
 * `rowLength` values, where g is the summed (dense) gradient. Rows not listed have a zero gradient,
 * for which the dense step changes nothing.
 */
// @ts-ignore: decorator
@inline function adagradRows<T>(w: usize, acc: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: T, epsilon: T): void {
  const rowBytes = <usize>rowLength * sizeof<T>();
  for (let i = 0; i < count; i++) {
    const offset = <usize>load<i32>(rows + (<usize>i << 2)) * rowBytes;
    adagrad<T>(w + offset, acc + offset, g + offset, rowLength, lr, epsilon, false, 0);
  }
}

export function adagrad_rows_f32(
  w: usize, acc: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: f32, epsilon: f32,
): void {
  adagradRows<f32>(w, acc, g, rows, count, rowLength, lr, epsilon);
}

export function adagrad_rows_f64(
  w: usize, acc: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: f64, epsilon: f64,
): void {
  adagradRows<f64>(w, acc, g, rows, count, rowLength, lr, epsilon);
}
