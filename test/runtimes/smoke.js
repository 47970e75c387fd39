// Run by Node (node.mjs), Deno (deno.mjs) and Chromium (browser.mjs) against the built package,
// imported by its name:
//   smoke.js index   `import "gradtape"`: bytes inlined, ready once the import resolves
//   smoke.js core    `import "gradtape/core"`, then init(URL of gradtape/gradtape.wasm), which Node
//                    reads from the file and Deno and browsers fetch
// (in a browser the entry is the query: smoke.js?entry=core). Node resolves the names through
// package.json "exports" (a package may import itself); Deno and the browser through an import map.
// Prints PASS/FAIL per check, then SUMMARY; exits 1 on any failure (a page just stops).
import { runChecks } from "./checks.js";

const deno = globalThis.Deno;
const node = !deno && typeof process !== "undefined" ? process : undefined;
const [entry] = deno ? deno.args : node ? node.argv.slice(2) : [new URL(import.meta.url).searchParams.get("entry")];
const browser = () => navigator.userAgent.match(/\w*Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent;
const runtime = deno ? `deno ${deno.version.deno}` : node ? `node ${node.version}` : browser();
const results = [];

if (entry === "index") {
  const tf = await import("gradtape");
  results.push(await outcome("import resolves with the engine ready", () => tf.ready()));
  collect(tf);
} else if (entry === "core") {
  const tf = await import("gradtape/core");
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
  const url = new URL(import.meta.resolve("gradtape/gradtape.wasm"));
  results.push(await outcome(`init(new URL("${url.protocol}...gradtape.wasm"))`, () => tf.init(url)));
  results.push(await outcome("init again is harmless", () => tf.init(url)));
  results.push(
    await outcome("gradtape and gradtape/core share one engine", async () => {
      const index = await import("gradtape");
      if (index.Tensor !== tf.Tensor) throw new Error("two different Tensor classes");
    }),
  );
  collect(tf);
} else {
  console.error("usage: smoke.js index|core");
}

const failed = results.filter((r) => !r.ok).length;
for (const r of results) console.log(r.ok ? `PASS ${r.name}` : `FAIL ${r.name}: ${r.message}`);
console.log(`SUMMARY ${JSON.stringify({ runtime, entry, passed: results.length - failed, failed })}`);
const code = results.length > 0 && failed === 0 ? 0 : 1;
if (deno) deno.exit(code);
else if (node) node.exit(code);

function collect(tf) {
  const run = runChecks(tf);
  results.push(...run.results);
}

async function outcome(name, run) {
  try {
    await run();
    return { name, ok: true, message: "" };
  } catch (err) {
    return { name, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
