# workerd configuration for running the Worker locally (Cloudflare's runtime, the same one that
# runs it in production):
#   node examples/worker/build.mjs
#   node_modules/.bin/workerd serve examples/worker/config.capnp
# serves http://127.0.0.1:8787 (another address: --socket-addr http=127.0.0.1:PORT). The files are
# the ones build.mjs writes to build/; embed paths are relative to this file.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .mnist) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const mnist :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "build/worker.js"),
    # Imported as "./gradtape.wasm": a precompiled WebAssembly.Module (Workers may not compile Wasm
    # from bytes). wrangler.toml's CompiledWasm rule does the same.
    (name = "gradtape.wasm", wasm = embed "build/gradtape.wasm"),
    # Imported as "./model.safetensors": an ArrayBuffer. wrangler.toml's Data rule does the same.
    (name = "model.safetensors", data = embed "build/model.safetensors"),
  ],
  compatibilityDate = "2025-09-01",
);
