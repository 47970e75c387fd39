// A Cloudflare Worker using the installed package as an app would: "gradtape/core" (esbuild resolves
// it through node_modules/gradtape's "exports" to dist/core.js) and "gradtape/gradtape.wasm", which
// workerd.mjs keeps out of the bundle so that workerd supplies it as a WebAssembly.Module.
//   GET /health        answers without touching the engine (for polling until workerd is up)
//   GET /before-init   an op before init must throw an Error that says to call init
//   GET /checks        init(module), then the shared checks; JSON { results }
import wasm from "gradtape/gradtape.wasm";
import * as tf from "gradtape/core";
import { runChecks } from "./checks.js";

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return new Response("ok");
    if (pathname === "/before-init") return Response.json(beforeInit());
    if (pathname === "/checks") {
      const moduleGiven = wasm instanceof WebAssembly.Module;
      await tf.init(wasm);
      const { results } = runChecks(tf);
      results.unshift({
        name: '"gradtape/gradtape.wasm" is imported as a precompiled WebAssembly.Module',
        ok: moduleGiven,
        message: moduleGiven ? "" : `got ${Object.prototype.toString.call(wasm)}`,
      });
      return Response.json({ results });
    }
    return new Response("not found", { status: 404 });
  },
};

function beforeInit() {
  const name = "an op before init throws an Error that says to call init";
  try {
    tf.zeros([2]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { results: [{ name, ok: /init/.test(message), message }] };
  }
  return { results: [{ name, ok: false, message: "zeros([2]) before init did not throw" }] };
}
