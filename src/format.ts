// TensorFlow's tensor text, `tf.Tensor(<values>, shape=(2,), dtype=float32)`, where <values> is
// what NumPy's str() prints for the array with default print options (NumPy >= 2.3):
// linewidth 75, threshold 1000, edgeitems 3, precision 8, floatmode "maxprec".
//
// Float digits follow NumPy's Dragon4: the shortest digits that round-trip in the value's own
// precision (float32 or float64), rounded half-to-even when a precision limit cuts them off.
import type { DType, TypedArray } from "./dtype.js";

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

export function formatTensor(shape: readonly number[], dtype: DType, values: TypedArray): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const body = shape.length === 0 ? formatScalar(values[0], dtype) : formatArray(shape, dtype, values);
  // TensorFlow starts multi-line values on their own line.
  return `tf.Tensor(${body.includes("\n") ? "\n" + body : body}, shape=${shapeText}, dtype=${dtype})`;
}

/** A 0-d value prints like a NumPy scalar: full shortest digits, no precision limit. */
function formatScalar(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (dtype === "int32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v < 0 ? "-inf" : "inf";
  const float32 = dtype === "float32";
  const abs = Math.abs(v);
  if (abs === 0 || (abs >= 1e-4 && abs < (float32 ? 1e6 : 1e16))) {
    return positional(v, float32, { trim: "0", padLeft: 0, padRight: 0 });
  }
  return scientific(v, float32, { trim: "-", padLeft: 0, expDigits: 2 });
}

function formatArray(shape: readonly number[], dtype: DType, values: TypedArray): string {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === 0) return "[]";
  const strides = new Array<number>(shape.length);
  for (let i = shape.length - 1, s = 1; i >= 0; s *= shape[i], i--) strides[i] = s;
  const summarize = size > THRESHOLD;
  const shown: number[] = [];
  collectShown(shape, strides, summarize, 0, 0, (i) => shown.push(values[i]));
  const format = formatterFor(dtype, shown);
  return layout(shape, strides, summarize, (i) => format(values[i]), 0, 0, " ", LINE_WIDTH);
}

/** The indices of the rows that are printed ("..." elides the middle of long axes). */
function shownRows(length: number, summarize: boolean): number[] {
  if (summarize && length > 2 * EDGE_ITEMS) {
    const rows: number[] = [];
    for (let i = 0; i < EDGE_ITEMS; i++) rows.push(i);
    for (let i = length - EDGE_ITEMS; i < length; i++) rows.push(i);
    return rows;
  }
  return Array.from({ length }, (_, i) => i);
}

function collectShown(
  shape: readonly number[], strides: number[], summarize: boolean, axis: number, offset: number, visit: (i: number) => void,
): void {
  if (axis === shape.length) return visit(offset);
  for (const i of shownRows(shape[axis], summarize)) collectShown(shape, strides, summarize, axis + 1, offset + i * strides[axis], visit);
}

/** NumPy's _formatArray: nested brackets, rows wrapped at the line width, "..." for elided rows. */
function layout(
  shape: readonly number[], strides: number[], summarize: boolean, element: (i: number) => string,
  axis: number, offset: number, indent: string, width: number,
): string {
  if (axis === shape.length) return element(offset);
  const nested = (i: number): string =>
    layout(shape, strides, summarize, element, axis + 1, offset + i * strides[axis], indent + " ", width - 1);
  const length = shape[axis];
  const elide = summarize && length > 2 * EDGE_ITEMS;
  const rows = shownRows(length, summarize);
  let s = "";
  if (axis === shape.length - 1) {
    const elementWidth = width - 1; // room for the closing "]"
    let line = indent;
    const extend = (word: string): void => {
      // Wrap before a word that would overflow, unless the line holds nothing yet.
      if (line.length + word.length > elementWidth && line.length > indent.length) {
        s += line.trimEnd() + "\n";
        line = indent;
      }
      line += word;
    };
    rows.forEach((row, k) => {
      if (elide && k === EDGE_ITEMS) {
        extend("...");
        line += " ";
      }
      extend(nested(row));
      if (k < rows.length - 1) line += " ";
    });
    s += line;
  } else {
    const separator = "\n".repeat(shape.length - axis - 1);
    rows.forEach((row, k) => {
      if (elide && k === EDGE_ITEMS) s += indent + "..." + separator;
      s += indent + nested(row) + (k < rows.length - 1 ? separator : "");
    });
  }
  return "[" + s.slice(indent.length) + "]";
}

