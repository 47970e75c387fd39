// How the consumer scripts (smoke.js, bundled.js) report in every runtime: one PASS/FAIL line per
// check, then `SUMMARY {runtime, entry, passed, failed}`, then exit 1 on any failure (a page just
// stops; the worker answers JSON instead).

/** "node v22.23.3", "deno 2.9.5", "bun 1.4.5", "HeadlessChrome/156.0.0.0", ... */
export function runtimeName() {
  const { Bun, Deno, process, navigator } = globalThis;
  if (Bun) return `bun ${Bun.version}`;
  if (Deno) return `deno ${Deno.version.deno}`;
  if (process?.versions?.node) return `node ${process.version}`;
  return navigator.userAgent.match(/\w*Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent;
}

/** The script's arguments: argv in Node and Bun, Deno.args, or the page's query string. */
export function scriptArgs(moduleUrl) {
  const { Deno, process } = globalThis;
  if (Deno) return Deno.args;
  if (process?.argv) return process.argv.slice(2);
  return [...new URL(moduleUrl).searchParams.values()];
}

/** Runs one check (sync or async) and returns its result. */
export async function outcome(name, run) {
  try {
    await run();
    return { name, ok: true, message: "" };
  } catch (err) {
    return { name, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Prints the results and the SUMMARY, then ends the process with 0 (all passed) or 1. */
export function report(entry, results) {
  const failed = results.filter((r) => !r.ok).length;
  for (const r of results) console.log(r.ok ? `PASS ${r.name}` : `FAIL ${r.name}: ${r.message}`);
  console.log(`SUMMARY ${JSON.stringify({ runtime: runtimeName(), entry, passed: results.length - failed, failed })}`);
  const code = results.length > 0 && failed === 0 ? 0 : 1;
  const { Deno, process } = globalThis;
  if (Deno) Deno.exit(code);
  else if (process?.exit) process.exit(code);
}
