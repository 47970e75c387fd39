// The installed package in headless Chromium, served on 127.0.0.1 from the install folder, used the
// two ways a page gets it:
//   import map   the page maps "gradtape", "gradtape/core" and "gradtape/gradtape.wasm" to the files
//                the installed package.json "exports" name (no bundler), and runs smoke.js for
//                each entry, as Node and Deno do
//   bundle       esbuild bundles bundled.js (`import * as tf from "gradtape"`) from the install
//                folder for the browser, minified, as an app's build does
// The scripts report through the console (PASS/FAIL lines, then SUMMARY).
import { build } from "esbuild";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { chromium as playwright } from "playwright-core";
import { countLines, skip, Tally, whyCannotStart } from "./harness.mjs";
import { consumerFolder, installedManifest, installPackage } from "./install.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PAGE_MS = 60_000;

const cannot = whyCannotStart(chromium, ["--headless", "--no-sandbox", "--version"]);
if (cannot !== null) skip("chromium", `${cannot} (install Debian's chromium, or set CHROMIUM_PATH)`);

const install = installPackage();
const folder = consumerFolder(install, "browser", ["smoke.js", "bundled.js", "checks.js", "report.js"]);
await build({
  entryPoints: [join(folder, "bundled.js")],
  outfile: join(folder, "bundle.js"),
  absWorkingDir: folder,
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  logLevel: "warning",
});

const importMap = JSON.stringify({ imports: importMapOf(installedManifest(install), "/node_modules/gradtape/") });
const pages = {
  "/import-map.html": (entry) =>
    `<script type="importmap">${importMap}</script><script type="module" src="/browser/smoke.js?entry=${entry}"></script>`,
  "/bundle.html": () => `<script type="module" src="/browser/bundle.js"></script>`,
};
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const server = createServer((req, res) => {
  const { pathname, searchParams } = new URL(req.url, "http://127.0.0.1");
  const page = pages[pathname];
  if (page !== undefined) {
    const entry = searchParams.get("entry") === "core" ? "core" : "index";
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${page(entry)}`);
    return;
  }
  const file = join(install.dir, pathname);
  const served = /^\/(node_modules\/gradtape|browser)\/[\w./-]+$/.test(pathname) && !pathname.includes("..");
  if (!served || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": types[pathname.slice(pathname.lastIndexOf("."))] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const tally = new Tally();
const browser = await playwright.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  console.log(`chromium ${browser.version()}, serving ${install.dir} on ${base}`);
  for (const [label, path] of [
    ["chromium, import map (gradtape)", "/import-map.html?entry=index"],
    ["chromium, import map (gradtape/core)", "/import-map.html?entry=core"],
    ["chromium, esbuild bundle (gradtape)", "/bundle.html"],
  ]) {
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
    await page.goto(base + path);
    const timedOut = await Promise.race([done.then(() => false), new Promise((r) => setTimeout(r, PAGE_MS, true))]);
    await page.close();
    process.stdout.write(output);
    const counts = countLines(output, label);
    tally.add(counts);
    if (counts.problem !== null) console.log(`FAIL ${counts.problem}`);
    if (timedOut) tally.record(false, label, `no SUMMARY after ${PAGE_MS / 1000} s`);
  }
} finally {
  await browser.close();
  server.close();
}
tally.finish();

/**
 * The import map a page without a bundler writes for a package: one entry per subpath of its
 * "exports", pointing at the file a browser resolves (conditions "browser", "import", "default").
 */
function importMapOf(manifest, base) {
  const target = (value) => {
    if (typeof value === "string") return value;
    const condition = ["browser", "import", "default"].find((c) => c in value);
    return condition === undefined ? null : target(value[condition]);
  };
  const imports = {};
  for (const [subpath, value] of Object.entries(manifest.exports)) {
    const file = target(value);
    if (file !== null) imports[manifest.name + subpath.slice(1)] = base + file.replace(/^\.\//, "");
  }
  return imports;
}
