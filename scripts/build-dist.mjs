// Builds the package in dist/:
//   index.js        the default entry: the .wasm bytes inlined (base64), instantiated by top-level await
//   core.js         every public name plus init(source), without the bytes; index.js imports it, so an
//                   app that imports both "gradtape" and "gradtape/core" gets one engine, not two
//   gradtape.wasm   the kernels, for init() and for hosts that import .wasm as a module
//   index.d.ts, core.d.ts and types/  the declarations
// Both bundles are platform neutral (Node >= 20, Deno, Bun, browsers, workerd).
// Rebuilds build/gradtape.wasm first when it is missing or older than assembly/.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist/`;
const wasmPath = `${root}build/gradtape.wasm`;
const inlinePath = `${root}src/engine/wasm-bytes.generated.ts`;

if (wasmIsStale()) run("node", ["scripts/build-wasm.mjs"], "building the kernels");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
copyFileSync(wasmPath, `${dist}gradtape.wasm`);

const common = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  // Top-level await (index.js) needs ES2022.
  target: "es2022",
  // Node built-ins are loaded only at run time, only in Node (reading a file: URL in init).
  external: ["node:*"],
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: root,
};

await build({
  ...common,
  entryPoints: ["src/core.ts"],
  outfile: `${dist}core.js`,
  banner: { js: '/* @ts-self-types="./core.d.ts" */' },
});

/** In index.js, the engine and the public names come from ./core.js instead of being bundled again. */
const shareCore = {
  name: "share-core",
  setup(b) {
    b.onResolve({ filter: /^\.\/(api|engine\/wasm)\.js$/ }, (args) =>
      args.importer === `${root}src/index.ts` ? { path: "./core.js", external: true } : undefined,
    );
  },
};
const index = await build({
  ...common,
  entryPoints: ["src/index.ts"],
  outfile: `${dist}index.js`,
  banner: { js: '/* @ts-self-types="./index.d.ts" */' },
  plugins: [shareCore],
  metafile: true,
});
const duplicated = Object.keys(index.metafile.inputs).filter(
  (f) => f !== "src/index.ts" && f !== "src/engine/wasm-bytes.generated.ts",
);
if (duplicated.length > 0) {
  console.error(
    `build-dist: dist/index.js would hold its own copy of ${duplicated.join(", ")} (a second engine); ` +
      "src/index.ts must take everything but the bytes from ./api.js and ./engine/wasm.js",
  );
  process.exit(1);
}
assertSelfContained("index.js", ["./core.js"]);
assertSelfContained("core.js", []);

// Declarations: src/*.d.ts under dist/types/, and the two entry points re-export from there.
const declarations = `${root}.cache/dist-types/`;
rmSync(declarations, { recursive: true, force: true });
mkdirSync(declarations, { recursive: true });
writeFileSync(
  `${root}.cache/tsconfig.dist-types.json`,
  JSON.stringify({
    extends: "../tsconfig.json",
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationDir: "dist-types",
      rootDir: "../src",
      types: [],
    },
    include: ["../src"],
  }),
);
run("node_modules/.bin/tsc", ["-p", ".cache/tsconfig.dist-types.json"], "emitting declarations");
copyTree(declarations, `${dist}types/`);
writeFileSync(`${dist}index.d.ts`, `export * from "./types/index.js";\n`);
writeFileSync(`${dist}core.d.ts`, `export * from "./types/core.js";\n`);

for (const name of ["index.js", "core.js", "gradtape.wasm"]) {
  const bytes = readFileSync(`${dist}${name}`);
  console.log(`dist/${name}: ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`);
}

function wasmIsStale() {
  if (!existsSync(wasmPath) || !existsSync(inlinePath)) return true;
  const built = Math.min(statSync(wasmPath).mtimeMs, statSync(inlinePath).mtimeMs);
  const sources = [`${root}asconfig.json`, ...readdirSync(`${root}assembly`, { recursive: true }).map((f) => `${root}assembly/${f}`)];
  return sources.some((f) => statSync(f).mtimeMs > built);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`build-dist: ${what} failed (${cmd} ${args.join(" ")}: exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** A bundle may import only `allowed` statically; node:* only through the guarded dynamic import. */
function assertSelfContained(name, allowed) {
  const code = readFileSync(`${dist}${name}`, "utf8");
  const statements = /^\s*(?:(?:import|export)\b[^;]*?\bfrom|import)\s*["']([^"']+)["']/gm;
  const imported = [...code.matchAll(statements)].map((m) => m[1]);
  const unexpected = imported.filter((s) => !allowed.includes(s));
  if (unexpected.length > 0) {
    console.error(`build-dist: dist/${name} imports ${unexpected.join(", ")}; it must run without a bundler`);
    process.exit(1);
  }
}

function copyTree(from, to) {
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = `${entry.parentPath ?? entry.path}/${entry.name}`.slice(from.length);
    mkdirSync(`${to}${rel}`.replace(/[^/]*$/, ""), { recursive: true });
    copyFileSync(`${from}${rel}`, `${to}${rel}`);
  }
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KiB`;
}
