// Smoke test in Deno: builds dist/ if needed, then runs smoke.js with Deno (from the `deno`
// npm package, offline) once per entry: the default entry and gradtape/core with init(URL).
import { countLines, ensureDist, finish, root, runGroup, skip, whyCannotStart } from "./harness.mjs";

const deno = `${root}node_modules/.bin/deno`;
// Deno's cache stays inside the checkout, and it never looks for a newer version online.
const env = { ...process.env, DENO_DIR: `${root}.cache/deno`, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

const cannot = whyCannotStart(deno, ["--version"]);
if (cannot !== null) skip("deno", cannot);
ensureDist();

let passed = 0;
let failed = 0;
for (const entry of ["index", "core"]) {
  const label = `deno (${entry === "index" ? "gradtape" : "gradtape/core"})`;
  console.log(`--- ${label}`);
  const r = await runGroup(deno, ["run", "--allow-read", "--no-config", "--import-map", "test/runtimes/deno-import-map.json", "test/runtimes/smoke.js", entry], 60_000, { env });
  process.stdout.write(r.stdout);
  if (r.stderr.trim() !== "") process.stdout.write(r.stderr.replace(/^/gm, "  stderr: "));
  const counts = countLines(r.stdout, label);
  passed += counts.passed;
  failed += counts.failed;
  if (counts.problem !== null) console.log(`FAIL ${counts.problem}`);
  if (r.timedOut) {
    console.log(`FAIL ${label}: still running after 60 s, killed`);
    failed++;
  } else if (r.code !== 0 && counts.failed === 0) {
    console.log(`FAIL ${label}: deno exited with ${r.code ?? r.signal ?? r.error?.message}`);
    failed++;
  }
}
finish(passed, failed);