function formatterFor(dtype: DType, shown: number[]): (v: number) => string {
  if (dtype === "bool") return (v) => (v ? " True" : "False");
  if (dtype === "int32") {
    let lo = shown[0];
    let hi = shown[0];
    for (const v of shown) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const width = Math.max(String(lo).length, String(hi).length);
    return (v) => String(v).padStart(width);
  }
  return floatFormatter(shown, dtype === "float32");
}

/**
 * NumPy's FloatingFormat: one layout for all printed values. Scientific notation when the
 * magnitudes span more than 1e3, or any is below 1e-4, or any reaches 1e6 (float32) / 1e8
 * (float64); otherwise positional, aligned on the decimal point, at most 8 fraction digits.
 */
function floatFormatter(shown: number[], float32: boolean): (v: number) => string {
  const finite = shown.filter(Number.isFinite);
  let lo = Infinity;
  let hi = 0;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a !== 0) {
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
    }
  }
  // NumPy compares float32 statistics in float32 arithmetic.
  const round = float32 ? Math.fround : (x: number) => x;
  const exponential =
    hi > 0 && (hi >= (float32 ? 1e6 : 1e8) || lo < round(1e-4) || round(hi / lo) > 1000);

  let padLeft = 0;
  let padRight = 0;
  let fractionDigits = 0;
  let expDigits = 0;
  for (const v of finite) {
    const text = exponential
      ? scientific(v, float32, { precision: PRECISION, trim: ".", padLeft: 0, expDigits: 2 })
      : positional(v, float32, { precision: PRECISION, trim: ".", padLeft: 0, padRight: 0 });
    const [mantissa, exponent = ""] = text.split("e");
    const [whole, fraction] = mantissa.split(".");
    padLeft = Math.max(padLeft, whole.length);
    fractionDigits = Math.max(fractionDigits, fraction.length);
    expDigits = Math.max(expDigits, exponent.length - 1);
  }
  padRight = exponential ? expDigits + 2 + fractionDigits : fractionDigits;
  if (finite.length < shown.length) {
    const negativeInfinity = shown.some((v) => v === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negativeInfinity ? 1 : 0) - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  return (v) => {
    if (Number.isNaN(v)) return "nan".padStart(width);
    if (!Number.isFinite(v)) return (v < 0 ? "-inf" : "inf").padStart(width);
    return exponential
      ? scientific(v, float32, { precision: fractionDigits, minDigits: fractionDigits, trim: "k", padLeft, expDigits })
      : positional(v, float32, { precision: PRECISION, minDigits: 0, trim: ".", padLeft, padRight });
  };
}

/**
 * How a number without fraction digits ends: "." keeps the point ("1."), "0" adds a zero ("1.0"),
 * "-" drops the point ("1"), "k" keeps exactly the digits asked for.
 */
type Trim = "." | "0" | "-" | "k";

interface PositionalOptions {
  /** Fraction digits at most; none means the shortest round-trip digits. */
  precision?: number;
  /** Fraction digits at least (exact digits of the value). */
  minDigits?: number;
  trim: Trim;
  padLeft: number;
  padRight: number;
}

function positional(v: number, float32: boolean, o: PositionalOptions): string {
  const { digits, exponent } = decimalDigits(Math.abs(v), float32, { fractional: true, precision: o.precision, minDigits: o.minDigits });
  const whole = exponent >= 0 ? digits.slice(0, exponent + 1).padEnd(exponent + 1, "0") : "0";
  const fraction = exponent >= 0 ? digits.slice(exponent + 1) : "0".repeat(-exponent - 1) + digits;
  const head = (isNegative(v) ? "-" : "") + whole;
  let tail = fraction;
  if (fraction === "" && o.trim === "0") tail = "0";
  const point = fraction === "" && o.trim === "-" ? "" : ".";
  return head.padStart(o.padLeft) + point + tail.padEnd(o.padRight);
}

interface ScientificOptions {
  /** Digits after the first at most; none means the shortest round-trip digits. */
  precision?: number;
  /** At least this many digits after the first (exact digits of the value, then zeros). */
  minDigits?: number;
  trim: Trim;
  padLeft: number;
  /** Pads the exponent with zeros to at least this many digits. */
  expDigits: number;
}

function scientific(v: number, float32: boolean, o: ScientificOptions): string {
  const { digits, exponent } = decimalDigits(Math.abs(v), float32, { fractional: false, precision: o.precision, minDigits: o.minDigits });
  const head = (isNegative(v) ? "-" : "") + digits[0];
  const fraction = digits.slice(1).padEnd(o.minDigits ?? 0, "0");
  const tail = fraction === "" && o.trim === "0" ? "0" : fraction;
  const point = fraction === "" && o.trim === "-" ? "" : ".";
  const exp = String(Math.abs(exponent)).padStart(o.expDigits, "0");
  return head.padStart(o.padLeft) + point + tail + "e" + (exponent < 0 ? "-" : "+") + exp;
}

