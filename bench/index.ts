// `npm run bench [-- filter...]`: gradtape side by side with TensorFlow.js (Wasm and CPU backends)
// in one run, with how many times better gradtape is. A filter keeps the workloads whose name
// contains it (`npm run bench -- matmul`). Results also go to .cache/bench.json.
import { resolve } from "node:path";
import { type AgreementCheck, checkAgreement } from "./agreement.js";
import { measureBundles, printBundles } from "./bundle-size.js";
import type { Engine } from "./engine.js";
import { gradtape } from "./gradtape.js";
import { describeMachine, opUnavailable, printAgreement, printSetup, type Row, Table, writeJson } from "./report.js";
import { setUpTfjs, tfjsCpu, tfjsWasm } from "./tfjs.js";
import { measureInTurn } from "./timing.js";
import { type Prepared, selectWorkloads, type Workload } from "./workloads.js";

const ours = gradtape as Engine<unknown>;
const reference = tfjsCpu as Engine<unknown>;
const engines = [ours, tfjsWasm as Engine<unknown>, reference];
const jsonPath = resolve(".cache/bench.json");

const selected = selectWorkloads(process.argv.slice(2));
if (selected.length === 0) throw new Error(`bench: no workload matches ${process.argv.slice(2).join(", ")}`);

const tfjs = await setUpTfjs();
await ours.activate();
const machine = describeMachine();
printSetup(machine, tfjs);
const bundles = await measureBundles();
printBundles(bundles);

console.log(`agreement with ${reference.name} (max |difference|), before timing`);
const checks: AgreementCheck[] = [];
for (const workload of selected) {
  const check = await checkAgreement(workload, engines, reference);
  printAgreement(check, workload);
  checks.push(check);
}
console.log();

const names = engines.map((e) => e.name);
const table = new Table(selected, names, ours.name);
table.printHeader();
const rows: Row[] = [];
for (const workload of selected) {
  const row = await measureWorkload(workload);
  table.printRow(row);
  rows.push(row);
}

writeJson(jsonPath, machine, tfjs, bundles, checks, rows, ours.name, names.filter((n) => n !== ours.name));
console.log(`
ratios: how many times better gradtape is (throughput ours/theirs, time theirs/ours); median of batches
notes:  tfjs-wasm runs XNNPACK only for matmuls without transposes (the others take a plain loop) and
        keeps XNNPACK's packed copy of B per tensor, so repeating a product with the same B skips packing.
        A 1M float32 tensor is 4 MB: the element-wise inputs may sit in cache, so GB/s can exceed DRAM's.
written to ${jsonPath}`);

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
