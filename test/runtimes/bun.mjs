// The installed package in Bun (the `bun` npm package): smoke.js runs from the install folder once
// per entry, with "gradtape" resolved from its node_modules (--no-install: never fetch a package).
import { root, runConsumer, skip, Tally, whyCannotStart } from "./harness.mjs";
import { consumerFolder, installPackage } from "./install.mjs";

const bun = `${root}node_modules/.bin/bun`;
const env = { ...process.env, NO_COLOR: "1" };

const cannot = whyCannotStart(bun, ["--version"]);
if (cannot !== null) skip("bun", cannot);

const install = installPackage();
const folder = consumerFolder(install, "bun", ["smoke.js", "checks.js", "report.js"]);
const tally = new Tally();
for (const entry of ["index", "core"]) {
  const label = `bun (${entry === "index" ? "gradtape" : "gradtape/core"})`;
  await runConsumer(tally, label, bun, ["run", "--no-install", "smoke.js", entry], { cwd: folder, env });
}
tally.finish();
