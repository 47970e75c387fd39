// Child process of bench/process.ts: TensorFlow.js on one backend (argv: wasm or cpu) in a fresh Node,
// a few steps of the big MLP, then its memory as one JSON line.
import * as tfc from "@tensorflow/tfjs-core";
import { ownPeakRssBytes } from "./peak-rss.js";
import type { MemoryReport } from "./process.js";
import { setUpTfjsBackend, tfjsCpu, tfjsWasm } from "./tfjs.js";
import { memoryRun, mlpSpec } from "./training.js";

const backend = process.argv[2];
if (backend !== "wasm" && backend !== "cpu") throw new Error(`memory-tfjs: expected wasm or cpu, got ${backend}`);
await setUpTfjsBackend(backend);
const engine = backend === "wasm" ? tfjsWasm : tfjsCpu;
const spec = mlpSpec(memoryRun.sizes, memoryRun.batch);
const rssBeforeBytes = process.memoryUsage().rss;
const run = engine.mlpTraining(spec);
for (let i = 0; i < memoryRun.steps; i++) run.step();
const loss = run.loss();
// The Wasm backend's Emscripten module: its HEAPU8 views the whole linear memory.
const wasm = backend === "wasm" ? (tfc.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm : undefined;
const report: MemoryReport = {
  wasmBytes: wasm?.HEAPU8.buffer.byteLength,
  tensorBytes: tfc.memory().numBytes,
  rssBeforeBytes,
  maxRssBytes: ownPeakRssBytes(),
  loss,
};
console.log(JSON.stringify(report));
