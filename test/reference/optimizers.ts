// Reference optimizer steps in plain TypeScript on number[], written from Keras 3's update rules
// (keras/src/optimizers/*.py). `round` is applied after every operation: the identity gives the
// float64 computation, Math.fround the float32 one (each op rounded, as TensorFlow computes in the
// variable's dtype). Constants are rounded once, as Keras converts Python floats to the dtype.
export type Round = (x: number) => number;

export const float64: Round = (x) => x;
export const float32: Round = Math.fround;

/** One variable's optimizer: `step(w, g)` updates w in place, keeping its own slots and step count. */
export interface ReferenceOptimizer {
  step(w: number[], g: readonly number[]): void;
}

export interface ReferenceCommon {
  lr: number;
  /** Weight decay rate; w -= w * wd * lr before the step. */
  weightDecay?: number;
}

function decay(w: number[], o: ReferenceCommon, r: Round): void {
  if (o.weightDecay === undefined) return;
  const wd = r(o.weightDecay);
  const lr = r(o.lr);
  for (let i = 0; i < w.length; i++) w[i] = r(w[i] - r(r(w[i] * wd) * lr));
}

export function referenceSGD(o: ReferenceCommon & { momentum?: number; nesterov?: boolean }, r: Round): ReferenceOptimizer {
  let velocity: number[] | null = null;
  return {
    step(w, g) {
      decay(w, o, r);
      const lr = r(o.lr);
      const momentum = r(o.momentum ?? 0);
      // Keras picks the path from the Python float, before it is cast to the variable's dtype.
      if ((o.momentum ?? 0) === 0) {
        for (let i = 0; i < w.length; i++) w[i] = r(w[i] - r(g[i] * lr));
        return;
      }
      velocity ??= w.map(() => 0);
      for (let i = 0; i < w.length; i++) {
        velocity[i] = r(r(velocity[i] * momentum) - r(g[i] * lr));
        const delta = o.nesterov ? r(r(velocity[i] * momentum) - r(g[i] * lr)) : velocity[i];
        w[i] = r(w[i] + delta);
      }
    },
  };
}

export function referenceAdam(
  o: ReferenceCommon & { beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean },
  r: Round,
): ReferenceOptimizer {
  const beta1 = o.beta1 ?? 0.9;
  const beta2 = o.beta2 ?? 0.999;
  let t = 0;
  let m: number[] | null = null;
  let v: number[] | null = null;
  let vMax: number[] | null = null;
  return {
    step(w, g) {
      decay(w, o, r);
      t++;
      m ??= w.map(() => 0);
      v ??= w.map(() => 0);
      vMax ??= w.map(() => 0);
      const lr = r(o.lr);
      const p1 = r(Math.pow(r(beta1), r(t)));
      const p2 = r(Math.pow(r(beta2), r(t)));
      const alpha = r(r(lr * r(Math.sqrt(r(1 - p2)))) / r(1 - p1));
      const oneMinusBeta1 = r(1 - beta1);
      const oneMinusBeta2 = r(1 - beta2);
      const epsilon = r(o.epsilon ?? 1e-7);
      for (let i = 0; i < w.length; i++) {
        m[i] = r(m[i] + r(r(g[i] - m[i]) * oneMinusBeta1));
        v[i] = r(v[i] + r(r(r(g[i] * g[i]) - v[i]) * oneMinusBeta2));
        let second = v[i];
        if (o.amsgrad) {
          vMax[i] = Math.max(vMax[i], v[i]);
          second = vMax[i];
        }
        w[i] = r(w[i] - r(r(m[i] * alpha) / r(r(Math.sqrt(second)) + epsilon)));
      }
    },
  };
}

export function referenceRMSprop(
  o: ReferenceCommon & { rho?: number; momentum?: number; epsilon?: number; centered?: boolean },
  r: Round,
): ReferenceOptimizer {
  const rhoValue = o.rho ?? 0.9;
  let velocity: number[] | null = null;
  let average: number[] | null = null;
  let accumulated: number[] | null = null;
  return {
    step(w, g) {
      decay(w, o, r);
      velocity ??= w.map(() => 0);
      average ??= w.map(() => 0);
      accumulated ??= w.map(() => 0);
      const lr = r(o.lr);
      const rho = r(rhoValue);
      const oneMinusRho = r(1 - rhoValue);
      const epsilon = r(o.epsilon ?? 1e-7);
      const momentum = r(o.momentum ?? 0);
      for (let i = 0; i < w.length; i++) {
        velocity[i] = r(r(rho * velocity[i]) + r(oneMinusRho * r(g[i] * g[i])));
        let denominator: number;
        if (o.centered) {
          average[i] = r(r(rho * average[i]) + r(oneMinusRho * g[i]));
          denominator = r(r(velocity[i] - r(average[i] * average[i])) + epsilon);
        } else {
          denominator = r(velocity[i] + epsilon);
        }
        const increment = r(r(lr * g[i]) / r(Math.sqrt(denominator)));
        if ((o.momentum ?? 0) > 0) {
          accumulated[i] = r(r(momentum * accumulated[i]) + increment);
          w[i] = r(w[i] - accumulated[i]);
        } else {
          w[i] = r(w[i] - increment);
        }
      }
    },
  };
}

export function referenceAdagrad(
  o: ReferenceCommon & { initialAccumulatorValue?: number; epsilon?: number },
  r: Round,
): ReferenceOptimizer {
  let accumulator: number[] | null = null;
  return {
    step(w, g) {
      decay(w, o, r);
      accumulator ??= w.map(() => r(o.initialAccumulatorValue ?? 0.1));
      const lr = r(o.lr);
      const epsilon = r(o.epsilon ?? 1e-7);
      for (let i = 0; i < w.length; i++) {
        accumulator[i] = r(accumulator[i] + r(g[i] * g[i]));
        w[i] = r(w[i] - r(r(lr * g[i]) / r(Math.sqrt(r(accumulator[i] + epsilon)))));
      }
    },
  };
}

/** Keras's clip_by_norm of one gradient: g * clipNorm / max(||g||, clipNorm). */
export function referenceClipByNorm(g: readonly number[], clipNorm: number): number[] {
  const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  return g.map((x) => (x * clipNorm) / Math.max(norm, clipNorm));
}

/** Keras's clip_by_global_norm: every gradient scaled by clipNorm / max(global norm, clipNorm). */
export function referenceClipByGlobalNorm(gs: readonly (readonly number[])[], clipNorm: number): number[][] {
  const norm = Math.sqrt(gs.reduce((s, g) => s + g.reduce((t, x) => t + x * x, 0), 0));
  const scale = clipNorm * Math.min(1 / norm, 1 / clipNorm);
  return gs.map((g) => g.map((x) => x * scale));
}
