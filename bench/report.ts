// What the run prints (machine, agreement, the side-by-side table with ratios) and the JSON record.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import type { BundleSize } from "./bundle-size.js";
import type { AgreementCheck } from "./agreement.js";
import type { EngineName } from "./engine.js";
import type { TfjsSetup } from "./tfjs.js";
import type { Timing } from "./timing.js";
import type { Workload } from "./workloads.js";

/** A row of a table: a timed workload, or a process-level measurement (bench/process.ts). */
export interface RowSpec {
  name: string;
  unit: string;
  higherIsBetter: boolean;
}

export type Measurement =
  | {
      value: number;
      /** Timed workloads: the batches behind the value. */
      timing?: Timing;
      /** Process-level rows: each child's figure (cold start) or what the child reported (memory). */
      samples?: number[];
      detail?: Record<string, number>;
    }
  | { unavailable: string };

export interface Row {
  workload: RowSpec;
  results: Partial<Record<EngineName, Measurement>>;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** One-minute load average when the run started: above 0, other work shares the cores. */
  load: number;
  gradtapeCommit: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown CPU",
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: os.loadavg()[0],
    gradtapeCommit: gitCommit(),
  };
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const commit = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return "unknown";
  }
}

export function printSetup(machine: Machine, tfjs: TfjsSetup): void {
  console.log(`machine   ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}`);
  console.log(`load      ${machine.load.toFixed(2)} (1-minute average; above 0, other work shares the cores)`);
  console.log(`gradtape  ${machine.gradtapeCommit}`);
  console.log(
    `tfjs      ${tfjs.version}, production mode; wasm backend runs ${tfjs.wasmBinary} ` +
      `(${(tfjs.wasmBinaryBytes / 1024).toFixed(0)} KB, ${tfjs.wasmThreads} thread${tfjs.wasmThreads === 1 ? "" : "s"}); cpu backend is plain JS`,
  );
  console.log();
}

export function printAgreement(check: AgreementCheck, workload: Workload, width = 36): void {
  const parts = check.agreements.map((a) =>
    "unavailable" in a ? `${a.engine} n/a` : `${a.engine} ${a.maxAbsDiff.toExponential(1)}${a.ok ? "" : " (!)"}`,
  );
  console.log(`  ${check.workload.padEnd(width)} ${parts.map((p) => p.padEnd(24)).join("")}`.trimEnd());
  for (const a of check.agreements) {
    if ("unavailable" in a || a.ok) continue;
    console.warn(
      `WARNING: ${a.engine} disagrees with ${check.reference} on ${check.workload}: |difference| ${a.maxAbsDiff.toPrecision(3)} ` +
        `at element ${a.index}, allowed ${workload.atol} + ${workload.rtol}·|reference|`,
    );
  }
}

const unavailable = "n/a (op not available)";

/** The measurement of a workload whose op the engine lacks. */
export const opUnavailable: Measurement = { unavailable };

/** Prints the table a row at a time, as the measurements come in. */
export class Table {
  private readonly widths: number[];

  constructor(
    workloads: readonly RowSpec[],
    private readonly engines: readonly EngineName[],
    private readonly ours: EngineName,
  ) {
    const labelWidth = Math.max(...workloads.map((w) => label(w).length), "workload".length) + 2;
    this.widths = [labelWidth, ...engines.map((e) => Math.max(e.length + 2, 14, e === ours ? unavailable.length + 2 : 0))];
  }

  private others(): EngineName[] {
    return this.engines.filter((e) => e !== this.ours);
  }

  printHeader(): void {
    const ratios = this.others().map((e) => `vs ${e.replace(/^tfjs-/, "")}`.padEnd(9));
    console.log((["workload", ...this.engines].map((h, i) => h.padEnd(this.widths[i])).join("") + ratios.join("")).trimEnd());
  }

  printRow(row: Row): void {
    const cells = [label(row.workload), ...this.engines.map((e) => formatMeasurement(row.results[e]))];
    const ratios = this.others().map((e) => formatRatio(ratio(row, this.ours, e)).padEnd(9));
    console.log((cells.map((c, i) => c.padEnd(this.widths[i])).join("") + ratios.join("")).trimEnd());
  }
}

function label(w: RowSpec): string {
  return `${w.name} (${w.unit})`;
}

function formatMeasurement(m: Measurement | undefined): string {
  if (m === undefined) return "-";
  if ("unavailable" in m) return m.unavailable;
  return formatNumber(m.value);
}

function formatNumber(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function formatRatio(r: number | null): string {
  return r === null ? "-" : `${r >= 100 ? r.toFixed(0) : r.toPrecision(3)}x`;
}

/** How many times better `ours` is than `other`: throughput ours/theirs, time theirs/ours. */
export function ratio(row: Row, ours: EngineName, other: EngineName): number | null {
  const a = row.results[ours];
  const b = row.results[other];
  if (a === undefined || b === undefined || "unavailable" in a || "unavailable" in b) return null;
  return row.workload.higherIsBetter ? a.value / b.value : b.value / a.value;
}

export function writeJson(
  path: string,
  machine: Machine,
  tfjs: TfjsSetup,
  bundles: BundleSize[],
  checks: AgreementCheck[],
  rows: Row[],
  ours: EngineName,
  others: EngineName[],
): void {
  const record = {
    date: new Date().toISOString(),
    machine,
    tfjs,
    bundles,
    agreement: checks,
    results: rows.map((row) => ({
      workload: row.workload.name,
      unit: row.workload.unit,
      higherIsBetter: row.workload.higherIsBetter,
      engines: row.results,
      ratios: Object.fromEntries(others.map((e) => [`${ours} vs ${e}`, ratio(row, ours, e)])),
    })),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(record, null, 2) + "\n");
}
