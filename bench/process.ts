// What a whole process shows rather than a timed loop: cold start (from `node` starting to the first
// gradient read back) and peak memory of a training run. Each measurement runs in a fresh Node child
// with only one engine loaded, so the engines do not share a heap, a Wasm memory or warm caches.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import type { EngineName } from "./engine.js";
import type { Measurement, Row, RowSpec } from "./report.js";
import { memoryRun } from "./training.js";

/** What a child measuring memory prints (one JSON line). */
export interface MemoryReport {
  /** Size of the engine's Wasm linear memory after the run (it never shrinks, so also its peak). */
  wasmBytes?: number;
  /** gradtape: the highest address its allocator has handed out. */
  heapTopBytes?: number;
  /** Bytes the library says its live tensors hold, after the run. */
  tensorBytes: number;
  /** Resident set before the model is built, and the process's peak resident set. */
  rssBeforeBytes: number;
  maxRssBytes: number;
  loss: number;
}

/** What the memory rows measure, for the notes under the table. */
export const memoryLabel = `${memoryRun.steps} steps of MLP ${memoryRun.sizes.join("-")} b${memoryRun.batch}`;

export const coldStart: RowSpec = {
  name: "cold start: process start to first gradient",
  unit: "ms",
  higherIsBetter: false,
};
export const coldImport: RowSpec = {
  name: "cold start: import to first gradient",
  unit: "ms",
  higherIsBetter: false,
};
export const wasmMemory: RowSpec = { name: "peak memory: Wasm memory", unit: "MB", higherIsBetter: false };
export const peakRss: RowSpec = { name: "peak memory: process peak RSS", unit: "MB", higherIsBetter: false };
export const rssGrowth: RowSpec = { name: "peak memory: RSS growth in training", unit: "MB", higherIsBetter: false };

export const processRows: RowSpec[] = [coldStart, coldImport, wasmMemory, peakRss, rssGrowth];

const childDir = resolve(".cache/bench-children");
const coldRuns = 5;
const mb = (bytes: number) => bytes / (1024 * 1024);

