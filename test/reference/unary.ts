// Float64 reference implementations of the element-wise unary ops, written from the definitions with
// Math.* (which V8, SpiderMonkey and JavaScriptCore compute to within 1 ulp). The normal distribution
// function, which Math lacks, is computed here by a series and a continued fraction, unrelated to the
// rational approximations of assembly/math-f64.ts.

export const neg = (x: number): number => -x;
export const abs = Math.abs;
export const sign = Math.sign;
export const square = (x: number): number => x * x;
export const sqrt = Math.sqrt;
export const rsqrt = (x: number): number => 1 / Math.sqrt(x);
export const reciprocal = (x: number): number => 1 / x;
export const exp = Math.exp;
export const expm1 = Math.expm1;
export const log = Math.log;
export const log1p = Math.log1p;
export const sin = Math.sin;
export const cos = Math.cos;
export const tan = Math.tan;
export const floor = Math.floor;
export const ceil = Math.ceil;
export const identity = (x: number): number => x;
export const relu = (x: number): number => Math.max(x, 0);
export const tanh = Math.tanh;
export const elu = (x: number): number => (x > 0 ? x : Math.expm1(x));

/** Round half to even. */
export function round(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 || f % 2 !== 0 ? f + 1 : f;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** 1 / (1 + e^-x), written so that neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function leakyRelu(x: number, alpha: number): number {
  return x > 0 ? x : alpha * x;
}

// int32 ops wrap like two's complement machine integers.
export const negInt = (x: number): number => -x | 0;
export const absInt = (x: number): number => Math.abs(x) | 0;
export const squareInt = (x: number): number => Math.imul(x, x);
export const reluInt = (x: number): number => Math.max(x, 0);

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * y * y = hi + lo exactly (Dekker's product by Veltkamp splitting), so that e^(-y^2/2) can be
 * computed without the rounding error of y^2 growing with y^2.
 */
function squareSplit(y: number): [number, number] {
  const c = 134217729 * y; // 2^27 + 1
  const yh = c - (c - y);
  const yl = y - yh;
  const hi = y * y;
  return [hi, yh * yh - hi + 2 * yh * yl + yl * yl];
}

/** k Φ(-y) for y >= 0.7: the Mills ratio by its continued fraction 1/(y + 1/(y + 2/(y + 3/(y + ...)))). */
function lowerTailTimes(y: number, k: number): number {
  if (y > 40) return 0 * Math.sign(k); // e^(-y^2/2) underflows
  const depth = Math.ceil(50 + 400 / (y * y));
  let t = 0;
  for (let i = depth; i >= 1; i--) t = i / (y + t);
  const [hi, lo] = squareSplit(y);
  // The exponential last, so that a subnormal result is rounded once.
  return ((k * INV_SQRT_2PI) / (y + t)) * (1 - lo / 2) * Math.exp(-hi / 2);
}

/** k Φ(x), Φ the standard normal distribution function. */
export function normalCdfTimes(x: number, k: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -0.7) return lowerTailTimes(-x, k);
  if (x > 0.7) return k * (1 - lowerTailTimes(x, 1));
  // Φ(x) = 1/2 + φ(x) (x + x^3/3 + x^5/(3*5) + ...)
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let i = 1; Math.abs(term) > 1e-18 * Math.abs(sum); i++) {
    term *= x2 / (2 * i + 1);
    sum += term;
  }
  return k * (0.5 + sum * INV_SQRT_2PI * Math.exp(-x2 / 2));
}

export const normalCdf = (x: number): number => normalCdfTimes(x, 1);

/** x Φ(x), with gelu(-Inf) = -0 (the limit). */
export function gelu(x: number): number {
  return x === -Infinity ? -0 : normalCdfTimes(x, x);
}

/** 0.5 x (1 + tanh z), z = sqrt(2/π) (x + 0.044715 x^3), using 1 + tanh z = 2 / (1 + e^(-2z)) to avoid cancellation. */
export function geluTanh(x: number): number {
  if (x === -Infinity) return -0;
  const z = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
  return x / (1 + Math.exp(-2 * z));
}
