// `npm run bench [-- filter...]`: gradtape side by side with TensorFlow.js (Wasm and CPU backends)
// in one run, with how many times better gradtape is. A filter keeps the workloads whose name
// contains it (`npm run bench -- matmul`). Results also go to .cache/bench.json.
import { resolve } from "node:path";
import { type AgreementCheck, checkAgreement } from "./agreement.js";
import type { Engine } from "./engine.js";
import { gradtape } from "./gradtape.js";
import {
  describeMachine,
  printAgreement,
  opUnavailable,
  printSetup,
  type Row,
  Table,
  writeJson,
} from "./report.js";
import { setUpTfjs, tfjsCpu, tfjsWasm } from "./tfjs.js";
import { measure } from "./timing.js";
import { selectWorkloads } from "./workloads.js";

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
  const row: Row = { workload, results: {} };
  for (const engine of engines) {
    if (!engine.has(workload.op)) {
      row.results[engine.name] = opUnavailable;
      continue;
    }
    await engine.activate();
    const prepared = workload.prepare(engine);
    try {
      const timing = measure(prepared.run);
      row.results[engine.name] = { value: workload.score(timing.medianMs), timing };
    } finally {
      prepared.dispose();
    }
  }
  table.printRow(row);
  rows.push(row);
}

writeJson(jsonPath, machine, tfjs, checks, rows, ours.name, names.filter((n) => n !== ours.name));
console.log(`\nratios: how many times better gradtape is (throughput ours/theirs, time theirs/ours)`);
console.log(`written to ${jsonPath}`);