/** Rebuilds dist/ (what `import "gradtape"` loads) when it is missing or older than src/ or the kernels. */
export function ensureDist(): void {
  const entry = resolve("dist/index.js");
  const built = existsSync(entry) ? statSync(entry).mtimeMs : -Infinity;
  const sources = [newestMtime(resolve("src")), newestMtime(resolve("assembly")), newestMtime(resolve("build"))];
  if (Math.max(...sources) <= built) return;
  console.log("dist/ is older than the sources: node scripts/build-dist.mjs");
  execFileSync(process.execPath, ["scripts/build-dist.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return -Infinity;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(-Infinity, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** The rows among processRows that `filters` select, measured. */
export async function measureProcessRows(selected: RowSpec[], engines: EngineName[]): Promise<Row[]> {
  const rows: Row[] = [];
  const coldRows = selected.filter((r) => r === coldStart || r === coldImport);
  if (coldRows.length > 0) rows.push(...measureColdStart(engines).filter((row) => coldRows.includes(row.workload)));
  const memoryRows = selected.filter((r) => !coldRows.includes(r));
  if (memoryRows.length > 0) {
    const reports = await measureMemory(engines);
    for (const spec of memoryRows) {
      const row: Row = { workload: spec, results: {} };
      for (const engine of engines) {
        const report = reports[engine];
        row.results[engine] = memoryMeasurement(spec, report);
      }
      rows.push(row);
    }
  }
  return rows;
}

function memoryMeasurement(spec: RowSpec, report: MemoryReport): Measurement {
  const detail = { ...report } as unknown as Record<string, number>;
  if (spec === wasmMemory) {
    return report.wasmBytes === undefined ? { unavailable: "n/a (no Wasm)" } : { value: mb(report.wasmBytes), detail };
  }
  if (spec === peakRss) return { value: mb(report.maxRssBytes), detail };
  return { value: mb(report.maxRssBytes - report.rssBeforeBytes), detail };
}

// ---- cold start

/**
 * A script per engine: import the library, one gradient of x*x at 3, read back; prints
 * performance.now() (from process start) and the time since the import began.
 */
function coldStartScript(engine: EngineName): string {
  const started = `const started = performance.now();`;
  const print = `console.log(JSON.stringify({ ms: performance.now(), fromImport: performance.now() - started, gradient: g }));`;
  if (engine === "gradtape") {
    return [
      started,
      `const tf = await import(${JSON.stringify(pathToImport(resolve("dist/index.js")))});`,
      `const x = tf.constant(3);`,
      `const tape = new tf.GradientTape();`,
      `tape.watch(x);`,
      `const y = tape.record(() => tf.mul(x, x));`,
      `const g = tape.gradient(y, x).item();`,
      print,
    ].join("\n");
  }
  const backend = engine === "tfjs-wasm" ? "wasm" : "cpu";
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + sep;
  return [
    started,
    `const tfc = await import("@tensorflow/tfjs-core");`,
    backend === "wasm"
      ? `const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");`
      : `await import("@tensorflow/tfjs-backend-cpu");`,
    // tfjs-core's Node build has no gradient functions; bench/tfjs.ts bundles them (see registerGradients).
    `await import(${JSON.stringify(pathToImport(resolve(".cache/tfjs-gradients.mjs")))});`,
    `tfc.enableProdMode();`,
    ...(backend === "wasm"
      ? [`setWasmPaths(${JSON.stringify(wasmDir)});`, `tfc.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);`]
      : []),
    `if (!(await tfc.setBackend(${JSON.stringify(backend)}))) throw new Error("no ${backend} backend");`,
    `const g = tfc.grad((x) => tfc.mul(x, x))(tfc.scalar(3)).dataSync()[0];`,
    print,
  ].join("\n");
}

function pathToImport(path: string): string {
  return new URL(`file://${path}`).href;
}

/** Medians over `coldRuns` fresh processes per engine, the engines taking turns: from process start, and from the import. */
function measureColdStart(engines: EngineName[]): Row[] {
  mkdirSync(childDir, { recursive: true });
  const scripts = engines.map((engine) => {
    const path = join(childDir, `cold-start-${engine}.mjs`);
    writeFileSync(path, coldStartScript(engine) + "\n");
    return path;
  });
  const times: number[][] = engines.map(() => []);
  const fromImport: number[][] = engines.map(() => []);
  for (let run = 0; run < coldRuns; run++) {
    engines.forEach((engine, i) => {
      const out = JSON.parse(lastLine(runChild(scripts[i], []))) as { ms: number; fromImport: number; gradient: number };
      if (out.gradient !== 6) throw new Error(`cold start: ${engine} computed d(x*x)/dx at 3 as ${out.gradient}`);
      times[i].push(out.ms);
      fromImport[i].push(out.fromImport);
    });
  }
  return [
    [coldStart, times],
    [coldImport, fromImport],
  ].map(([spec, samples]) => {
    const row: Row = { workload: spec as RowSpec, results: {} };
    engines.forEach((engine, i) => {
      const own = (samples as number[][])[i];
      const sorted = [...own].sort((a, b) => a - b);
      row.results[engine] = { value: sorted[sorted.length >> 1], samples: own };
    });
    return row;
  });
}

// ---- peak memory

async function measureMemory(engines: EngineName[]): Promise<Record<EngineName, MemoryReport>> {
  mkdirSync(childDir, { recursive: true });
  const bundles: Record<string, string> = {};
  for (const entry of ["memory-gradtape", "memory-tfjs"]) {
    bundles[entry] = join(childDir, `${entry}.mjs`);
    await build({
      entryPoints: [resolve(`bench/${entry}.ts`)],
      outfile: bundles[entry],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "warning",
    });
  }
  const reports = {} as Record<EngineName, MemoryReport>;
  for (const engine of engines) {
    const [script, args] =
      engine === "gradtape" ? [bundles["memory-gradtape"], []] : [bundles["memory-tfjs"], [engine === "tfjs-wasm" ? "wasm" : "cpu"]];
    reports[engine] = JSON.parse(lastLine(runChild(script, args))) as MemoryReport;
  }
  return reports;
}

function runChild(script: string, args: string[]): string {
  return execFileSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1];
}

export function printProcessNotes(rows: Row[]): void {
  const memory = rows.find((r) => r.workload === wasmMemory)?.results.gradtape;
  if (memory !== undefined && "detail" in memory && memory.detail !== undefined) {
    console.log(
      `        gradtape's allocator top after the run: ${mb(memory.detail.heapTopBytes).toFixed(1)} MB ` +
        `of its ${mb(memory.detail.wasmBytes).toFixed(1)} MB Wasm memory`,
    );
  }
}
