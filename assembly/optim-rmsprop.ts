// RMSprop in place, in Keras's op order (rho, 1 - rho, momentum and epsilon already in the dtype):
//   vel = rho * vel + (1 - rho) * (g * g)
//   centered: avg = rho * avg + (1 - rho) * g;  denominator = (vel - avg * avg) + epsilon
//   otherwise: denominator = vel + epsilon
//   increment = (lr * g) / sqrt(denominator)
//   with momentum: mom = momentum * mom + increment;  w = w - mom
//   otherwise: w = w - increment
// `decays` first applies weight decay (optim-decay.ts) with rate `wd`.
import { decayed, decayedLanes } from "./optim-decay";

// @ts-ignore: decorator
@inline function rmsprop<T>(
  w: usize, vel: usize, mom: usize, avg: usize, g: usize, n: i32,
  lr: T, rho: T, oneMinusRho: T, momentum: T, epsilon: T, centered: bool, hasMomentum: bool, decays: bool, wd: T,
): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const lrV = v128.splat<T>(lr);
  const rhoV = v128.splat<T>(rho);
  const oneMinusRhoV = v128.splat<T>(oneMinusRho);
  const momentumV = v128.splat<T>(momentum);
  const epsilonV = v128.splat<T>(epsilon);
  const wdV = v128.splat<T>(wd);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    let wv = v128.load(w + j);
    if (decays) wv = decayedLanes<T>(wv, wdV, lrV);
    const gv = v128.load(g + j);
    const velV = v128.add<T>(v128.mul<T>(rhoV, v128.load(vel + j)), v128.mul<T>(oneMinusRhoV, v128.mul<T>(gv, gv)));
    v128.store(vel + j, velV);
    let denominator: v128;
    if (centered) {
      const avgV = v128.add<T>(v128.mul<T>(rhoV, v128.load(avg + j)), v128.mul<T>(oneMinusRhoV, gv));
      v128.store(avg + j, avgV);
      denominator = v128.add<T>(v128.sub<T>(velV, v128.mul<T>(avgV, avgV)), epsilonV);
    } else {
      denominator = v128.add<T>(velV, epsilonV);
    }
    let increment = v128.div<T>(v128.mul<T>(lrV, gv), v128.sqrt<T>(denominator));
    if (hasMomentum) {
      increment = v128.add<T>(v128.mul<T>(momentumV, v128.load(mom + j)), increment);
      v128.store(mom + j, increment);
    }
    v128.store(w + j, v128.sub<T>(wv, increment));
  }
  for (; j < bytes; j += size) {
    let wj = load<T>(w + j);
    if (decays) wj = decayed<T>(wj, wd, lr);
    const gj = load<T>(g + j);
    const velJ = rho * load<T>(vel + j) + oneMinusRho * (gj * gj);
    store<T>(vel + j, velJ);
    let denominator: T;
    if (centered) {
      const avgJ = rho * load<T>(avg + j) + oneMinusRho * gj;
      store<T>(avg + j, avgJ);
      denominator = velJ - avgJ * avgJ + epsilon;
    } else {
      denominator = velJ + epsilon;
    }
    let increment = (lr * gj) / sqrt<T>(denominator);
    if (hasMomentum) {
      increment = momentum * load<T>(mom + j) + increment;
      store<T>(mom + j, increment);
    }
    store<T>(w + j, wj - increment);
  }
}

export function rmsprop_f32(
  w: usize, vel: usize, mom: usize, avg: usize, g: usize, n: i32,
  lr: f32, rho: f32, oneMinusRho: f32, momentum: f32, epsilon: f32, centered: bool, hasMomentum: bool, decays: bool, wd: f32,
): void {
  rmsprop<f32>(w, vel, mom, avg, g, n, lr, rho, oneMinusRho, momentum, epsilon, centered, hasMomentum, decays, wd);
}

export function rmsprop_f64(
  w: usize, vel: usize, mom: usize, avg: usize, g: usize, n: i32,
  lr: f64, rho: f64, oneMinusRho: f64, momentum: f64, epsilon: f64, centered: bool, hasMomentum: bool, decays: bool, wd: f64,
): void {
  rmsprop<f64>(w, vel, mom, avg, g, n, lr, rho, oneMinusRho, momentum, epsilon, centered, hasMomentum, decays, wd);
}
