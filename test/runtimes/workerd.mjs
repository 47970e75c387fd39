// The installed package in workerd, Cloudflare's Workers runtime: bundles worker/worker.js from the
// install folder with esbuild as a Workers build does ("gradtape/core" bundled; the .wasm it imports,
// "gradtape/gradtape.wasm", resolved through the package's "exports" but kept out of the bundle and
// handed to workerd as a Wasm module), serves it with workerd on 127.0.0.1 at a free port, asks it to
// run the checks over HTTP, and asserts the answers. workerd runs in its own process group, killed
// at the end whatever happens.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join, sep } from "node:path";
import { finish, freePort, root, skip, startGroup, whyCannotStart } from "./harness.mjs";
import { consumerFolder, installPackage } from "./install.mjs";

const workerd = `${root}node_modules/.bin/workerd`;
const STARTUP_MS = 30_000;
const REQUEST_MS = 30_000;

const cannot = whyCannotStart(workerd, ["--version"]);
if (cannot !== null) skip("workerd", cannot);
console.log(spawnSync(workerd, ["--version"], { encoding: "utf8" }).stdout.trim());

const install = installPackage();
const folder = consumerFolder(install, "workerd", ["worker/worker.js", "worker/config.capnp", "checks.js"]);
const bundle = join(folder, "bundle");
mkdirSync(bundle);
const wasmFiles = [];
await build({
  entryPoints: [join(folder, "worker.js")],
  outfile: join(bundle, "worker.js"),
  absWorkingDir: folder,
  bundle: true,
  format: "esm",
  platform: "neutral",
  // The "exports" conditions a Workers build (wrangler) resolves with.
  conditions: ["workerd", "worker", "browser"],
  target: "es2022",
  external: ["node:*"],
  plugins: [wasmModules(wasmFiles)],
  logLevel: "warning",
});
const installedWasm = join(install.dir, "node_modules", "gradtape", "dist", "gradtape.wasm");
if (wasmFiles.length !== 1 || wasmFiles[0] !== installedWasm) {
  console.log(`FAIL the worker's .wasm imports resolved to ${JSON.stringify(wasmFiles)}, not ${installedWasm}`);
  finish(0, 1);
}
copyFileSync(wasmFiles[0], join(bundle, "gradtape.wasm"));
copyFileSync(join(folder, "config.capnp"), join(bundle, "config.capnp"));

const port = await freePort();
const server = startGroup(workerd, ["serve", join(bundle, "config.capnp"), "--socket-addr", `http=127.0.0.1:${port}`]);
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

/**
 * Keeps `*.wasm` imports out of the bundle as a Workers build does: each is resolved as esbuild
 * resolves any import (so "gradtape/gradtape.wasm" goes through the package's "exports"), recorded
 * in `found`, and imported from the bundle as "./<file name>", the module name config.capnp gives it.
 */
function wasmModules(found) {
  return {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, async (args) => {
        if (args.pluginData?.resolving) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { resolving: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        found.push(resolved.path);
        return { path: `./${resolved.path.slice(resolved.path.lastIndexOf(sep) + 1)}`, external: true };
      });
    },
  };
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
