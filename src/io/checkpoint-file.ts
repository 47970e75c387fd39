// Checkpoint files in runtimes with node:fs (Node, Deno, Bun). A save never destroys the previous
// checkpoint: it writes a new file beside the target, flushes it to disk, then renames it over the
// target (atomic on one file system) and flushes the directory entry. A save that is killed leaves
// its temporary file; a later save to the same path removes those untouched for an hour. The node:
// modules are imported only when a function here is called, so importing gradtape in a browser never
// loads them.
import { show } from "../shape.js";
import { type Checkpointable, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";

// The parts of node:fs/promises, node:path and node:url used here (the published types must not
// need @types/node).
interface FileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}
interface FsPromises {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  stat(path: string): Promise<{ mode: number; mtimeMs: number }>;
  readdir(path: string): Promise<string[]>;
}
interface NodePath {
  dirname(path: string): string;
  basename(path: string): string;
  join(...parts: string[]): string;
}
interface NodeUrl {
  fileURLToPath(url: URL): string;
}

/**
 * A temporary file untouched this long belongs to a save that died: a running save writes it without
 * pause, then flushes and renames it.
 */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Errors with which a platform refuses to open or flush a directory (Windows, some file systems). */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(["EISDIR", "EPERM", "EACCES", "EINVAL", "ENOTSUP", "EBADF"]);

let saves = 0;

/**
 * Writes the checkpoint of `objects` (see encodeCheckpoint) to `path` atomically: the weights are
 * captured when this is called, and the file at `path` is either the previous one or the complete
 * new one, even if the process dies or the disk fills up midway.
 */
export async function saveCheckpoint(
  path: string | URL,
  objects: Record<string, Checkpointable>,
  metadata?: Record<string, string>,
): Promise<void> {
  const where = "saveCheckpoint";
  const bytes = encodeCheckpoint(objects, metadata);
  const { fs, nodePath, url } = await nodeModules(where);
  const target = toFilePath(path, url, where);
  const dir = nodePath.dirname(target);
  const base = nodePath.basename(target);
  const temp = nodePath.join(dir, `.${base}.${uniqueSuffix()}.tmp`);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    const replacedMode = await modeOf(fs, target);
    handle = await fs.open(temp, "wx");
    created = true;
    // The new file keeps the permissions of the one it replaces (a private checkpoint stays private).
    if (replacedMode !== null) await handle.chmod(replacedMode);
    await handle.writeFile(bytes);
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw new Error(
      `${where}: could not write ${JSON.stringify(target)} (${messageOf(err)}); the file that was there, if any, is unchanged`,
      { cause: err },
    );
  }
  await syncDirectory(fs, dir, target, where);
  await removeAbandoned(fs, nodePath, dir, base);
}

/**
 * Removes the temporary files of saves to `base` in `dir` that died midway (killed, or the machine
 * lost power). Best effort, needing no permission beyond reading the directory: what cannot be read
 * or removed stays.
 */
async function removeAbandoned(fs: FsPromises, nodePath: NodePath, dir: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const path = nodePath.join(dir, name);
    try {
      if (now - (await fs.stat(path)).mtimeMs > ABANDONED_AFTER_MS) await fs.unlink(path);
    } catch {
      // Gone already (another save removed it), or not ours to remove.
    }
  }
}

/** Restores `objects` from a checkpoint file written by saveCheckpoint; returns its metadata. */
export async function loadCheckpoint(path: string | URL, objects: Record<string, Checkpointable>): Promise<Record<string, string>> {
  const where = "loadCheckpoint";
  const { fs, url } = await nodeModules(where);
  const source = toFilePath(path, url, where);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(source);
  } catch (err) {
    throw new Error(`${where}: could not read ${JSON.stringify(source)} (${messageOf(err)})`, { cause: err });
  }
  try {
    return decodeCheckpoint(bytes, objects);
  } catch (err) {
    const reason = messageOf(err).replace(/^decodeCheckpoint: /, "");
    throw new (err instanceof TypeError ? TypeError : Error)(`${where}: ${JSON.stringify(source)}: ${reason}`, { cause: err });
  }
}

/** The permission bits of the file at `path`, or null if there is none. */
async function modeOf(fs: FsPromises, path: string): Promise<number | null> {
  try {
    return (await fs.stat(path)).mode & 0o7777;
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return null;
    throw err;
  }
}

async function nodeModules(where: string): Promise<{ fs: FsPromises; nodePath: NodePath; url: NodeUrl }> {
  try {
    const [fs, nodePath, url] = await Promise.all([
      importBuiltin<FsPromises>("node:fs/promises"),
      importBuiltin<NodePath>("node:path"),
      importBuiltin<NodeUrl>("node:url"),
    ]);
    return { fs, nodePath, url };
  } catch (err) {
    throw new Error(
      `${where}: this runtime has no node:fs (checkpoint files work in Node, Deno and Bun); here, use ` +
        `tf.io.encodeCheckpoint / tf.io.decodeCheckpoint and store the bytes yourself (IndexedDB, a download, a fetch upload)`,
      { cause: err },
    );
  }
}

/** A computed specifier keeps bundlers from resolving (or polyfilling) the module. */
function importBuiltin<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

function toFilePath(path: string | URL, url: NodeUrl, where: string): string {
  if (path instanceof URL) return url.fileURLToPath(path);
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`${where}: path must be a non-empty string or a file: URL, got ${show(path)}`);
  }
  return path;
}

/** Unique among concurrent saves in this process and, through the random part, across processes. */
function uniqueSuffix(): string {
  const random = new Uint32Array(2);
  globalThis.crypto.getRandomValues(random);
  return `${(saves++).toString(36)}-${random[0].toString(36)}${random[1].toString(36)}`;
}

/** Flushes the directory entry of the rename, where the platform allows opening a directory. */
async function syncDirectory(fs: FsPromises, dir: string, target: string, where: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch (err) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((err as { code?: string }).code ?? "")) {
      throw new Error(
        `${where}: wrote ${JSON.stringify(target)} but could not flush its directory (${messageOf(err)}); ` +
          `the new checkpoint may not survive a power failure`,
        { cause: err },
      );
    }
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
