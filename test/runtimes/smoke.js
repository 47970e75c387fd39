// The consumer script: run from a folder where the packed package is installed
// (node_modules/gradtape), by Node 20/22/24, Deno, Bun and Chromium (through an import map), with
// the package imported by its name as users import it:
//   smoke.js index   `import "gradtape"`: bytes inlined, ready once the import resolves
//   smoke.js core    `import "gradtape/core"`, then init(URL of gradtape/gradtape.wasm), which Node
//                    and Bun read from the file and Deno and browsers fetch
// (in a browser the entry is the query: smoke.js?entry=core).
import { runChecks } from "./checks.js";
import { outcome, report, scriptArgs } from "./report.js";

const [entry] = scriptArgs(import.meta.url);
const results = [];

if (entry === "index") {
  const tf = await import("gradtape");
  results.push(await outcome("import resolves with the engine ready", () => tf.ready()));
  results.push(...runChecks(tf).results);
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
  results.push(
    await outcome(`"gradtape/gradtape.wasm" resolves to the installed package's file (${url.protocol})`, () => {
      if (!/\/node_modules\/gradtape\/dist\/gradtape\.wasm$/.test(url.pathname)) throw new Error(`resolved to ${url.href}`);
    }),
  );
  results.push(await outcome(`init(new URL("${url.protocol}...gradtape.wasm"))`, () => tf.init(url)));
  results.push(await outcome("init again is harmless", () => tf.init(url)));
  results.push(
    await outcome("gradtape and gradtape/core share one engine", async () => {
      const index = await import("gradtape");
      if (index.Tensor !== tf.Tensor) throw new Error("two different Tensor classes");
    }),
  );
  results.push(...runChecks(tf).results);
} else {
  results.push({ name: "entry", ok: false, message: `usage: smoke.js index|core (got ${entry})` });
}

report(entry, results);
