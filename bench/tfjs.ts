// TensorFlow.js 4.22 in Node: tfjs-core with its Wasm backend (XNNPACK) and its plain-JS CPU backend,
// behind the benchmark's engine interface.
import * as tfc from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import fs from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Engine, EngineName, MlpSpec, TrainingRun } from "./engine.js";

export interface TfjsSetup {
  version: string;
  /** File name of the .wasm binary the Wasm backend actually read. */
  wasmBinary: string;
  wasmBinaryBytes: number;
  wasmThreads: number;
}

/**
 * Registers both backends. The Wasm backend is pointed at the binaries in its package's dist/
 * folder, told not to use threads (Node has none for it), and so picks the SIMD single-threaded
 * binary; which file it really read is recorded rather than assumed.
 */
export async function setUpTfjs(): Promise<TfjsSetup> {
  // Production mode is how tfjs is deployed: it skips correctness checks (and the Node banner).
  tfc.enableProdMode();
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + sep);
  tfc.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  if (!(await tfc.env().getAsync("WASM_HAS_SIMD_SUPPORT"))) {
    console.warn("WARNING: tfjs reports no Wasm SIMD support; its Wasm backend will run scalar code");
  }
  await registerGradients();
  const read = await wasmFilesReadDuring(() => tfc.setBackend("wasm"));
  if (tfc.getBackend() !== "wasm") throw new Error("tfjs: the Wasm backend failed to initialize");
  if (read.length !== 1) throw new Error(`tfjs: expected the Wasm backend to read one .wasm file, it read ${read.length}`);
  if (!(await tfc.setBackend("cpu"))) throw new Error("tfjs: the CPU backend failed to initialize");
  return {
    version: tfc.version_core,
    wasmBinary: basename(read[0].path),
    wasmBinaryBytes: read[0].bytes,
    wasmThreads: getThreadsCount(),
  };
}

/**
 * tfjs-core's Node build ships no gradient functions: the full tfjs package registers them from
 * tfjs-core's ES modules, which Node cannot load as they are (extensionless imports). They are
 * bundled once into .cache; they register into tfjs's global gradient registry and run on its
 * global engine, so the Node build's optimizers find them.
 */
