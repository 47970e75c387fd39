// `node examples/browser/serve.mjs [port]`: serves examples/browser/dist/ on 127.0.0.1 (port 0, the
// default, picks a free one) and prints the page's URL.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL("dist/", import.meta.url));
const port = Number(process.argv[2] ?? 0);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".bin": "application/octet-stream",
};

if (!existsSync(`${folder}index.html`)) {
  console.error(`serve: ${folder} has no page yet; build it first with node examples/browser/build.mjs`);
  process.exit(1);
}

const server = createServer((req, res) => {
  const file = fileFor(req.url ?? "/");
  if (file === null || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": types[extname(file)] ?? "application/octet-stream",
    "content-length": statSync(file).size,
    "cache-control": "no-cache",
  });
  createReadStream(file).pipe(res);
});
/** The file under the folder that a request path names, or null if it names none. */
function fileFor(url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
  } catch {
    return null;
  }
  const file = resolve(folder, `.${pathname.endsWith("/") ? `${pathname}index.html` : pathname}`);
  return file.startsWith(folder) ? file : null;
}

server.listen(port, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/`));
