// What the runtime tests (package.mjs, node.mjs, deno.mjs, bun.mjs, browser.mjs, workerd.mjs) share:
// building dist/ when it is missing or stale, starting a runtime in its own process group (killed on
// exit, failure or timeout, so nothing is left running), and reporting PASS/FAIL/SKIPPED lines and
// the counts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds dist/ unless it is newer than every source it is built from. */
export function ensureDist() {
  const outputs = ["dist/index.js", "dist/core.js", "dist/gradtape.wasm", "dist/index.d.ts"].map((f) => root + f);
  const inputs = [...files("src"), ...files("assembly"), root + "asconfig.json", root + "scripts/build-dist.mjs"];
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (inputs.every((f) => statSync(f).mtimeMs <= built)) return;
  console.log("dist/ is missing or older than its sources: node scripts/build-dist.mjs");
  const r = spawnSync("node", ["scripts/build-dist.mjs"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.log(`FAIL building dist/ (exit ${r.status ?? r.signal})`);
    finish(0, 1);
  }
}

function files(dir) {
  return readdirSync(root + dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath ?? e.path}/${e.name}`);
}

/**
 * Why `bin` cannot start here (missing, not executable, wrong platform, crashing), or null when
 * `bin args` runs and exits 0.
 */
export function whyCannotStart(bin, args) {
  if (!existsSync(bin)) return `${bin} does not exist (is the npm package installed for this platform?)`;
  const r = spawnSync(bin, args, { encoding: "utf8", timeout: 30_000 });
  if (r.error) return `${bin} ${args.join(" ")} failed to start: ${r.error.message}`;
  if (r.status !== 0) {
    const said = `${r.stderr}${r.stdout}`.trim().split("\n").slice(0, 3).join(" | ");
    return `${bin} ${args.join(" ")} exited with ${r.status ?? r.signal}: ${said}`;
  }
  return null;
}

const groups = new Set();
function killGroups() {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  groups.clear();
}
process.on("exit", killGroups);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    killGroups();
    process.exit(1);
  });
}

/**
 * Starts `cmd args` as the leader of a new process group, collecting its output.
 * `stop()` kills the whole group and resolves once the leader has exited.
 */
export function startGroup(cmd, args, options = {}) {
  const child = spawn(cmd, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"], ...options });
  const run = { child, stdout: "", stderr: "", exited: null };
  if (child.pid !== undefined) groups.add(child.pid);
  child.stdout.setEncoding("utf8").on("data", (s) => (run.stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s) => (run.stderr += s));
  run.exited = new Promise((resolve) => {
    child.on("error", (error) => resolve({ code: null, signal: null, error }));
    child.on("exit", (code, signal) => resolve({ code, signal, error: null }));
  });
  run.stop = async () => {
    if (child.pid !== undefined && groups.delete(child.pid)) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return run.exited;
  };
  return run;
}

/** Runs `cmd args` to completion (killing its group after `timeoutMs`). */
export async function runGroup(cmd, args, timeoutMs, options = {}) {
  const run = startGroup(cmd, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void run.stop();
  }, timeoutMs);
  const exit = await run.exited;
  clearTimeout(timer);
  await run.stop();
  return { ...exit, timedOut, stdout: run.stdout, stderr: run.stderr };
}

/** Prints SKIPPED with the reason and exits 0 (counted as skipped, not passed). */
export function skip(suite, reason) {
  console.log(`SKIPPED: ${suite}: ${reason}`);
  writeCounts({ passed: 0, failed: 0, skipped: 1 });
  process.exit(0);
}

/**
 * Prints the closing line, records the counts for scripts/test-all.mjs, and exits. A script whose
 * every runtime was skipped exits 0 with its skips counted; one that ran nothing at all fails.
 */
export function finish(passed, failed, skipped = 0) {
  if (passed + failed + skipped === 0) {
    console.log("FAIL no check ran");
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  writeCounts({ passed, failed, skipped });
  process.exit(failed === 0 ? 0 : 1);
}

/** Counts of PASS/FAIL/SKIPPED lines printed by a runtime script, and `finish` with them. */
export class Tally {
  passed = 0;
  failed = 0;
  skipped = 0;

  record(ok, name, detail = "") {
    if (ok) this.passed++;
    else this.failed++;
    console.log(ok ? `PASS ${name}` : `FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }

  skip(suite, reason) {
    this.skipped++;
    console.log(`SKIPPED: ${suite}: ${reason}`);
  }

  add({ passed, failed }) {
    this.passed += passed;
    this.failed += failed;
  }

  finish() {
    finish(this.passed, this.failed, this.skipped);
  }
}

/**
 * Runs a consumer script to completion (`cmd args`, killed after `timeoutMs`), echoes what it printed,
 * and adds its PASS/FAIL lines to `tally`; a missing SUMMARY, a timeout or a non-zero exit with no
 * FAIL line is one more failure. Returns the SUMMARY's runtime string (or null).
 */
export async function runConsumer(tally, label, cmd, args, options = {}, timeoutMs = 60_000) {
  console.log(`--- ${label}`);
  const r = await runGroup(cmd, args, timeoutMs, options);
  process.stdout.write(r.stdout);
  if (r.stderr.trim() !== "") process.stdout.write(r.stderr.replace(/^/gm, "  stderr: "));
  const counts = countLines(r.stdout, label);
  tally.add(counts);
  if (counts.problem !== null) console.log(`FAIL ${counts.problem}`);
  if (r.timedOut) tally.record(false, label, `still running after ${timeoutMs / 1000} s, killed`);
  else if (r.code !== 0 && counts.failed === 0) tally.record(false, label, `exited with ${r.code ?? r.signal ?? r.error?.message}`);
  return counts.summary?.runtime ?? null;
}

function writeCounts(counts) {
  const file = process.env.GRADTAPE_COUNTS_FILE;
  if (file) writeFileSync(file, JSON.stringify(counts));
}

/**
 * Reads the PASS/FAIL/SUMMARY lines a consumer script printed (smoke.js, bundled.js) and
 * returns its counts; a missing SUMMARY or a disagreement is a failure.
 */
export function countLines(output, label) {
  const passed = output.match(/^PASS /gm)?.length ?? 0;
  const failed = output.match(/^FAIL /gm)?.length ?? 0;
  const summary = output.match(/^SUMMARY (.*)$/m);
  if (summary === null) return { passed, failed: failed + 1, problem: `${label}: no SUMMARY line` };
  const stated = JSON.parse(summary[1]);
  if (stated.passed !== passed || stated.failed !== failed) {
    return { passed, failed: failed + 1, summary: stated, problem: `${label}: SUMMARY says ${summary[1]} but ${passed} PASS and ${failed} FAIL lines were printed` };
  }
  return { passed, failed, summary: stated, problem: null };
}

/** A port nothing listens on now: bind port 0, read the port the kernel chose, release it. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
