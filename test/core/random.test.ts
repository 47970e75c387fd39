import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import * as random from "../../src/random.js";

// ---------------------------------------------------------------------------------------------
// An independent float64 reference of the documented algorithm (assembly/random.ts header):
// Philox4x32-10 from the paper, BigInt products, JavaScript's Math for Box-Muller.
// ---------------------------------------------------------------------------------------------
type Words = [number, number, number, number];

function philox(key: [number, number], counter: Words): Words {
  let [k0, k1] = key;
  let [c0, c1, c2, c3] = counter;
  for (let round = 0; round < 10; round++) {
    const p0 = BigInt(0xd2511f53) * BigInt(c0);
    const p1 = BigInt(0xcd9e8d57) * BigInt(c2);
    const hi0 = Number(p0 >> 32n);
    const hi1 = Number(p1 >> 32n);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, Number(p1 & 0xffffffffn), (hi0 ^ c3 ^ k1) >>> 0, Number(p0 & 0xffffffffn)];
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** A seed's 64-bit two's complement as (low word, high word). */
function words(seed: number): [number, number] {
  const v = BigInt.asUintN(64, BigInt(seed));
  return [Number(v & 0xffffffffn), Number(v >> 32n)];
}

interface Stream {
  key: [number, number];
  tag: number;
  op: [number, number];
}

/** The stream of a call with an explicit op seed (global seed 87654321 when none is set). */
function explicitStream(globalSeed: number, opSeed: number): Stream {
  return { key: words(globalSeed), tag: 0, op: words(opSeed) };
}

/** The stream of the k-th call (from 0) without an op seed after setSeed(globalSeed). */
function counterStream(globalSeed: number, k: number): Stream {
  return { key: words(globalSeed), tag: 0x80000000, op: words(k) };
}

function block(s: Stream, index: number, attempt = 0): Words {
  return philox(s.key, [index, (s.tag + attempt) >>> 0, s.op[0], s.op[1]]);
}

const bits53 = (hi: number, lo: number): number => (hi >>> 0) * 2 ** 21 + Math.floor((lo >>> 0) / 2 ** 11);

function boxMuller(u1: number, u2: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(u1));
  return [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)];
}

function refUniform32(s: Stream, n: number, lo = 0, hi = 1): number[] {
  return Array.from({ length: n }, (_, i) => {
    const u = (block(s, i >> 2)[i & 3] >>> 8) * 2 ** -24;
    return Math.fround(Math.fround(lo) + u * (Math.fround(hi) - Math.fround(lo)));
  });
}

function refUniform64(s: Stream, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const w = block(s, i >> 1);
    return (i & 1 ? bits53(w[2], w[3]) : bits53(w[0], w[1])) * 2 ** -53;
  });
}

function refUniformInt(s: Stream, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const w = block(s, i >> 1);
    const x = (i & 1 ? BigInt(w[2]) << 32n | BigInt(w[3]) : BigInt(w[0]) << 32n | BigInt(w[1]));
    return lo + Number(x % BigInt(hi - lo));
  });
}

/** Standard normal of lane `lane` of a float32 block (4 lanes) or float64 block (2 lanes). */
function normalLane(w: Words, lane: number, dtype: "float32" | "float64"): number {
  if (dtype === "float32") {
    const pair = boxMuller((w[lane & 2] + 1) * 2 ** -32, w[(lane & 2) + 1] * 2 ** -32);
    return pair[lane & 1];
  }
  return boxMuller((bits53(w[0], w[1]) + 1) * 2 ** -53, bits53(w[2], w[3]) * 2 ** -53)[lane];
}

function refNormal(s: Stream, n: number, dtype: "float32" | "float64", truncated = false): number[] {
  const lanes = dtype === "float32" ? 4 : 2;
  return Array.from({ length: n }, (_, i) => {
    let attempt = 0;
    let z = normalLane(block(s, Math.floor(i / lanes)), i % lanes, dtype);
    while (truncated && Math.abs(z) >= 2) z = normalLane(block(s, Math.floor(i / lanes), ++attempt), i % lanes, dtype);
    return dtype === "float32" ? Math.fround(z) : z;
  });
}

