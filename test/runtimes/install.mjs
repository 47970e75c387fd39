// The package as users get it: `npm pack` of this checkout (dist/ built first when stale), then
// `npm install <tarball>` (offline) into a fresh folder outside the checkout, so that nothing of the
// checkout (its node_modules, its package.json "exports" seen from inside) can stand in for the
// published files. The install is keyed by the tarball's SHA-1 and shared by the runtime scripts:
// package.mjs (first in `npm test`) installs afresh, the others reuse it while the tarball is the same.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDist, finish, root } from "./harness.mjs";

const PREFIX = "gradtape-consumer-";
const MARKER = ".gradtape-pack.json";

/**
 * Packs the checkout and returns its install: `dir` (package.json, the tarball, node_modules/gradtape),
 * `tarball` (its path), `pack` (npm pack's JSON report: files, size, unpackedSize, shasum) and `reused`.
 * `fresh` installs again even when this tarball is installed already.
 */
export function installPackage({ fresh = false } = {}) {
  ensureDist();
  const packDir = mkdtempSync(join(tmpdir(), "gradtape-pack-"));
  try {
    const packed = npm(["pack", "--pack-destination", packDir, "--json"], root, "npm pack");
    const [pack] = JSON.parse(packed.slice(packed.indexOf("[")));
    const dir = join(tmpdir(), `${PREFIX}${pack.shasum.slice(0, 12)}`);
    const tarball = join(dir, pack.filename);
    if (!fresh && existsSync(join(dir, MARKER))) {
      console.log(`${pack.filename} (sha1 ${pack.shasum}) is installed in ${dir}`);
      return { dir, tarball, pack, reused: true };
    }

    // Installed in a staging folder, then renamed: a half-made install is never taken for a whole one.
    const staging = `${dir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    writeFileSync(join(staging, "package.json"), `${JSON.stringify({ name: "gradtape-consumer", private: true, type: "module" }, null, 2)}\n`);
    copyFileSync(join(packDir, pack.filename), join(staging, pack.filename));
    npm(["install", "--no-audit", "--no-fund", "--ignore-scripts", `./${pack.filename}`], staging, "npm install of the tarball");
    writeFileSync(join(staging, MARKER), JSON.stringify(pack));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    for (const name of readdirSync(tmpdir())) {
      if (name.startsWith(PREFIX) && /^[0-9a-f]{12}$/.test(name.slice(PREFIX.length)) && join(tmpdir(), name) !== dir) {
        rmSync(join(tmpdir(), name), { recursive: true, force: true });
      }
    }
    console.log(`${pack.filename} (sha1 ${pack.shasum}): npm install --offline into ${dir}`);
    return { dir, tarball, pack, reused: false };
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

/**
 * Copies the consumer files (paths under test/runtimes/) into `<install>/<name>/`, one folder per
 * runtime script so that scripts running at the same time never rewrite each other's files, and
 * returns that folder. Bare imports there ("gradtape") resolve to the installed package only.
 */
export function consumerFolder(install, name, files) {
  const folder = join(install.dir, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const file of files) copyFileSync(`${root}test/runtimes/${file}`, join(folder, file.replace(/^.*\//, "")));
  return folder;
}

/** The installed package's package.json. */
export function installedManifest(install) {
  return JSON.parse(readFileSync(join(install.dir, "node_modules/gradtape/package.json"), "utf8"));
}

function npm(args, cwd, what) {
  // npm never asks the registry here: a local tarball with no dependencies needs nothing else.
  const r = spawnSync("npm", [...args, "--offline"], { cwd, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) {
    const said = `${r.stderr}${r.stdout}`.trim().split("\n").slice(-5).join(" | ");
    console.log(`FAIL ${what} (npm ${args.join(" ")} in ${cwd}): exit ${r.status ?? r.signal ?? r.error?.message}: ${said}`);
    finish(0, 1);
  }
  return r.stdout;
}
