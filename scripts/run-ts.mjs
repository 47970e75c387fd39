// Runs a TypeScript entry point under Node: bundles it with esbuild into .cache/ and imports it.
import { build } from "esbuild";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs <file.ts> [args...]");
  process.exit(2);
}
const outfile = `.cache/run/${basename(entry).replace(/\.ts$/, "")}.mjs`;
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "inline",
  logLevel: "warning",
});
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(outfile).href);
