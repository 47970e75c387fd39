// Child process of bench/process.ts: gradtape alone in a fresh Node, a few steps of the big MLP, then
// its memory as one JSON line.
import * as gt from "../src/index.js";
import { gradtape } from "./gradtape.js";
import { ownPeakRssBytes } from "./peak-rss.js";
import type { MemoryReport } from "./process.js";
import { memoryRun, mlpSpec } from "./training.js";

await gradtape.activate();
const spec = mlpSpec(memoryRun.sizes, memoryRun.batch);
const rssBeforeBytes = process.memoryUsage().rss;
const run = gradtape.mlpTraining(spec);
for (let i = 0; i < memoryRun.steps; i++) run.step();
const loss = run.loss();
const info = gt.memory();
const report: MemoryReport = {
  wasmBytes: info.wasmBytes,
  heapTopBytes: info.heapTopBytes,
  tensorBytes: info.numBytes,
  rssBeforeBytes,
  maxRssBytes: ownPeakRssBytes(),
  loss,
};
console.log(JSON.stringify(report));
