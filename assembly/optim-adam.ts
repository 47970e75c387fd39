// Adam (and AdamW, which differs only in its default weight decay) in place, in Keras's op order:
//   m = m + (g - m) * c1                 c1 = 1 - beta1, computed in float64 then rounded
//   v = v + (g * g - v) * c2             c2 = 1 - beta2, likewise
//   vhat = max(vhat, v); v = vhat        with amsgrad
//   w = w - (m * alpha) / (sqrt(v) + epsilon)
// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t) is computed by the host in the variable's dtype.
// `decays` first applies weight decay (optim-decay.ts) with rate `wd` and learning rate `lr`.
import { decayed, decayedLanes } from "./optim-decay";

// @ts-ignore: decorator
@inline function adam<T>(
  w: usize, m: usize, v: usize, vhat: usize, g: usize, n: i32,
  alpha: T, c1: T, c2: T, epsilon: T, amsgrad: bool, decays: bool, wd: T, lr: T,
): void {
  const size = sizeof<T>();
  const bytes = <usize>n * size;
  const vectorBytes = bytes & ~15;
  const alphaV = v128.splat<T>(alpha);
  const c1V = v128.splat<T>(c1);
  const c2V = v128.splat<T>(c2);
  const epsilonV = v128.splat<T>(epsilon);
  const wdV = v128.splat<T>(wd);
  const lrV = v128.splat<T>(lr);
  let j: usize = 0;
  for (; j < vectorBytes; j += 16) {
    let wv = v128.load(w + j);
    if (decays) wv = decayedLanes<T>(wv, wdV, lrV);
    const gv = v128.load(g + j);
    let mv = v128.load(m + j);
    mv = v128.add<T>(mv, v128.mul<T>(v128.sub<T>(gv, mv), c1V));
    v128.store(m + j, mv);
    let vv = v128.load(v + j);
    vv = v128.add<T>(vv, v128.mul<T>(v128.sub<T>(v128.mul<T>(gv, gv), vv), c2V));
    v128.store(v + j, vv);
    if (amsgrad) {
      vv = v128.max<T>(v128.load(vhat + j), vv);
      v128.store(vhat + j, vv);
    }
    const step = v128.div<T>(v128.mul<T>(mv, alphaV), v128.add<T>(v128.sqrt<T>(vv), epsilonV));
    v128.store(w + j, v128.sub<T>(wv, step));
  }
  for (; j < bytes; j += size) {
    let wj = load<T>(w + j);
    if (decays) wj = decayed<T>(wj, wd, lr);
    const gj = load<T>(g + j);
    let mj = load<T>(m + j);
    mj = mj + (gj - mj) * c1;
    store<T>(m + j, mj);
    let vj = load<T>(v + j);
    vj = vj + (gj * gj - vj) * c2;
    store<T>(v + j, vj);
    if (amsgrad) {
      vj = max<T>(load<T>(vhat + j), vj);
      store<T>(vhat + j, vj);
    }
    store<T>(w + j, wj - (mj * alpha) / (sqrt<T>(vj) + epsilon));
  }
}

export function adam_f32(
  w: usize, m: usize, v: usize, vhat: usize, g: usize, n: i32,
  alpha: f32, c1: f32, c2: f32, epsilon: f32, amsgrad: bool, decays: bool, wd: f32, lr: f32,
): void {
  adam<f32>(w, m, v, vhat, g, n, alpha, c1, c2, epsilon, amsgrad, decays, wd, lr);
}

export function adam_f64(
  w: usize, m: usize, v: usize, vhat: usize, g: usize, n: i32,
  alpha: f64, c1: f64, c2: f64, epsilon: f64, amsgrad: bool, decays: bool, wd: f64, lr: f64,
): void {
  adam<f64>(w, m, v, vhat, g, n, alpha, c1, c2, epsilon, amsgrad, decays, wd, lr);
}
