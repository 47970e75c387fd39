// SGD steps in place, in Keras's op order:
//   plain:     w = w - g * lr
//   momentum:  m = m * momentum - g * lr;  w = w + m
//   nesterov:  m = m * momentum - g * lr;  w = w + (m * momentum - g * lr)
// `decays` first applies weight decay (optim-decay.ts) with rate `wd`.
import { decayed, decayedLanes } from "./optim-decay";

// @ts-ignore: decorator
@inline function sgd<T>(w: usize, g: usize, n: i32, lr: T, decays: bool, wd: T): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const lrV = v128.splat<T>(lr);
  const wdV = v128.splat<T>(wd);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    let wv = v128.load(w + j);
    if (decays) wv = decayedLanes<T>(wv, wdV, lrV);
    v128.store(w + j, v128.sub<T>(wv, v128.mul<T>(v128.load(g + j), lrV)));
  }
  for (; j < bytes; j += size) {
    let wj = load<T>(w + j);
    if (decays) wj = decayed<T>(wj, wd, lr);
    store<T>(w + j, wj - load<T>(g + j) * lr);
  }
}

export function sgd_f32(w: usize, g: usize, n: i32, lr: f32, decays: bool, wd: f32): void {
  sgd<f32>(w, g, n, lr, decays, wd);
}

export function sgd_f64(w: usize, g: usize, n: i32, lr: f64, decays: bool, wd: f64): void {
  sgd<f64>(w, g, n, lr, decays, wd);
}

// @ts-ignore: decorator
@inline function sgdMomentum<T>(
  w: usize, m: usize, g: usize, n: i32, lr: T, momentum: T, nesterov: bool, decays: bool, wd: T,
): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const lrV = v128.splat<T>(lr);
  const momentumV = v128.splat<T>(momentum);
  const wdV = v128.splat<T>(wd);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    let wv = v128.load(w + j);
    if (decays) wv = decayedLanes<T>(wv, wdV, lrV);
    const step = v128.mul<T>(v128.load(g + j), lrV);
    const mv = v128.sub<T>(v128.mul<T>(v128.load(m + j), momentumV), step);
    v128.store(m + j, mv);
    const delta = nesterov ? v128.sub<T>(v128.mul<T>(mv, momentumV), step) : mv;
    v128.store(w + j, v128.add<T>(wv, delta));
  }
  for (; j < bytes; j += size) {
    let wj = load<T>(w + j);
    if (decays) wj = decayed<T>(wj, wd, lr);
    const step = load<T>(g + j) * lr;
    const mj = load<T>(m + j) * momentum - step;
    store<T>(m + j, mj);
    store<T>(w + j, wj + (nesterov ? mj * momentum - step : mj));
  }
}

export function sgd_momentum_f32(
  w: usize, m: usize, g: usize, n: i32, lr: f32, momentum: f32, nesterov: bool, decays: bool, wd: f32,
): void {
  sgdMomentum<f32>(w, m, g, n, lr, momentum, nesterov, decays, wd);
}

export function sgd_momentum_f64(
  w: usize, m: usize, g: usize, n: i32, lr: f64, momentum: f64, nesterov: bool, decays: bool, wd: f64,
): void {
  sgdMomentum<f64>(w, m, g, n, lr, momentum, nesterov, decays, wd);
}

/**
 * The plain step on the listed rows only: for each of `count` distinct row ids at `rows` (i32),
 * w[r] -= g[r] * lr over `rowLength` values, where g is the summed (dense) gradient.
 */
// @ts-ignore: decorator
@inline function sgdRows<T>(w: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: T): void {
  const rowBytes = <usize>rowLength * sizeof<T>();
  for (let i = 0; i < count; i++) {
    const offset = <usize>load<i32>(rows + (<usize>i << 2)) * rowBytes;
    sgd<T>(w + offset, g + offset, rowLength, lr, false, 0);
  }
}

export function sgd_rows_f32(w: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: f32): void {
  sgdRows<f32>(w, g, rows, count, rowLength, lr);
}

export function sgd_rows_f64(w: usize, g: usize, rows: usize, count: i32, rowLength: i32, lr: f64): void {
  sgdRows<f64>(w, g, rows, count, rowLength, lr);
}