async function registerGradients(rebuild = true): Promise<void> {
  const require = createRequire(import.meta.url);
  const core = dirname(require.resolve("@tensorflow/tfjs-core/package.json"));
  const outfile = resolve(".cache/tfjs-gradients.mjs");
  // Imported only here, so the child processes that measure memory do not load esbuild.
  if (rebuild || !fs.existsSync(outfile)) await (await import("esbuild")).build({
    entryPoints: [join(core, "dist/register_all_gradients.js")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "error",
  });
  await import(pathToFileURL(outfile).href);
}

/**
 * One backend only, for a child process measuring it alone (bench/process.ts): the Wasm backend set
 * up as setUpTfjs does, or the CPU one; the gradients bundle the parent built is reused.
 */
export async function setUpTfjsBackend(backend: "wasm" | "cpu"): Promise<void> {
  tfc.enableProdMode();
  if (backend === "wasm") {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + sep);
    tfc.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
  await registerGradients(false);
  if (!(await tfc.setBackend(backend))) throw new Error(`tfjs: the ${backend} backend failed to initialize`);
}

/** Runs `start` while recording the .wasm files read through fs.readFileSync (how emscripten loads in Node). */
async function wasmFilesReadDuring(start: () => Promise<boolean>): Promise<{ path: string; bytes: number }[]> {
  const read: { path: string; bytes: number }[] = [];
  const original = fs.readFileSync;
  const recording = (path: fs.PathOrFileDescriptor, options?: unknown): unknown => {
    const result = original(path, options as undefined);
    if (String(path).endsWith(".wasm")) read.push({ path: String(path), bytes: result.length });
    return result;
  };
  fs.readFileSync = recording as typeof fs.readFileSync;
  try {
    await start();
  } finally {
    fs.readFileSync = original;
  }
  return read;
}

function tfjsEngine(name: EngineName, backend: "wasm" | "cpu"): Engine<tfc.Tensor> {
  return {
    name,
    async activate() {
      if (tfc.getBackend() !== backend && !(await tfc.setBackend(backend))) {
        throw new Error(`tfjs: could not switch to the ${backend} backend`);
      }
    },
    has: () => true,
    fromValues: (values, shape) => tfc.tensor(values.slice(), shape, "float32"),
    read: (t) => Float32Array.from(t.dataSync()),
    dispose: (t) => t.dispose(),
    add: (a, b) => tfc.add(a, b),
    relu: (x) => tfc.relu(x),
    exp: (x) => tfc.exp(x),
    matmul: (a, b, transposeA, transposeB) => tfc.matMul(a, b, transposeA, transposeB),
    chainAdds(count) {
      return tfc.tidy(() => {
        const one = tfc.scalar(1);
        let x = tfc.scalar(0);
        for (let i = 0; i < count; i++) x = tfc.add(x, one);
        return x.dataSync()[0];
      });
    },
    tapedChainAdds(count) {
      const w = tfc.variable(tfc.scalar(0));
      const result = tfc.tidy(() => {
        const one = tfc.scalar(1);
        const { value, grads } = tfc.variableGrads(() => {
          let x = tfc.add(w, one);
          for (let i = 1; i < count; i++) x = tfc.add(x, one);
          return x as tfc.Scalar;
        }, [w]);
        return [value.dataSync()[0], grads[w.name].dataSync()[0]] as [number, number];
      });
      w.dispose();
      return result;
    },
    mlpTraining: (spec) => mlpTraining(spec),
    seedAdamLoop(steps) {
      const w = tfc.variable(tfc.scalar(0));
      const optimizer = tfc.train.adam(0.1);
      for (let i = 0; i < steps; i++) {
        optimizer.minimize(() => tfc.add(tfc.sub(tfc.square(w), tfc.mul(10, w)), 25));
      }
      const result = w.dataSync()[0];
      w.dispose();
      optimizer.dispose();
      return result;
    },
  };
}

/** Dense layers as tfjs-layers builds them (fused matmul + bias + relu), trained with optimizer.minimize. */
function mlpTraining(spec: MlpSpec): TrainingRun {
  const variables = spec.weights.map((w, i) => {
    const layer = i >> 1;
    const shape = i % 2 === 0 ? [spec.sizes[layer], spec.sizes[layer + 1]] : [spec.sizes[layer + 1]];
    return tfc.variable(tfc.tensor(w.slice(), shape, "float32"));
  });
  const examples = spec.labels.length;
  const classes = spec.sizes[spec.sizes.length - 1];
  const images = tfc.tensor(spec.images.slice(), [examples, spec.sizes[0]], "float32");
  const labels = tfc.tidy(() => tfc.oneHot(tfc.tensor(spec.labels.slice(), [examples], "int32"), classes));
  // An epoch of data: each step slices its batch out of the whole.
  const batches = Math.floor(examples / spec.batch);
  let next = 0;
  const optimizer = tfc.train.adam(spec.learningRate);
  const layers = spec.sizes.length - 1;
  let lastLoss: tfc.Scalar | null = null;
  const lossFn = (xs: tfc.Tensor, ys: tfc.Tensor): tfc.Scalar => {
    let x: tfc.Tensor2D = xs as tfc.Tensor2D;
    for (let l = 0; l < layers; l++) {
      x = tfc.fused.matMul({
        a: x,
        b: variables[2 * l] as tfc.Tensor2D,
        bias: variables[2 * l + 1],
        activation: l + 1 < layers ? "relu" : "linear",
      }) as tfc.Tensor2D;
    }
    return tfc.losses.softmaxCrossEntropy(ys, x) as tfc.Scalar;
  };
  return {
    step() {
      lastLoss?.dispose();
      if (batches <= 1) {
        lastLoss = optimizer.minimize(() => lossFn(images, labels), true, variables);
        return;
      }
      const begin = (next++ % batches) * spec.batch;
      const xs = tfc.slice(images, [begin, 0], [spec.batch, spec.sizes[0]]);
      const ys = tfc.slice(labels, [begin, 0], [spec.batch, classes]);
      lastLoss = optimizer.minimize(() => lossFn(xs, ys), true, variables);
      xs.dispose();
      ys.dispose();
    },
    loss: () => lastLoss!.dataSync()[0],
    dispose() {
      lastLoss?.dispose();
      for (const t of [...variables, images, labels]) t.dispose();
      optimizer.dispose();
    },
  };
}

export const tfjsWasm = tfjsEngine("tfjs-wasm", "wasm");
export const tfjsCpu = tfjsEngine("tfjs-cpu", "cpu");
