import { expect } from "vitest";

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Float32 results against float64 references: a few ulps relative, plus a small absolute floor. */
export const F32_TOL: Required<Tolerance> = { rtol: 2e-6, atol: 1e-6 };
export const F64_TOL: Required<Tolerance> = { rtol: 1e-12, atol: 1e-12 };

/**
 * Asserts element-wise |a - e| <= atol + rtol * |e|, with NaN matching NaN and infinities matching
 * exactly. Reports the first mismatching index and both values.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = F32_TOL): void {
  const rtol = tol.rtol ?? F32_TOL.rtol;
  const atol = tol.atol ?? F32_TOL.atol;
  expect(actual.length, "length").toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`index ${i}: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      if (a !== e) expect.fail(`index ${i}: expected ${e}, got ${a}`);
      continue;
    }
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      expect.fail(`index ${i}: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)} > ${atol} + ${rtol}*|e|)`);
    }
  }
}

export function toleranceFor(dtype: string): Required<Tolerance> {
  return dtype === "float64" ? F64_TOL : F32_TOL;
}
