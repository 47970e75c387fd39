// `npm test`: builds the kernels and the package, type-checks, then runs every suite: Node and
// Chromium (vitest); the packed tarball, installed into a fresh folder, in Node 20/22/24, Deno, Bun,
// Chromium and workerd; then the browser, Deno and Worker examples end to end. Closes with one line
// of totals over individual tests; exits non-zero if any step failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const counts = ".cache/test-counts/";
rmSync(counts, { recursive: true, force: true });
mkdirSync(counts, { recursive: true });

/** Where a step writes its test counts: vitest's JSON report, or the runtime scripts' own file. */
const vitest = (project) => {
  const file = `${counts}vitest-${project}.json`;
  const args = ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`];
  return [`vitest (${project})`, "node_modules/.bin/vitest", args, { vitestReport: file }];
};
const steps = [
  ["build the kernels", "node", ["scripts/build-wasm.mjs"], {}],
  ["build the package", "node", ["scripts/build-dist.mjs"], {}],
  ["type-check", "node_modules/.bin/tsc", ["-p", "tsconfig.json"], {}],
  vitest("node"),
];
let skipped = 0;
if (existsSync(chromium)) steps.push(vitest("chromium"));
else {
  console.log(`SKIPPED browser tests: no Chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`);
  skipped++;
}
const runtimes = ["package", "node", "deno", "bun", "browser", "workerd"].map((name) => `test/runtimes/${name}.mjs`);
const examples = ["browser-example", "deno-example", "worker-example"].map((name) => `test/e2e/${name}.mjs`);
for (const script of [...runtimes, ...examples]) {
  if (existsSync(script)) steps.push([script, "node", [script], { countsFile: `${counts}${script.replace(/\W/g, "_")}.json` }]);
}

let failedSteps = 0;
let passed = 0;
let failed = 0;
for (const [name, cmd, args, { vitestReport, countsFile }] of steps) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const env = countsFile ? { ...process.env, GRADTAPE_COUNTS_FILE: countsFile } : process.env;
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  const tests = readCounts(vitestReport, countsFile);
  if (tests !== null) {
    passed += tests.passed;
    failed += tests.failed;
    skipped += tests.skipped;
  }
  // A failure that no test counted (a build error, a suite that did not load) still counts once.
  if (!ok && (tests === null || tests.failed === 0)) failed++;
  if (!ok) {
    failedSteps++;
    console.log(`=== ${name}: FAILED (exit ${r.status ?? r.signal ?? r.error?.message}, ${seconds} s)`);
  } else console.log(`=== ${name}: ok (${seconds} s)`);
}
console.log(`\nsteps: ${steps.length - failedSteps} of ${steps.length} ok`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failedSteps === 0 && failed === 0 ? 0 : 1);

/** { passed, failed, skipped } individual tests of a step, or null if it recorded none. */
function readCounts(vitestReport, countsFile) {
  try {
    if (vitestReport) {
      const report = JSON.parse(readFileSync(vitestReport, "utf8"));
      return {
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests + report.numTodoTests,
      };
    }
    if (countsFile) return JSON.parse(readFileSync(countsFile, "utf8"));
  } catch {
    // no report: the step did not get as far as writing one
  }
  return null;
}
