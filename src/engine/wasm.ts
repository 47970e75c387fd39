import { attachMemory } from "./heap.js";

/** A kernel export: pointers, counts and scalar attributes in, at most a number out. */
export type Kernel = (...args: number[]) => number;
export type Kernels = Readonly<Record<string, Kernel>>;

export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | Uint8Array
  | URL
  | string
  | Response
  | PromiseLike<Response>;

const notReady: Kernels = new Proxy({} as Kernels, {
  get(_target, name) {
    throw new Error(
      `gradtape: the Wasm engine is not initialized (kernel ${String(name)} was called); ` +
        `import "gradtape" (which initializes during import) or call \`await init(source)\` from "gradtape/core" first`,
    );
  },
});

/** The kernels of the instantiated module; throws a clear Error on any use before init. */
export let K: Kernels = notReady;
let initializing: Promise<void> | null = null;

/**
 * Instantiates the engine from a precompiled `WebAssembly.Module` (Cloudflare Workers), bytes,
 * or a URL/Response. Harmless to call more than once: later calls resolve when the first is done.
 */
export function init(source: WasmSource): Promise<void> {
  if (initializing === null) {
    initializing = instantiate(source).catch((err: unknown) => {
      initializing = null;
      throw err;
    });
  }
  return initializing;
}

/** Resolves when the engine is usable. */
export function ready(): Promise<void> {
  if (initializing === null) {
    return Promise.reject(
      new Error('gradtape: ready() before init(); import "gradtape", or call init(source) from "gradtape/core"'),
    );
  }
  return initializing;
}

async function instantiate(source: WasmSource): Promise<void> {
  const module = await toModule(await source);
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as Record<string, unknown>;
  attachMemory(exports.memory as WebAssembly.Memory, (exports.heapBase as Kernel)(), (exports.argsPtr as Kernel)());
  K = exports as unknown as Kernels;
}

async function toModule(source: Exclude<WasmSource, PromiseLike<Response>>): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer) return WebAssembly.compile(source);
  if (source instanceof Uint8Array) return WebAssembly.compile(source.slice().buffer);
  if (typeof Response !== "undefined" && source instanceof Response) return compileResponse(source);
  if (source instanceof URL || typeof source === "string") {
    const url = source instanceof URL ? source : new URL(source, import.meta.url);
    if (url.protocol === "file:" && typeof (globalThis as { Deno?: unknown }).Deno === "undefined") {
      // Node's fetch rejects file: URLs; read the file instead.
      const fsName = "node:fs/promises";
      const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
      return WebAssembly.compile((await fs.readFile(url)).slice().buffer);
    }
    return compileResponse(await fetch(url));
  }
  throw new TypeError(
    "init: source must be a WebAssembly.Module, an ArrayBuffer or Uint8Array of the .wasm bytes, a URL, or a Response",
  );
}

async function compileResponse(response: Response): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`init: fetching the .wasm failed with HTTP ${response.status} (${response.url})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Internal, for tests only (not exported from the package entries): runs the engine on another
 * instance of the kernels, such as the bounds-checking debug build, with every kernel export passed
 * through `wrap`. The heap restarts empty on that instance's memory, so tensors made before are void.
 */
export function useKernelInstance(exports: Record<string, unknown>, wrap: (name: string, kernel: Kernel) => Kernel): void {
  attachMemory(exports.memory as WebAssembly.Memory, (exports.heapBase as Kernel)(), (exports.argsPtr as Kernel)());
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) wrapped[name] = typeof value === "function" ? wrap(name, value as Kernel) : value;
  K = wrapped as Kernels;
}
