// The workload table: what is measured, on which inputs, and how a time becomes the reported figure.
import type { Engine, OpName } from "./engine.js";
import { mlpStep, mnistEpoch, seedAdamLoop } from "./training.js";
import { lazy, readAndDispose, uniform } from "./values.js";

export interface Prepared {
  /** One timed repetition; frees what it creates. */
  run(): void;
  /** The values one repetition computes, for the agreement check. */
  output(): Float32Array;
  /** Frees the inputs. */
  dispose(): void;
}

export interface Workload {
  /** Row label, e.g. "matmul 512". */
  name: string;
  unit: "GFLOP/s" | "GB/s" | "µs/op" | "µs/step" | "ms/step" | "s/epoch";
  /** Throughputs are; times per op are not. */
  higherIsBetter: boolean;
  /** The op an engine needs for this workload. */
  op: OpName;
  /** Engines agree when |value - reference| <= atol + rtol * |reference| everywhere. */
  atol: number;
  rtol: number;
  /** The reported figure, from the median time of one run. */
  score(ms: number): number;
  prepare<T>(engine: Engine<T>): Prepared;
}

const million = 1 << 20;
const chainLength = 10_000;

export const workloads: Workload[] = [
  ...[64, 128, 256, 512, 1024].map((n) => matmul(n, false, false)),
  ...[256, 512].flatMap((n) => [matmul(n, true, false), matmul(n, false, true)]),
  elementwise("add", 2, (e, [x, y]) => e.add(x, y)),
  elementwise("relu", 1, (e, [x]) => e.relu(x)),
  elementwise("exp", 1, (e, [x]) => e.exp(x)),
  scalarChain("10,000 chained scalar adds", (e) => [e.chainAdds(chainLength)]),
  scalarChain("10,000 scalar adds on a tape + gradient", (e) => e.tapedChainAdds(chainLength)),
  seedAdamLoop(),
  mlpStep([784, 128, 10], 64),
  mlpStep([784, 512, 512, 10], 128),
  mnistEpoch(),
];

/** Workloads whose name contains one of `filters` (all of them when there is none). */
export function selectWorkloads(filters: string[]): Workload[] {
  if (filters.length === 0) return workloads;
  return workloads.filter((w) => filters.some((f) => w.name.includes(f)));
}

function matmul(n: number, transposeA: boolean, transposeB: boolean): Workload {
  const values = lazy(() => [uniform(n * n, 2 * n), uniform(n * n, 2 * n + 1)]);
  const variant = transposeA ? " transposeA" : transposeB ? " transposeB" : "";
  return {
    name: `matmul ${n}${variant}`,
    unit: "GFLOP/s",
    higherIsBetter: true,
    op: "matmul",
    // Sums of n products of values in [-1, 1): float32 rounding grows with n.
    atol: 2e-6 * n,
    rtol: 1e-5,
    score: (ms) => (2 * n ** 3) / (ms * 1e6),
    prepare(engine) {
      const [aValues, bValues] = values();
      const a = engine.fromValues(aValues, [n, n]);
      const b = engine.fromValues(bValues, [n, n]);
      const product = () => engine.matmul(a, b, transposeA, transposeB);
      return {
        run: () => engine.dispose(product()),
        output: () => readAndDispose(engine, product()),
        dispose() {
          engine.dispose(a);
          engine.dispose(b);
        },
      };
    },
  };
}

/**
 * An element-wise op on 1M float32 values, scored in GB/s of values read and written
 * (4 bytes per input and output element).
 */
function elementwise(op: OpName, inputs: 1 | 2, apply: <T>(engine: Engine<T>, x: T[]) => T): Workload {
  // exp sees [-8, 8) so its range reduction is exercised, not only values near 0.
  const scale = op === "exp" ? 8 : 1;
  const values = lazy(() => Array.from({ length: inputs }, (_, i) => uniform(million, 10 + i, scale)));
  const bytes = 4 * (inputs + 1) * million;
  return {
    name: `${op} 1M`,
    unit: "GB/s",
    higherIsBetter: true,
    op,
    atol: 0,
    rtol: op === "exp" ? 4e-6 : 0,
    score: (ms) => bytes / (ms * 1e6),
    prepare(engine) {
      const x = values().map((v) => engine.fromValues(v, [million]));
      return {
        run: () => engine.dispose(apply(engine, x)),
        output: () => readAndDispose(engine, apply(engine, x)),
        dispose: () => x.forEach((t) => engine.dispose(t)),
      };
    },
  };
}

/**
 * Per-op overhead: `x = add(x, one)` on scalars, 10,000 times in a row; taped, the same chain recorded
 * (gradtape: a GradientTape; tfjs, which has no tape: `variableGrads`) and its gradient taken, µs per
 * add with the backward pass included.
 */
function scalarChain(name: string, chain: <T>(engine: Engine<T>) => number[]): Workload {
  return {
    name,
    unit: "µs/op",
    higherIsBetter: false,
    op: "add",
    atol: 0,
    rtol: 0,
    score: (ms) => (ms * 1000) / chainLength,
    prepare(engine) {
      return {
        run: () => void chain(engine),
        output: () => Float32Array.from(chain(engine)),
        dispose() {},
      };
    },
  };
}
