// What a browser downloads for each library: the app's JavaScript bundle (esbuild, minified, for the
// browser) and the .wasm files it fetches, each raw and gzipped. gradtape's default entry inlines its
// .wasm in the bundle; tfjs-backend-wasm fetches its SIMD binary separately.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleSize {
  library: string;
  /** What the app imports. */
  entry: string;
  jsBytes: number;
  jsGzipBytes: number;
  wasmBytes: number;
  wasmGzipBytes: number;
}

export async function measureBundles(): Promise<BundleSize[]> {
  const require = createRequire(import.meta.url);
  const tfjsWasm = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "tfjs-backend-wasm-simd.wasm");
  return [
    await bundle("gradtape", `import * as tf from "gradtape";`, [], { gradtape: resolve("dist/index.js") }),
    await bundle(
      "tfjs-core + tfjs-backend-wasm",
      `import * as tf from "@tensorflow/tfjs-core"; import "@tensorflow/tfjs-backend-wasm";`,
      [tfjsWasm],
    ),
    await bundle("tfjs-core + tfjs-backend-cpu", `import * as tf from "@tensorflow/tfjs-core"; import "@tensorflow/tfjs-backend-cpu";`, []),
  ];
}

async function bundle(library: string, entry: string, wasmFiles: string[], alias: Record<string, string> = {}): Promise<BundleSize> {
  // The app uses the namespace, so nothing can be dropped as unused.
  const contents = `${entry}\nglobalThis.library = tf;\n`;
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    alias,
    logLevel: "error",
    // tfjs-backend-wasm's Emscripten glue mentions Node modules behind runtime checks.
    external: ["fs", "path", "crypto", "worker_threads", "perf_hooks", "os"],
  });
  const js = result.outputFiles[0].contents;
  const wasm = wasmFiles.map((f) => readFileSync(f));
  return {
    library,
    entry,
    jsBytes: js.length,
    jsGzipBytes: gzipSync(js, { level: 9 }).length,
    wasmBytes: wasm.reduce((n, b) => n + b.length, 0),
    wasmGzipBytes: wasm.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
  };
}

export function printBundles(sizes: BundleSize[]): void {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log("what a browser downloads (esbuild --minify; gzip -9)");
  for (const s of sizes) {
    const total = s.jsGzipBytes + s.wasmGzipBytes;
    const wasm =
      s.wasmBytes > 0
        ? ` + .wasm ${kb(s.wasmBytes)} (${kb(s.wasmGzipBytes)} gz)`
        : s.library === "gradtape"
          ? " (the .wasm is inlined)"
          : " (no .wasm)";
    console.log(`  ${s.library.padEnd(30)} js ${kb(s.jsBytes)} (${kb(s.jsGzipBytes)} gz)${wasm}; ${kb(total)} gzipped in all`);
  }
  console.log();
}
