// Smoke test of the built package in Chromium, the way a page without a bundler uses it: builds
// dist/ if needed, serves the checkout's dist/ and test/runtimes/ on 127.0.0.1, and opens one page
// per entry whose import map points "gradtape" at /dist/index.js and "gradtape/core" at
// /dist/core.js; smoke.js reports through the console.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { chromium as playwright } from "playwright-core";
import { countLines, ensureDist, finish, root, skip, whyCannotStart } from "./harness.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PAGE_MS = 60_000;

const cannot = whyCannotStart(chromium, ["--headless", "--no-sandbox", "--version"]);
if (cannot !== null) skip("chromium", `${cannot} (install Debian's chromium, or set CHROMIUM_PATH)`);
ensureDist();

const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const importMap = JSON.stringify({
  imports: { gradtape: "/dist/index.js", "gradtape/core": "/dist/core.js", "gradtape/gradtape.wasm": "/dist/gradtape.wasm" },
});
const server = createServer((req, res) => {
  const { pathname, searchParams } = new URL(req.url, "http://127.0.0.1");
  if (pathname === "/smoke.html") {
    const entry = searchParams.get("entry") === "core" ? "core" : "index";
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="importmap">${importMap}</script>` +
        `<script type="module" src="/test/runtimes/smoke.js?entry=${entry}"></script>`,
    );
    return;
  }
  const file = root + pathname.slice(1);
  const served = /^\/(dist|test\/runtimes)\/[\w./-]+$/.test(pathname) && !pathname.includes("..");
  if (!served || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": types[pathname.slice(pathname.lastIndexOf("."))] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

let passed = 0;
let failed = 0;
const browser = await playwright.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const entry of ["index", "core"]) {
    const label = `chromium (${entry === "index" ? "gradtape" : "gradtape/core"})`;
    console.log(`--- ${label}`);
    const page = await browser.newPage();
    let output = "";
    const done = new Promise((resolve) => {
      page.on("console", (message) => {
        output += `${message.text()}\n`;
        if (message.text().startsWith("SUMMARY ")) resolve();
      });
      page.on("pageerror", (err) => {
        output += `FAIL uncaught in the page: ${err.message}\n`;
        resolve();
      });
    });
    await page.goto(`${base}/smoke.html?entry=${entry}`);
    const timedOut = await Promise.race([done.then(() => false), new Promise((r) => setTimeout(r, PAGE_MS, true))]);
    await page.close();
    process.stdout.write(output);
    const counts = countLines(output, label);
    passed += counts.passed;
    failed += counts.failed;
    if (counts.problem !== null) console.log(`FAIL ${counts.problem}`);
    if (timedOut) {
      console.log(`FAIL ${label}: no SUMMARY after ${PAGE_MS / 1000} s`);
      failed++;
    }
  }
} finally {
  await browser.close();
  server.close();
}
finish(passed, failed);
