// Float64 references in the form the gradient checks take (flat inputs with their shapes to flat
// output), built on the op references of this folder, and closed-form higher derivatives.
import { ref } from "../util/reference.js";
import { broadcastApply } from "./binary.js";

export type Ref = (xs: number[][], shapes: number[][]) => number[];

/** An element-wise function of one input. */
export function elementwise(f: (x: number) => number): Ref {
  return ([x]) => x.map(f);
}

/** An element-wise function of several inputs with NumPy broadcasting. */
export function broadcasting(f: (...xs: number[]) => number): Ref {
  return (xs, shapes) => broadcastApply(f, ...xs.map((x, i) => ref(shapes[i], x))).values;
}

/** x^y for the gradient checks: Math.pow, whose derivatives are the textbook ones away from x <= 0. */
export const pow = (x: number, y: number): number => Math.pow(x, y);

/** Third derivatives, from the closed forms: tanh''' = -2 (1 - t^2)(1 - 3 t^2), sigmoid''' = s' (1 - 6 s + 6 s^2). */
export const third = {
  tanh: (x: number): number => {
    const t = Math.tanh(x);
    return -2 * (1 - t * t) * (1 - 3 * t * t);
  },
  sigmoid: (x: number): number => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s) * (1 - 6 * s + 6 * s * s);
  },
  exp: Math.exp,
};

/** First and second derivatives of the same functions, checked on the way to the third. */
export const first = {
  tanh: (x: number): number => 1 - Math.tanh(x) ** 2,
  sigmoid: (x: number): number => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  exp: Math.exp,
};

export const second = {
  tanh: (x: number): number => {
    const t = Math.tanh(x);
    return -2 * t * (1 - t * t);
  },
  sigmoid: (x: number): number => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s) * (1 - 2 * s);
  },
  exp: Math.exp,
};
