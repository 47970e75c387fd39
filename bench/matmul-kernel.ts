// Speed of tf.matmul, best and median of several timed runs (the machine is shared, so single runs
// are noisy). Inputs are already in Wasm memory; each call allocates and frees its output.
//   node scripts/run-ts.mjs bench/matmul-kernel.ts [size ...] [--dtype float64] [--runs 7]
//       GFLOP/s on square matrices for the four transpose cases (default sizes 64 ... 1024)
//   node scripts/run-ts.mjs bench/matmul-kernel.ts --shapes [m,k,n ...]
//       microseconds per call and GFLOP/s on other shapes (default: tiny, skinny and batched ones)
import * as tf from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args.splice(at, 2)[1] : fallback;
};
const flag = (name: string): boolean => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const dtype = option("--dtype", "float32") as tf.DType;
const runs = Number(option("--runs", "7"));
const shapesMode = flag("--shapes");

const cases: { name: string; options: tf.MatmulOptions }[] = [
  { name: "A B", options: {} },
  { name: "A^T B", options: { transposeA: true } },
  { name: "A B^T", options: { transposeB: true } },
  { name: "A^T B^T", options: { transposeA: true, transposeB: true } },
];

/** Values in [-1, 1) from a small LCG, so runs are repeatable. */
function uniform(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Milliseconds per call of each timed run, sorted ascending (best first). */
function measure(a: tf.Tensor, b: tf.Tensor, options: tf.MatmulOptions): number[] {
  const once = (): void => tf.matmul(a, b, options).dispose();
  // Enough calls for about 40 ms per run, after a warm-up that also tiers up the kernels.
  const start = performance.now();
  let warm = 0;
  while (performance.now() - start < 100 || warm < 3) {
    once();
    warm++;
  }
  const reps = Math.max(1, Math.round((40 * warm) / (performance.now() - start)));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) once();
    times.push((performance.now() - t0) / reps);
  }
  return times.sort((x, y) => x - y);
}

function squareTable(sizes: number[]): void {
  console.log(`tf.matmul ${dtype}, GFLOP/s best / median of ${runs} runs, node ${process.version}`);
  console.log(`| size | ${cases.map((c) => c.name).join(" | ")} |`);
  console.log(`|---|${cases.map(() => "---").join("|")}|`);
  for (const size of sizes) {
    const x = tf.tensor(uniform(size * size, 1), [size, size], dtype);
    const y = tf.tensor(uniform(size * size, 2), [size, size], dtype);
    const gflop = (2 * size ** 3) / 1e6;
    const cells = cases.map(({ options }) => {
      const times = measure(x, y, options);
      return `${(gflop / times[0]).toFixed(1)} / ${(gflop / times[times.length >> 1]).toFixed(1)}`;
    });
    console.log(`| ${size} | ${cells.join(" | ")} |`);
    x.dispose();
    y.dispose();
  }
}

function shapeTable(shapes: number[][]): void {
  console.log(`tf.matmul ${dtype} [b,]m,k,n (A B), µs per call and GFLOP/s, best / median of ${runs} runs`);
  console.log(`| shape | µs | GFLOP/s |`);
  console.log(`|---|---|---|`);
  for (const shape of shapes) {
    const [batch, m, k, n] = shape.length === 4 ? shape : [0, ...shape];
    const lead = batch > 0 ? [batch] : [];
    const x = tf.tensor(uniform(Math.max(batch, 1) * m * k, 1), [...lead, m, k], dtype);
    const y = tf.tensor(uniform(Math.max(batch, 1) * k * n, 2), [...lead, k, n], dtype);
    const times = measure(x, y, {});
    const mid = times[times.length >> 1];
    const gflop = (2 * Math.max(batch, 1) * m * n * k) / 1e6;
    const us = `${(times[0] * 1e3).toFixed(2)} / ${(mid * 1e3).toFixed(2)}`;
    console.log(`| ${shape.join(",")} | ${us} | ${(gflop / times[0]).toFixed(1)} / ${(gflop / mid).toFixed(1)} |`);
    x.dispose();
    y.dispose();
  }
}

if (shapesMode) {
  const defaults = [
    [1, 1, 1], [2, 3, 4], [8, 8, 8], [16, 16, 16], [16, 16, 17], [32, 32, 32],
    [1, 784, 128], [128, 784, 1], [3, 256, 256], [32, 784, 128], [1000, 2, 2, 2], [64, 64, 64, 64],
  ];
  shapeTable(args.length > 0 ? args.map((s) => s.split(",").map(Number)) : defaults);
} else {
  squareTable(args.length > 0 ? args.map(Number) : [64, 128, 256, 512, 1024]);
}