function isNegative(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

interface DigitLimits {
  /** Count fraction digits (positional) rather than digits after the first (scientific). */
  fractional: boolean;
  /** At most this many digits; the last is rounded. */
  precision?: number;
  /** At least this many exact digits, even where fewer identify the value. */
  minDigits?: number;
}

const view = new DataView(new ArrayBuffer(8));
const powersOfTen: bigint[] = [1n];

function pow10(n: number): bigint {
  for (let i = powersOfTen.length; i <= n; i++) powersOfTen.push(powersOfTen[i - 1] * 10n);
  return powersOfTen[n];
}

/**
 * Decimal digits of a non-negative float (Dragon4, Steele & White / Burger & Dybvig): value =
 * d0.d1d2... * 10^exponent. Generation stops at the first digit that identifies the value among
 * its float32 or float64 neighbours (boundaries included when the mantissa is even, as
 * round-to-nearest-even parsing does) and is not before the `minDigits` limit, or at the
 * `precision` limit, where the last digit is rounded to nearest, ties to even. Trailing zeros are
 * dropped.
 */
function decimalDigits(x: number, float32: boolean, limits: DigitLimits): { digits: string; exponent: number } {
  if (x === 0) return { digits: "0", exponent: 0 };
  let mantissa: bigint;
  let exp2: number;
  let unequalMargins: boolean;
  if (float32) {
    view.setFloat32(0, x);
    const bits = view.getUint32(0);
    const biased = bits >>> 23;
    const fraction = bits & 0x7fffff;
    mantissa = BigInt(biased === 0 ? fraction : fraction + 0x800000);
    exp2 = Math.max(biased, 1) - 150;
    unequalMargins = biased > 1 && fraction === 0;
  } else {
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const biased = hi >>> 20;
    const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    mantissa = biased === 0 ? fraction : fraction + (1n << 52n);
    exp2 = Math.max(biased, 1) - 1075;
    unequalMargins = biased > 1 && fraction === 0n;
  }
  const even = (mantissa & 1n) === 0n;
  // value / scale is x; marginLow / scale and marginHigh / scale are half the gaps to the neighbours
  // (the gap below a power of two is half the gap above).
  const shift = BigInt(unequalMargins ? 2 : 1);
  let value = exp2 >= 0 ? mantissa << (BigInt(exp2) + shift) : mantissa << shift;
  let scale = exp2 >= 0 ? 1n << shift : 1n << (BigInt(-exp2) + shift);
  let marginLow = exp2 >= 0 ? 1n << BigInt(exp2) : 1n;
  let marginHigh = unequalMargins ? marginLow * 2n : marginLow;

  let exponent = Math.floor(Math.log10(x));
  if (exponent >= 0 ? value >= scale * pow10(exponent + 1) : value * pow10(-exponent - 1) >= scale) exponent++;
  else if (exponent >= 0 ? value < scale * pow10(exponent) : value * pow10(-exponent) < scale) exponent--;
  const { precision, minDigits, fractional } = limits;
  // Positions (powers of ten) of the last digit allowed, and of the last digit required.
  let cutoff = -Infinity;
  if (precision !== undefined) cutoff = fractional ? -precision : exponent - precision;
  let required = Infinity;
  if (minDigits !== undefined) required = fractional ? -minDigits : exponent - minDigits;
  // A value below the last fraction digit starts there, with leading digit 0.
  if (fractional && exponent < cutoff) exponent = cutoff;
  if (exponent >= 0) scale *= pow10(exponent);
  else {
    const up = pow10(-exponent);
    value *= up;
    marginLow *= up;
    marginHigh *= up;
  }

  let digits = "";
  let digit: number;
  let low: boolean;
  let high: boolean;
  for (let position = exponent; ; position--) {
    digit = Number(value / scale);
    value %= scale;
    low = even ? value <= marginLow : value < marginLow;
    high = even ? value + marginHigh >= scale : value + marginHigh > scale;
    if (((low || high) && position <= required) || position === cutoff) break;
    digits += digit;
    value *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }
  let roundDown = low;
  if (low === high) {
    const twice = value * 2n;
    roundDown = twice < scale || (twice === scale && digit % 2 === 0);
  }
  if (roundDown) digits += digit;
  else if (digit < 9) digits += digit + 1;
  else {
    digits = digits.replace(/9+$/, "");
    if (digits === "") {
      digits = "1";
      exponent++;
    } else digits = digits.slice(0, -1) + (Number(digits[digits.length - 1]) + 1);
  }
  digits = digits.replace(/0+$/, "");
  return digits === "" ? { digits: "0", exponent: 0 } : { digits, exponent };
}
