# workerd configuration for the consumer test (workerd.mjs copies it next to the bundle and passes the
# socket address on the command line: --socket-addr http=127.0.0.1:<port>).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .smoke) ],
  sockets = [ (name = "http", http = (), service = "main") ],
);

const smoke :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    # The installed package's dist/gradtape.wasm, which the bundle imports as "./gradtape.wasm": it
    # arrives as a precompiled WebAssembly.Module, the only way Workers accept Wasm (compiling from
    # bytes is disallowed).
    (name = "gradtape.wasm", wasm = embed "gradtape.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
