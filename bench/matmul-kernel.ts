// GFLOP/s of tf.matmul on square matrices, for every transpose case, best and median of several
// timed runs (the machine is shared, so single runs are noisy). Inputs are already in Wasm memory.
//   node scripts/run-ts.mjs bench/matmul-kernel.ts [size ...] [--dtype float64] [--runs 7]
import * as tf from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args.splice(at, 2)[1] : fallback;
};
const dtype = option("--dtype", "float32") as tf.DType;
const runs = Number(option("--runs", "7"));
const sizes = args.length > 0 ? args.map(Number) : [64, 128, 256, 512, 1024];
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

/** GFLOP/s of each timed run of `reps` products, sorted ascending. */
function measure(a: tf.Tensor, b: tf.Tensor, options: tf.MatmulOptions, flops: number): number[] {
  const once = (): void => tf.matmul(a, b, options).dispose();
  // Enough repetitions for about 40 ms per run, after a warm-up that also tiers up the kernels.
  const start = performance.now();
  let warm = 0;
  while (performance.now() - start < 100 || warm < 3) {
    once();
    warm++;
  }
  const perCall = (performance.now() - start) / warm;
  const reps = Math.max(1, Math.round(40 / perCall));
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) once();
    rates.push((flops * reps) / ((performance.now() - t0) * 1e6));
  }
  return rates.sort((x, y) => x - y);
}

console.log(`tf.matmul ${dtype}, GFLOP/s best / median of ${runs} runs, node ${process.version}`);
console.log(`| size | ${cases.map((c) => c.name).join(" | ")} |`);
console.log(`|---|${cases.map(() => "---").join("|")}|`);
for (const size of sizes) {
  const x = tf.tensor(uniform(size * size, 1), [size, size], dtype);
  const y = tf.tensor(uniform(size * size, 2), [size, size], dtype);
  const flops = 2 * size ** 3;
  const cells = cases.map(({ options }) => {
    const rates = measure(x, y, options, flops);
    return `${rates[rates.length - 1].toFixed(1)} / ${rates[rates.length >> 1].toFixed(1)}`;
  });
  console.log(`| ${size} | ${cells.join(" | ")} |`);
}