/** Float32 values of the reference may differ from the engine by one float32 ulp (libm rounding). */
function expectNear32(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    expect(Math.abs(actual[i] - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(Math.abs(e) * 2 ** -23 + 1e-30);
  }
}

function bitsOf(t: tf.Tensor): number[] {
  const d = t.data();
  return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
}

function moments(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

beforeAll(() => tf.ready());
afterEach(() => random.setSeed(null));

describe("Philox4x32-10 reference", () => {
  it("matches the published known-answer vectors", () => {
    expect(philox([0, 0], [0, 0, 0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const ones = 0xffffffff;
    expect(philox([ones, ones], [ones, ones, ones, ones])).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    expect(philox([0xa4093822, 0x299f31d0], [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344])).toEqual([
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1,
    ]);
  });
});

describe("random: exact values", () => {
  // Computed once from the reference above and recorded: the engine must reproduce these bits
  // in every runtime.
  it("uniform float32, op seed 7, global seed 42", () => {
    random.setSeed(42);
    const expected = [0.40598195791244507, 0.8958139419555664, 0.42380964756011963, 0.33379507064819336, 0.8979173302650452];
    const t = random.uniform([5], { seed: 7 });
    expect(Array.from(t.data())).toEqual(expected);
    expect(refUniform32(explicitStream(42, 7), 5)).toEqual(expected);
  });

  it("normal float32, op seed 1, default global seed", () => {
    const expected = [0.301556259393692, -0.8453958630561829, -0.1010250449180603, 0.32588455080986023, 0.3709769546985626, -3.3353211879730225];
    expect(Array.from(random.normal([6], { seed: 1 }).data())).toEqual(expected);
    expectNear32(expected, refNormal(explicitStream(87654321, 1), 6, "float32"));
  });

  it("normal float64, first call after setSeed(2024)", () => {
    random.setSeed(2024);
    const expected = [4.130482342279192, 2.4843650810720335, 3.5962478696679816];
    const t = random.normal([3], { dtype: "float64", mean: 1, stddev: 2 });
    expect(Array.from(t.data())).toEqual(expected);
    const z = refNormal(counterStream(2024, 0), 3, "float64");
    for (let i = 0; i < 3; i++) expect(expected[i]).toBeCloseTo(1 + 2 * z[i], 13);
  });

  it("uniform int32 and float64, op seed -3", () => {
    random.setSeed(0);
    const ints = [-5, -3, -4, 0, -4];
    expect(Array.from(random.uniform([5], { seed: -3, dtype: "int32", minval: -5, maxval: 5 }).data())).toEqual(ints);
    expect(refUniformInt(explicitStream(0, -3), 5, -5, 5)).toEqual(ints);
    const floats = [0.7653722630877732, 0.086604637235013, 0.25705088064296666];
    expect(Array.from(random.uniform([3], { seed: -3, dtype: "float64" }).data())).toEqual(floats);
    expect(refUniform64(explicitStream(0, -3), 3)).toEqual(floats);
  });
});

describe("random: seeds", () => {
  it("the same op seed gives the same bits on every call", () => {
    random.setSeed(11);
    for (const make of [
      () => random.normal([9], { seed: 5 }),
      () => random.uniform([9], { seed: 5, dtype: "float64" }),
      () => random.truncatedNormal([9], { seed: 5 }),
      () => random.uniform([9], { seed: 5, dtype: "int32", maxval: 1000 }),
    ]) {
      expect(bitsOf(make())).toEqual(bitsOf(make()));
    }
  });

  it("setSeed gives a reproducible sequence of different tensors", () => {
    random.setSeed(3);
    const a = random.normal([6]).data();
    const b = random.normal([6]).data();
    random.setSeed(3);
    expect(random.normal([6]).data()).toEqual(a);
    expect(random.normal([6]).data()).toEqual(b);
    expect(b).not.toEqual(a);
    expectNear32(a, refNormal(counterStream(3, 0), 6, "float32"));
    expectNear32(b, refNormal(counterStream(3, 1), 6, "float32"));
  });

  it("every random op advances the same call counter", () => {
    random.setSeed(3);
    random.uniform([2]);
    expectNear32(random.normal([4]).data(), refNormal(counterStream(3, 1), 4, "float32"));
  });

  it("calls with an op seed do not advance the counter", () => {
    random.setSeed(3);
    random.normal([2], { seed: 9 });
    expectNear32(random.normal([4]).data(), refNormal(counterStream(3, 0), 4, "float32"));
  });

  it("an op seed without a global seed uses the default global seed 87654321", () => {
    const unset = random.normal([5], { seed: 4 }).data();
    random.setSeed(87654321);
    expect(random.normal([5], { seed: 4 }).data()).toEqual(unset);
  });

  it("the global seed changes an op-seeded tensor", () => {
    random.setSeed(1);
    const a = random.uniform([8], { seed: 2 }).data();
    random.setSeed(2);
    expect(random.uniform([8], { seed: 2 }).data()).not.toEqual(a);
    expect(Array.from(a)).toEqual(refUniform32(explicitStream(1, 2), 8));
  });

  it("different op seeds differ, and op seed k differs from the k-th counter call", () => {
    random.setSeed(1);
    const counter0 = random.uniform([8]).data();
    expect(random.uniform([8], { seed: 0 }).data()).not.toEqual(counter0);
    expect(random.uniform([8], { seed: 1 }).data()).not.toEqual(random.uniform([8], { seed: 0 }).data());
  });

  it("negative and large seeds use their 64-bit two's complement", () => {
    for (const [g, s] of [[-1, Number.MAX_SAFE_INTEGER], [Number.MIN_SAFE_INTEGER, -7], [2 ** 40 + 3, 2 ** 32]]) {
      random.setSeed(g);
      expect(Array.from(random.uniform([6], { seed: s }).data())).toEqual(refUniform32(explicitStream(g, s), 6));
    }
  });

  it("without any seed, calls differ", () => {
    expect(random.uniform([8]).data()).not.toEqual(random.uniform([8]).data());
  });
});

describe("random: layout", () => {
  // Element i depends only on its own block and lane: prefixes and reshapes agree.
  const makers: [string, (shape: number[]) => tf.Tensor][] = [
    ["normal float32", (s) => random.normal(s, { seed: 8 })],
    ["normal float64", (s) => random.normal(s, { seed: 8, dtype: "float64" })],
    ["truncatedNormal float32", (s) => random.truncatedNormal(s, { seed: 8 })],
    ["truncatedNormal float64", (s) => random.truncatedNormal(s, { seed: 8, dtype: "float64" })],
    ["uniform float32", (s) => random.uniform(s, { seed: 8 })],
    ["uniform float64", (s) => random.uniform(s, { seed: 8, dtype: "float64" })],
    ["uniform int32", (s) => random.uniform(s, { seed: 8, dtype: "int32", minval: -3, maxval: 100 })],
  ];
  for (const [name, make] of makers) {
    it(`${name}: shapes, tails and empty tensors`, () => {
      const long = Array.from(make([41]).data());
      for (const n of [1, 2, 3, 5, 6, 7, 9]) expect(Array.from(make([n]).data())).toEqual(long.slice(0, n));
      const matrix = make([2, 3]);
      expect(matrix.shape).toEqual([2, 3]);
      expect(Array.from(matrix.data())).toEqual(long.slice(0, 6));
      const scalar = make([]);
      expect(scalar.shape).toEqual([]);
      expect(scalar.item()).toBe(long[0]);
      const empty = make([0, 4]);
      expect(empty.shape).toEqual([0, 4]);
      expect(empty.size).toBe(0);
    });
  }

  it("float32 and float64 normal streams match the reference beyond the first block", () => {
    const s = explicitStream(87654321, 12);
    expectNear32(random.normal([37], { seed: 12 }).data(), refNormal(s, 37, "float32"));
    const f64 = random.normal([37], { seed: 12, dtype: "float64" }).data();
    const ref = refNormal(s, 37, "float64");
    for (let i = 0; i < 37; i++) expect(f64[i]).toBeCloseTo(ref[i], 13);
  });
});

describe("random: distributions", () => {
  const n = 100_000;

  for (const dtype of ["float32", "float64"] as const) {
    it(`normal ${dtype}: moments`, () => {
      const m = moments(random.normal([n], { seed: 21, dtype, mean: 3, stddev: 2 }).data());
      // Standard error of the mean is 2/sqrt(n) = 0.0063; of the std about 2/sqrt(2n) = 0.0045.
      expect(Math.abs(m.mean - 3)).toBeLessThan(0.035);
      expect(Math.abs(m.std - 2)).toBeLessThan(0.025);
    });

    it(`truncatedNormal ${dtype}: within two stddev, truncated moments, equal to normal where kept`, () => {
      const normal = random.normal([n], { seed: 22, dtype, mean: -1, stddev: 0.5 }).data();
      const t = random.truncatedNormal([n], { seed: 22, dtype, mean: -1, stddev: 0.5 }).data();
      let redrawn = 0;
      let outside = 0;
      let changed = 0;
      for (let i = 0; i < n; i++) {
        if (Math.abs(t[i] + 1) > 1) outside++;
        if (Math.abs(normal[i] + 1) < 0.999 && t[i] !== normal[i]) changed++;
        if (Math.abs(normal[i] + 1) > 1.001) redrawn++;
      }
      expect(outside).toBe(0);
      expect(changed).toBe(0);
      // P(|z| > 2) = 4.55%.
      expect(redrawn / n).toBeGreaterThan(0.04);
      expect(redrawn / n).toBeLessThan(0.051);
      // A standard normal truncated to [-2, 2] has std sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)) = 0.87962.
      const m = moments(t);
      expect(Math.abs(m.mean + 1)).toBeLessThan(0.02);
      expect(Math.abs(m.std - 0.5 * 0.87962)).toBeLessThan(0.006);
    });

    it(`uniform ${dtype}: bounds and moments`, () => {
      const v = random.uniform([n], { seed: 23, dtype, minval: -2, maxval: 5 }).data();
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of v) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      expect(lo).toBeGreaterThanOrEqual(-2);
      expect(hi).toBeLessThan(5);
      expect(lo).toBeLessThan(-1.99);
      expect(hi).toBeGreaterThan(4.99);
      const m = moments(v);
      expect(Math.abs(m.mean - 1.5)).toBeLessThan(0.04);
      expect(Math.abs(m.std - 7 / Math.sqrt(12))).toBeLessThan(0.03);
    });
  }

  it("uniform float32 never returns maxval, even where rounding to float32 would reach it", () => {
    // float32 spacing near 1e6 is 1/16, so about 3% of draws round up to 1e6 + 1 before clamping.
    const v = random.uniform([20_000], { seed: 24, minval: 1e6, maxval: 1e6 + 1 }).data();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(1e6);
    expect(Math.max(...v)).toBe(1e6 + 15 / 16);
    expect(v.filter((x) => x === 1e6 + 15 / 16).length).toBeGreaterThan(20_000 * 0.05);
  });

  it("uniform with minval > maxval draws from (maxval, minval], as TensorFlow computes it", () => {
    const v = random.uniform([1000], { seed: 27, minval: 1, maxval: -1, dtype: "float64" }).data();
    expect(Math.min(...v)).toBeGreaterThan(-1);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(Array.from(v)).toEqual(refUniform64(explicitStream(87654321, 27), 1000).map((u) => 1 - 2 * u));
  });

  it("uniform with minval == maxval is constant", () => {
    expect(Array.from(random.uniform([5], { seed: 1, minval: 2, maxval: 2 }).data())).toEqual([2, 2, 2, 2, 2]);
  });

  it("uniform int32: every value of the range, evenly", () => {
    const v = random.uniform([n], { seed: 25, dtype: "int32", minval: -4, maxval: 6 }).data();
    const counts = new Array<number>(10).fill(0);
    for (const x of v) counts[x + 4]++;
    expect(counts.reduce((a, b) => a + b)).toBe(n);
    // Each count is Binomial(n, 0.1): std 95; allow 5 std.
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(475);
  });

  it("uniform int32 over the full int32 range", () => {
    const v = random.uniform([1000], { seed: 26, dtype: "int32", minval: -(2 ** 31), maxval: 2 ** 31 - 1 }).data();
    expect(Array.from(v)).toEqual(refUniformInt(explicitStream(87654321, 26), 1000, -(2 ** 31), 2 ** 31 - 1));
    expect(Math.min(...v)).toBeLessThan(-(2 ** 30));
    expect(Math.max(...v)).toBeGreaterThan(2 ** 30);
  });
});

describe("random: errors", () => {
  const cases: { name: string; run: () => unknown; message: RegExp }[] = [
    { name: "int32 without maxval", run: () => random.uniform([2], { dtype: "int32" }), message: /random\.uniform: Must specify maxval for integer dtype/ },
    { name: "int32 minval >= maxval", run: () => random.uniform([2], { dtype: "int32", minval: 3, maxval: 3 }), message: /random\.uniform: Need minval < maxval: 3 >= 3/ },
    { name: "int32 fractional bound", run: () => random.uniform([2], { dtype: "int32", maxval: 2.5 }), message: /random\.uniform: maxval 2\.5 must be an integer in the int32 range/ },
    { name: "int32 bound out of range", run: () => random.uniform([2], { dtype: "int32", maxval: 2 ** 31 }), message: /maxval 2147483648 must be an integer in the int32 range/ },
    { name: "bool uniform", run: () => random.uniform([2], { dtype: "bool" }), message: /random\.uniform: dtype "bool" is not supported; use float32, float64 or int32/ },
    { name: "int32 normal", run: () => random.normal([2], { dtype: "int32" }), message: /random\.normal: dtype "int32" is not supported; use float32 or float64/ },
    { name: "int32 truncatedNormal", run: () => random.truncatedNormal([2], { dtype: "int32" }), message: /random\.truncatedNormal: dtype "int32"/ },
    { name: "fractional seed", run: () => random.normal([2], { seed: 1.5 }), message: /random\.normal: seed must be a safe integer, got number 1\.5/ },
    { name: "unsafe seed", run: () => random.setSeed(2 ** 60), message: /random\.setSeed: seed must be a safe integer/ },
    { name: "string seed", run: () => random.setSeed("1" as never), message: /random\.setSeed: seed must be a safe integer, got the string "1"/ },
    { name: "string mean", run: () => random.normal([2], { mean: "0" as never }), message: /random\.normal: mean must be a number, got the string "0"/ },
    { name: "unknown option", run: () => random.normal([2], { std: 1 } as never), message: /random\.normal: unknown option "std"; the options are mean, stddev, seed, dtype/ },
    { name: "options not an object", run: () => random.uniform([2], 5 as never), message: /random\.uniform: options must be an object/ },
    { name: "bad shape", run: () => random.normal([2, -1]), message: /random\.normal: shape \[2,-1\] has dimension -1/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = tf.memory().numTensors;
      expect(c.run).toThrow(c.message);
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(random.uniform([3], { seed: 7 }).data())).toEqual(refUniform32(explicitStream(87654321, 7), 3));
    });
  }

  it.each([
    ["normal", () => random.normal([2 ** 31])],
    ["truncatedNormal", () => random.truncatedNormal([2 ** 30, 2], { dtype: "float64" })],
    ["uniform", () => random.uniform([2 ** 31])],
    ["uniform", () => random.uniform([2 ** 31], { dtype: "int32", maxval: 4 })],
  ])("a %s too big for memory does not advance the counter", (name, run) => {
    random.setSeed(5);
    expect(run).toThrow(new RegExp(`^random\\.${name}: a (float32|float64|int32) tensor`));
    expectNear32(random.normal([3]).data(), refNormal(counterStream(5, 0), 3, "float32"));
  });

  it("a failed call does not advance the counter", () => {
    random.setSeed(5);
    expect(() => random.normal([-1])).toThrow(/shape/);
    expectNear32(random.normal([3]).data(), refNormal(counterStream(5, 0), 3, "float32"));
  });
});
