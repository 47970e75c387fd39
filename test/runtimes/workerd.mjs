// Smoke test in workerd, Cloudflare's Workers runtime: builds dist/ if needed, bundles
// worker/worker.js (gradtape/core, with the .wasm imported as a module), serves it with workerd on
// 127.0.0.1 at a free port, asks it to run the checks over HTTP, and asserts the answers.
// workerd runs in its own process group, killed at the end whatever happens.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { ensureDist, finish, root, skip, startGroup, whyCannotStart } from "./harness.mjs";

const workerd = `${root}node_modules/.bin/workerd`;
const work = `${root}.cache/workerd/`;
const STARTUP_MS = 30_000;
const REQUEST_MS = 30_000;

const cannot = whyCannotStart(workerd, ["--version"]);
if (cannot !== null) skip("workerd", cannot);
ensureDist();

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
await build({
  entryPoints: [`${root}test/runtimes/worker/worker.js`],
  outfile: `${work}worker.js`,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // workerd provides the .wasm as a precompiled module; bundling its bytes would not instantiate.
  external: ["*.wasm", "node:*"],
  logLevel: "warning",
});
copyFileSync(`${root}dist/gradtape.wasm`, `${work}gradtape.wasm`);
copyFileSync(`${root}test/runtimes/worker/config.capnp`, `${work}config.capnp`);

const port = await freePort();
const server = startGroup(workerd, ["serve", `${work}config.capnp`, "--socket-addr", `http=127.0.0.1:${port}`]);
const base = `http://127.0.0.1:${port}`;

let passed = 0;
let failed = 0;
const fail = (message) => {
  console.log(`FAIL ${message}`);
  failed++;
};
try {
  const up = await waitUntilUp();
  if (up !== null) fail(`workerd did not start serving: ${up}`);
  else {
    console.log(`workerd is serving on ${base}`);
    for (const [path, label] of [
      ["/before-init", "before init"],
      ["/checks", "first request"],
      ["/checks", "second request, same isolate"],
    ]) {
      const answer = await getJson(path);
      if (typeof answer === "string") {
        fail(`GET ${path} (${label}): ${answer}`);
        continue;
      }
      for (const r of answer.results) {
        if (r.ok) passed++;
        else failed++;
        console.log(r.ok ? `PASS workerd ${label}: ${r.name}` : `FAIL workerd ${label}: ${r.name}: ${r.message}`);
      }
    }
  }
} finally {
  const exit = await server.stop();
  if (exit.error) fail(`workerd failed to start: ${exit.error.message}`);
  // workerd logs uncaught exceptions of the worker to stderr.
  if (server.stderr.trim() !== "") console.log(server.stderr.trim().replace(/^/gm, "  workerd stderr: "));
}
finish(passed, failed);

/** A port nothing listens on now: bind port 0, read the port the kernel chose, release it. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls /health until workerd answers (null), exits, or STARTUP_MS pass (a reason). */
async function waitUntilUp() {
  const deadline = Date.now() + STARTUP_MS;
  let exited = null;
  void server.exited.then((e) => (exited = e));
  while (Date.now() < deadline) {
    if (exited !== null) return `workerd exited with ${exited.code ?? exited.signal ?? exited.error?.message}`;
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && (await res.text()) === "ok") return null;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `no answer on ${base}/health after ${STARTUP_MS / 1000} s`;
}

/** The parsed JSON answer, or a string saying what went wrong. */
async function getJson(path) {
  try {
    const res = await fetch(base + path, { signal: AbortSignal.timeout(REQUEST_MS) });
    const text = await res.text();
    if (!res.ok) return `HTTP ${res.status}: ${text.slice(0, 500)}`;
    const answer = JSON.parse(text);
    if (!Array.isArray(answer.results) || answer.results.length === 0) return `no results in ${text.slice(0, 500)}`;
    return answer;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
