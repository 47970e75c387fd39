// The npm package itself: packs the checkout and installs the tarball afresh (install.mjs; the
// runtime scripts after this one reuse that install), then checks what users receive: the files
// (package.json, README.md, LICENSE and dist/ only), no dependencies, every "exports" target, bundles
// that import nothing but their own files, and declarations that a strict TypeScript consumer
// type-checks against, naming exactly the values the bundles export. Prints the sizes: the tarball,
// unpacked, and what a browser downloads for `import * as tf from "gradtape"`.
import { build } from "esbuild";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { root, runGroup, Tally } from "./harness.mjs";
import { consumerFolder, installedManifest, installPackage } from "./install.mjs";

const install = installPackage({ fresh: true });
const { pack } = install;
const installed = join(install.dir, "node_modules", "gradtape");
const manifest = installedManifest(install);
const tally = new Tally();

console.log("--- the tarball");
const files = pack.files.map((f) => f.path).sort();
const unexpected = files.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/.+)$/.test(f));
tally.record(unexpected.length === 0, `it holds package.json, README.md, LICENSE and dist/ only (${files.length} files)`, `also ${unexpected.join(", ")}`);
const onDisk = walk(installed).sort();
tally.record(JSON.stringify(onDisk) === JSON.stringify(files), "npm installed exactly the packed files", `installed ${onDisk.length}, packed ${files.length}`);
const dependencyFields = ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies"];
const dependencies = dependencyFields.filter((field) => Object.keys(manifest[field] ?? {}).length > 0);
tally.record(dependencies.length === 0, "its package.json declares no dependencies", dependencies.map((f) => `${f}: ${JSON.stringify(manifest[f])}`).join("; "));
tally.record(manifest.type === "module", 'its package.json says "type": "module"', `type is ${JSON.stringify(manifest.type)}`);
const targets = [manifest.main, manifest.types, ...exportTargets(manifest.exports)].filter((t) => t !== undefined);
const missing = targets.filter((t) => !files.includes(t.replace(/^\.\//, "")));
tally.record(
  missing.length === 0 && ["./dist/index.js", "./dist/core.js", "./dist/gradtape.wasm", "./dist/index.d.ts", "./dist/core.d.ts"].every((t) => targets.includes(t)),
  `every "exports" target (and main, types) is in it: ${[...new Set(targets)].join(", ")}`,
  `missing ${missing.join(", ")}`,
);
tally.record(
  manifest.exports["./gradtape.wasm"] === "./dist/gradtape.wasm" && WebAssembly.validate(readFileSync(join(installed, "dist/gradtape.wasm"))),
  '"gradtape/gradtape.wasm" is the kernels module and validates',
  JSON.stringify(manifest.exports["./gradtape.wasm"]),
);
const imports = files.filter((f) => f.endsWith(".js")).flatMap((f) => importsOf(f).map((s) => `${f} imports ${s}`));
const foreign = imports.filter((line) => !/ imports (\.\/|node:)/.test(line));
tally.record(foreign.length === 0, `the bundles import only their own files and Node built-ins (${imports.join("; ")})`, foreign.join("; "));

console.log("--- TypeScript consumers of the installed declarations");
const index = await import(pathToFileURL(join(installed, manifest.exports["."].default)).href);
const core = await import(pathToFileURL(join(installed, manifest.exports["./core"].default)).href);
const folder = consumerFolder(install, "types", []);
writeFileSync(join(folder, "main.ts"), consumerSource({ tf: namesOf(index), core: namesOf(core) }));
const setups = [
  {
    name: "browser or Deno style (DOM lib), checking the shipped .d.ts files too",
    compilerOptions: { lib: ["ES2022", "ESNext.Disposable", "DOM"], types: [], skipLibCheck: false },
  },
  {
    name: "Node style (@types/node, no DOM lib)",
    compilerOptions: { lib: ["ES2022"], types: ["node"], typeRoots: [`${root}node_modules/@types`], skipLibCheck: true },
  },
];
for (const [i, setup] of setups.entries()) {
  const config = join(folder, `tsconfig.${i}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, ...setup.compilerOptions },
      files: ["main.ts"],
    }),
  );
  const tsc = await runGroup(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", config], 120_000, { cwd: folder });
  tally.record(tsc.code === 0, `a strict TypeScript consumer type-checks, ${setup.name}`, `${tsc.stdout}${tsc.stderr}`.trim());
}

console.log("--- sizes");
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`tarball ${pack.filename}: ${pack.size} bytes (${kib(pack.size)}); unpacked ${pack.unpackedSize} bytes (${kib(pack.unpackedSize)}); ${files.length} files`);
const browserBundle = await build({
  stdin: { contents: 'import * as tf from "gradtape";\nglobalThis.tf = tf;\n', resolveDir: install.dir, loader: "js" },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "warning",
});
const minified = browserBundle.outputFiles[0].contents;
console.log(
  `a browser app's bundle of \`import * as tf from "gradtape"\` (esbuild --minify, the .wasm inlined): ` +
    `${minified.length} bytes (${kib(minified.length)}), ${gzipSync(minified, { level: 9 }).length} bytes gzipped (${kib(gzipSync(minified, { level: 9 }).length)})`,
);
const served = ["dist/index.js", "dist/core.js"].map((f) => readFileSync(join(installed, f)));
const servedBytes = served.reduce((n, b) => n + b.length, 0);
const servedGzip = served.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
console.log(`the same through an import map, unbundled (dist/index.js + dist/core.js): ${servedBytes} bytes (${kib(servedBytes)}), ${servedGzip} bytes gzipped (${kib(servedGzip)})`);
tally.finish();

/** Every file under `dir`, relative to it, with "/" separators. */
function walk(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split("\\").join("/"));
}

/** The file paths an "exports" value points at, under every condition. */
function exportTargets(value) {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(exportTargets);
}

/** The specifiers a bundle imports, statically or through import() of a string literal or constant. */
function importsOf(file) {
  const code = readFileSync(join(installed, file), "utf8");
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm),
    ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    // init() names Node's fs module in a constant so that bundlers leave the import alone.
    ...code.matchAll(/=\s*["'](node:[\w/]+)["']/g),
  ].map((m) => m[1]);
  return [...new Set(found)];
}

/** The tree of exported names: `true` for a value, a nested tree for a namespace (tf.optimizers, ...). */
function namesOf(namespace) {
  const tree = {};
  for (const key of Object.keys(namespace).sort()) {
    const value = namespace[key];
    const prototype = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
    tree[key] = prototype === null || prototype === Object.prototype ? namesOf(value) : true;
  }
  return tree;
}

/**
 * A consumer written as users write one (the seed loop, a model, losses, metrics, tf.io), followed by
 * one `Record<keyof typeof ns, true>` per namespace listing the names the bundles export at run time:
 * a name missing from the declarations, or declared but not exported, is a type error.
 */
function consumerSource(trees) {
  const exactly = [];
  const visit = (path, tree) => {
    const keys = Object.keys(tree);
    exactly.push(`const ${path.replace(/\./g, "_")}Names: Record<keyof typeof ${path}, true> = { ${keys.map((k) => `${JSON.stringify(k)}: true`).join(", ")} };`);
    exactly.push(`void ${path.replace(/\./g, "_")}Names;`);
    for (const key of keys) if (tree[key] !== true) visit(`${path}.${key}`, tree[key]);
  };
  visit("tf", trees.tf);
  visit("core", trees.core);
  return `import * as tf from "gradtape";
import * as core from "gradtape/core";
import { init, type WasmSource } from "gradtape/core";

const t: tf.Tensor = tf.ones([2, 3], "float64");
const shape: number[] = t.shape;
const dtype: tf.DType = t.dtype;
const values: tf.TypedArray = t.data();
const zeros: tf.Tensor = t.zerosLike();
const info: tf.MemoryInfo = tf.memory();
const kept: tf.Tensor = tf.tidy(() => tf.keep(tf.fill([2], 3)));
const source: WasmSource = new URL("gradtape.wasm", import.meta.url);
const started: Promise<void> = init(source);
// @ts-expect-error an unknown dtype is a type error
tf.zeros([2], "float16");

const w = new tf.Variable(0, { dtype: "float32" });
const optimizer: tf.optimizers.Optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
const tape = new tf.GradientTape();
const cost: tf.Tensor = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
const grads = tape.gradient(cost, [w]);
const iterations: tf.Variable = optimizer.applyGradients(tf.zip(grads, [w]));

const model = new tf.Sequential([new tf.layers.Dense(4, { activation: "relu", kernelInitializer: "glorotUniform" }), new tf.layers.Dense(1)]);
const lossFn: tf.losses.LossFunction = tf.losses.meanSquaredError();
const loss: tf.Tensor = optimizer.minimize(() => lossFn(tf.zeros([2, 1]), model.apply(tf.ones([2, 3]))), model.trainableVariables);
const mean = new tf.metrics.Mean();
mean.updateState(loss);
const accuracy: tf.Tensor = tf.metrics.sparseCategoricalAccuracy([1], [[0.2, 0.8]]);
const weights: tf.Tensor[] = model.getWeights();
const bytes: Uint8Array = tf.io.saveSafetensors({ w, ...Object.fromEntries(weights.map((v, i) => [\`weight\${i}\`, v])) });
const loaded: Record<string, tf.Tensor> = tf.io.loadSafetensors(bytes);
// @ts-expect-error Dense takes the number of units first
new tf.layers.Dense({ units: 2 });

${exactly.join("\n")}

export { accuracy, dtype, info, iterations, kept, loaded, mean, shape, started, values, zeros };
`;
}
