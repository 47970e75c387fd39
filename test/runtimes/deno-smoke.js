// Run by Deno (see deno.mjs): `deno run --allow-read deno-smoke.js index|core`.
// "index" imports the default entry (bytes inlined, ready after import); "core" imports
// gradtape/core and initializes it from the .wasm file's URL, which Deno fetches.
// Prints one PASS/FAIL line per check, then a SUMMARY line; exits 1 on any failure.
import { runChecks } from "./checks.js";

const entry = Deno.args[0];
const results = [];
let notYetExported = [];

if (entry === "index") {
  const tf = await import("../../dist/index.js");
  results.push(await outcome("import resolves with the engine ready", () => tf.ready()));
  collect(tf);
} else if (entry === "core") {
  const tf = await import("../../dist/core.js");
  results.push(
    await outcome("an op before init throws an Error that says to call init", () => {
      try {
        tf.zeros([2]);
      } catch (err) {
        if (/init/.test(err.message)) return;
        throw new Error(`wrong message: ${err.message}`);
      }
      throw new Error("zeros([2]) before init did not throw");
    }),
  );
  const url = new URL("../../dist/gradtape.wasm", import.meta.url);
  results.push(await outcome(`init(new URL("${url.protocol}.../dist/gradtape.wasm")) through fetch`, () => tf.init(url)));
  results.push(await outcome("init again is harmless", () => tf.init(url)));
  collect(tf);
} else {
  console.error('usage: deno run --allow-read deno-smoke.js index|core');
  Deno.exit(2);
}

const failed = results.filter((r) => !r.ok).length;
for (const r of results) console.log(r.ok ? `PASS ${r.name}` : `FAIL ${r.name}: ${r.message}`);
if (notYetExported.length > 0) console.log(`(ops not exported yet, not checked: ${notYetExported.join(" ")})`);
console.log(`SUMMARY ${JSON.stringify({ runtime: `deno ${Deno.version.deno}`, entry, passed: results.length - failed, failed })}`);
Deno.exit(failed === 0 ? 0 : 1);

function collect(tf) {
  const run = runChecks(tf);
  results.push(...run.results);
  notYetExported = run.notYetExported;
}

async function outcome(name, run) {
  try {
    await run();
    return { name, ok: true, message: "" };
  } catch (err) {
    return { name, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
