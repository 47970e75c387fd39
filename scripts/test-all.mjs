// `npm test`: builds the kernels, type-checks, then runs every suite: Node and Chromium (vitest),
// then the smoke tests in Deno and workerd. Prints one closing line with the totals.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const steps = [
  ["build the kernels", "node", ["scripts/build-wasm.mjs"]],
  ["type-check", "node_modules/.bin/tsc", ["-p", "tsconfig.json"]],
  ["vitest (node)", "node_modules/.bin/vitest", ["run", "--project", "node"]],
];
if (existsSync(chromium)) steps.push(["vitest (chromium)", "node_modules/.bin/vitest", ["run", "--project", "chromium"]]);
else console.log(`SKIPPED browser tests: no Chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`);
for (const script of ["test/runtimes/deno.mjs", "test/runtimes/workerd.mjs"]) {
  if (existsSync(script)) steps.push([script, "node", [script]]);
}

let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${name}: FAILED (exit ${r.status ?? r.signal}, ${seconds} s)`);
  } else console.log(`=== ${name}: ok (${seconds} s)`);
}
console.log(`\nsuites: ${steps.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
