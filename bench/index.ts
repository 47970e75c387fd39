// `npm run bench [-- filter...]`: gradtape side by side with TensorFlow.js (Wasm and CPU backends)
// in one run, with how many times better gradtape is. A filter keeps the rows whose name contains it
// (`npm run bench -- matmul`, `-- "cold start"`, `-- memory`, `-- bundle`). The timed workloads run in
// this process, taking turns; cold start and peak memory run in a fresh Node child per engine.
// Results also go to .cache/bench.json.
import { resolve } from "node:path";
import { type AgreementCheck, checkAgreement } from "./agreement.js";
import { type BundleSize, measureBundles, printBundles } from "./bundle-size.js";
import type { Engine } from "./engine.js";
import { gradtape } from "./gradtape.js";
import { ensureDist, measureProcessRows, memoryLabel, printProcessNotes, processRows } from "./process.js";
import {
  describeMachine,
  opUnavailable,
  printAgreement,
  printSetup,
  type Row,
  type RowSpec,
  Table,
  writeJson,
} from "./report.js";
import { setUpTfjs, tfjsCpu, tfjsWasm } from "./tfjs.js";
import { measureInTurn } from "./timing.js";
import { type Prepared, selectWorkloads, type Workload } from "./workloads.js";

const ours = gradtape as Engine<unknown>;
const reference = tfjsCpu as Engine<unknown>;
const engines = [ours, tfjsWasm as Engine<unknown>, reference];
const jsonPath = resolve(".cache/bench.json");

const filters = process.argv.slice(2);
const selected = selectWorkloads(filters);
const bundleRow: RowSpec = { name: "bundle size: js + .wasm, gzipped", unit: "KB", higherIsBetter: false };
const matches = (r: RowSpec) => filters.length === 0 || filters.some((f) => r.name.includes(f));
const selectedProcessRows = processRows.filter(matches);
const bundleSelected = matches(bundleRow);
if (selected.length + selectedProcessRows.length === 0 && !bundleSelected) {
  throw new Error(`bench: no workload matches ${filters.join(", ")}`);
}

ensureDist();
const tfjs = await setUpTfjs();
await ours.activate();
const machine = describeMachine();
printSetup(machine, tfjs);
const bundles = await measureBundles();
printBundles(bundles);

const names = engines.map((e) => e.name);
const rows: Row[] = [];
const checks: AgreementCheck[] = [];
if (selected.length > 0) {
  console.log(`agreement with ${reference.name} (max |difference|), before timing`);
  const width = Math.max(...selected.map((w) => w.name.length)) + 1;
  for (const workload of selected) {
    const check = await checkAgreement(workload, engines, reference);
    printAgreement(check, workload, width);
    checks.push(check);
  }
  console.log();

  const table = new Table(selected, names, ours.name);
  table.printHeader();
  for (const workload of selected) {
    const row = await measureWorkload(workload);
    table.printRow(row);
    rows.push(row);
  }
  console.log();
}

const otherRows: RowSpec[] = [...selectedProcessRows, ...(bundleSelected ? [bundleRow] : [])];
if (otherRows.length > 0) {
  const table = new Table(otherRows, names, ours.name);
  table.printHeader();
  const measured = await measureProcessRows(selectedProcessRows, names);
  if (bundleSelected) measured.push(bundleSizes(bundles));
  for (const row of measured) {
    table.printRow(row);
    rows.push(row);
  }
  console.log();
}

writeJson(jsonPath, machine, tfjs, bundles, checks, rows, ours.name, names.filter((n) => n !== ours.name));
console.log(`ratios: how many times better gradtape is (throughput ours/theirs, time or size theirs/ours); median of batches
notes:  tfjs-wasm runs XNNPACK only for matmuls without transposes (the others take a plain loop) and
        keeps XNNPACK's packed copy of B per tensor, so repeating a product with the same B skips packing.
        A 1M float32 tensor is 4 MB: the element-wise inputs may sit in cache, so GB/s can exceed DRAM's.
        Scalar adds on a tape: tfjs has no tape; its users write variableGrads over the same chain.
        Cold start and memory: a fresh Node process per engine (cold start: median of 5, from process
        start, and from the import, to the gradient read back; tfjs's includes registering its gradient
        functions; Node itself takes about 50 ms to reach the first line here). Memory:
        ${memoryLabel}; Wasm memory never shrinks, so its size after the run is its peak; tfjs-cpu
        keeps its tensors in JS (RSS); RSS growth is the peak RSS minus the RSS before the model is built.`);
printProcessNotes(rows);
console.log(`written to ${jsonPath}`);

/** The bundle sizes as a row: what a browser downloads, gzipped, JavaScript and .wasm together. */
function bundleSizes(sizes: BundleSize[]): Row {
  const row: Row = { workload: bundleRow, results: {} };
  const library = { gradtape: "gradtape", "tfjs-wasm": "tfjs-core + tfjs-backend-wasm", "tfjs-cpu": "tfjs-core + tfjs-backend-cpu" };
  for (const name of names) {
    const s = sizes.find((b) => b.library === library[name]);
    row.results[name] = s === undefined ? opUnavailable : { value: (s.jsGzipBytes + s.wasmGzipBytes) / 1024 };
  }
  return row;
}

/** Times every engine that has the workload's op, taking turns. */
async function measureWorkload(workload: Workload): Promise<Row> {
  const present = engines.filter((e) => e.has(workload.op));
  const prepared: Prepared[] = [];
  try {
    for (const engine of present) {
      await engine.activate();
      prepared.push(workload.prepare(engine));
    }
    const timings = await measureInTurn(
      present.map((engine, i) => ({ activate: () => engine.activate(), run: prepared[i].run })),
    );
    const row: Row = { workload, results: {} };
    for (const engine of engines) {
      const timing = timings[present.indexOf(engine)];
      row.results[engine.name] =
        timing === undefined ? opUnavailable : { value: workload.score(timing.medianMs), timing };
    }
    return row;
  } finally {
    for (const p of prepared) p.dispose();
  }
}
