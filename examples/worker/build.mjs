// `node examples/worker/build.mjs [--retrain]`: prepares examples/worker/build/ for
// `workerd serve examples/worker/config.capnp`:
//   model.safetensors  the checkpoint, from train-checkpoint.ts (trained again only when missing,
//                      older than the training code, or with --retrain)
//   worker.js          worker.ts bundled by esbuild, with "gradtape/core" resolved to this
//                      repository's dist/core.js and its .wasm and .safetensors imports kept as
//                      imports of the files next to it (workerd supplies them as modules)
//   gradtape.wasm      a copy of dist/gradtape.wasm
// Builds dist/ first if it is missing.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const here = `${root}examples/worker/`;
const out = `${here}build/`;
const checkpoint = `${out}model.safetensors`;

mkdirSync(out, { recursive: true });
if (!["core.js", "gradtape.wasm"].every((f) => existsSync(`${root}dist/${f}`))) {
  run("node", ["scripts/build-dist.mjs"], "building dist/ (npm run build)");
}

const trainingCode = ["examples/worker/train-checkpoint.ts", "examples/mnist/train.ts", "examples/mnist/data.ts"].map((f) => root + f);
if (process.argv.includes("--retrain") || !existsSync(checkpoint) || trainingCode.some((f) => statSync(f).mtimeMs > statSync(checkpoint).mtimeMs)) {
  run("node", ["scripts/run-ts.mjs", "examples/worker/train-checkpoint.ts", checkpoint.slice(root.length)], "training the checkpoint");
} else {
  console.log(`${checkpoint.slice(root.length)} is up to date (node examples/worker/build.mjs --retrain trains it again)`);
}

/**
 * Module imports that workerd (or wrangler's rules) supply: "gradtape/gradtape.wasm" becomes
 * "./gradtape.wasm" and "./build/model.safetensors" becomes "./model.safetensors", the files that
 * sit next to the bundle in build/.
 */
const moduleFiles = {
  name: "module-files",
  setup(b) {
    b.onResolve({ filter: /\.(wasm|safetensors)$/ }, (args) => ({ path: `./${basename(args.path)}`, external: true }));
  },
};
await build({
  entryPoints: [`${here}worker.ts`],
  outfile: `${out}worker.js`,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  plugins: [moduleFiles],
  // dist/core.js loads node: modules only where node:fs exists, through a guarded dynamic import.
  external: ["node:*"],
  absWorkingDir: root,
  logLevel: "warning",
});
copyFileSync(`${root}dist/gradtape.wasm`, `${out}gradtape.wasm`);
const size = (f) => `${(statSync(`${out}${f}`).size / 1024).toFixed(0)} KiB`;
console.log(`built ${out.slice(root.length)}: worker.js ${size("worker.js")}, gradtape.wasm ${size("gradtape.wasm")}, model.safetensors ${size("model.safetensors")}`);

function run(cmd, args, what) {
  console.log(`${what}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`build.mjs: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
