// The installed package in Deno (the `deno` npm package, offline): smoke.js runs from the install
// folder once per entry, and Deno resolves "gradtape" from that folder's package.json and
// node_modules (--node-modules-dir=manual: use what npm installed; --cached-only: never download).
import { root, runConsumer, skip, Tally, whyCannotStart } from "./harness.mjs";
import { consumerFolder, installPackage } from "./install.mjs";

const deno = `${root}node_modules/.bin/deno`;
// Deno's cache stays inside the checkout, and it never looks for a newer version online.
const env = { ...process.env, DENO_DIR: `${root}.cache/deno`, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

const cannot = whyCannotStart(deno, ["--version"]);
if (cannot !== null) skip("deno", cannot);

const install = installPackage();
const folder = consumerFolder(install, "deno", ["smoke.js", "checks.js", "report.js"]);
const tally = new Tally();
for (const entry of ["index", "core"]) {
  const label = `deno (${entry === "index" ? "gradtape" : "gradtape/core"})`;
  const args = ["run", "--allow-read", "--node-modules-dir=manual", "--cached-only", "smoke.js", entry];
  await runConsumer(tally, label, deno, args, { cwd: folder, env });
}
tally.finish();
