// Smoke test of the built package in Node, the way a user gets it: builds dist/ if needed, runs
// smoke.js (which imports "gradtape" and "gradtape/core" through package.json "exports") once per
// entry, and type-checks a small consumer against the published declarations (dist/*.d.ts).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { countLines, ensureDist, finish, root, runGroup } from "./harness.mjs";

ensureDist();

let passed = 0;
let failed = 0;
const record = (ok, name, detail = "") => {
  if (ok) passed++;
  else failed++;
  console.log(ok ? `PASS ${name}` : `FAIL ${name}${detail ? `: ${detail}` : ""}`);
};

for (const entry of ["index", "core"]) {
  const label = `node (${entry === "index" ? "gradtape" : "gradtape/core"})`;
  console.log(`--- ${label}`);
  const r = await runGroup(process.execPath, ["test/runtimes/smoke.js", entry], 60_000);
  process.stdout.write(r.stdout);
  if (r.stderr.trim() !== "") process.stdout.write(r.stderr.replace(/^/gm, "  stderr: "));
  const counts = countLines(r.stdout, label);
  passed += counts.passed;
  failed += counts.failed;
  if (counts.problem !== null) console.log(`FAIL ${counts.problem}`);
  if (r.timedOut) record(false, label, "still running after 60 s, killed");
  else if (r.code !== 0 && counts.failed === 0) record(false, label, `node exited with ${r.code ?? r.signal}`);
}

console.log("--- TypeScript consumer of dist/*.d.ts");
const consumer = `${root}.cache/consumer/`;
rmSync(consumer, { recursive: true, force: true });
mkdirSync(consumer, { recursive: true });
writeFileSync(
  `${consumer}main.ts`,
  `import * as tf from "gradtape";
import { init, type WasmSource } from "gradtape/core";

const t: tf.Tensor = tf.ones([2, 3], "float64");
const shape: number[] = t.shape;
const dtype: tf.DType = t.dtype;
const values: tf.TypedArray = t.data();
const zeros: tf.Tensor = t.zerosLike();
const info: tf.MemoryInfo = tf.memory();
const kept: tf.Tensor = tf.tidy(() => tf.keep(tf.fill([2], 3)));
const source: WasmSource = new URL("gradtape.wasm", import.meta.url);
const started: Promise<void> = init(source);
// @ts-expect-error an unknown dtype is a type error
tf.zeros([2], "float16");
export { dtype, info, kept, shape, started, values, zeros };
`,
);
// Inside this package its own name resolves through the same "exports" map that a consumer's
// node_modules/gradtape would.
const setups = [
  {
    name: "browser or Deno style (DOM lib), checking the shipped .d.ts files too",
    compilerOptions: { lib: ["ES2022", "ESNext.Disposable", "DOM"], types: [], skipLibCheck: false },
  },
  {
    name: "Node style (@types/node, no DOM lib)",
    compilerOptions: { lib: ["ES2022"], types: ["node"], skipLibCheck: true },
  },
];
for (const [i, setup] of setups.entries()) {
  const config = `${consumer}tsconfig.${i}.json`;
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, ...setup.compilerOptions },
      files: ["main.ts"],
    }),
  );
  const tsc = await runGroup(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", config], 120_000);
  record(tsc.code === 0, `a strict TypeScript consumer type-checks, ${setup.name}`, `${tsc.stdout}${tsc.stderr}`.trim());
}

finish(passed, failed);
