// Checkpoint files: atomic replacement, cleanup after failures, concurrent saves.
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as tf from "../../../src/index.js";

class Weights implements tf.io.Checkpointable {
  constructor(readonly variables: tf.Variable[]) {}

  getWeights(): tf.Tensor[] {
    return this.variables.map((v) => v.value());
  }

  setWeights(weights: tf.TensorInput[]): void {
    weights.forEach((w, i) => this.variables[i].assign(w));
  }

  values(): unknown[] {
    return this.variables.map((v) => v.array());
  }
}

function model(value: number): Weights {
  return new Weights([new tf.Variable(tf.fill([64, 64], value)), new tf.Variable(tf.tensor([value, -value], [2], "float64"))]);
}

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gradtape-io-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** The FileHandle class's prototype, to make a write fail midway as a full disk would. */
async function fileHandlePrototype(): Promise<{ writeFile: (...args: unknown[]) => Promise<void>; sync: () => Promise<void> }> {
  const handle = await open(join(dir, "probe"), "w");
  const proto = Object.getPrototypeOf(handle);
  await handle.close();
  await rm(join(dir, "probe"));
  return proto;
}

describe("tf.io.saveCheckpoint / loadCheckpoint", () => {
  it("round-trip through a file, and the file holds exactly encodeCheckpoint's bytes", async () => {
    const path = join(dir, "model.safetensors");
    const saved = model(1.5);
    await tf.io.saveCheckpoint(path, { model: saved }, { step: "100" });
    expect([...(await readFile(path))]).toEqual([...tf.io.encodeCheckpoint({ model: saved }, { step: "100" })]);
    const restored = model(0);
    expect(await tf.io.loadCheckpoint(path, { model: restored })).toEqual({ step: "100" });
    expect(restored.values()).toEqual(saved.values());
    expect(await readdir(dir)).toEqual(["model.safetensors"]);
  });

  it("accept file: URLs", async () => {
    const url = pathToFileURL(join(dir, "by-url.ckpt"));
    await tf.io.saveCheckpoint(url, { model: model(2) });
    const restored = model(0);
    await tf.io.loadCheckpoint(url, { model: restored });
    expect(restored.values()).toEqual(model(2).values());
  });

  it("replace the previous checkpoint and leave no temporary file", async () => {
    const path = join(dir, "ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    await tf.io.saveCheckpoint(path, { model: model(2) });
    const restored = model(0);
    await tf.io.loadCheckpoint(path, { model: restored });
    expect(restored.values()).toEqual(model(2).values());
    expect(await readdir(dir)).toEqual(["ckpt"]);
  });

  it("capture the weights when called, not when the write happens", async () => {
    const path = join(dir, "ckpt");
    const m = model(1);
    const saving = tf.io.saveCheckpoint(path, { model: m });
    m.variables[0].assign(tf.fill([64, 64], 9));
    await saving;
    const restored = model(0);
    await tf.io.loadCheckpoint(path, { model: restored });
    expect(restored.values()).toEqual(model(1).values());
  });

  it("keep the previous file intact when the write fails midway, and remove the temporary file", async () => {
    const path = join(dir, "ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    const previous = await readFile(path);
    const proto = await fileHandlePrototype();
    const original = proto.writeFile;
    vi.spyOn(proto, "writeFile").mockImplementation(async function (this: unknown, ...args: unknown[]) {
      const data = args[0] as Uint8Array;
      await original.call(this, data.subarray(0, data.length >> 1));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    await expect(tf.io.saveCheckpoint(path, { model: model(2) })).rejects.toThrow(
      /saveCheckpoint: could not write ".*ckpt" \(ENOSPC: no space left on device, write\); the file that was there, if any, is unchanged/,
    );
    vi.restoreAllMocks();
    expect(Buffer.compare(await readFile(path), previous)).toBe(0);
    expect(await readdir(dir)).toEqual(["ckpt"]);
    const restored = model(0);
    await tf.io.loadCheckpoint(path, { model: restored });
    expect(restored.values()).toEqual(model(1).values());
  });

  it("keep the previous file when flushing the new one fails", async () => {
    const path = join(dir, "ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    const previous = await readFile(path);
    const proto = await fileHandlePrototype();
    vi.spyOn(proto, "sync").mockRejectedValueOnce(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
    await expect(tf.io.saveCheckpoint(path, { model: model(2) })).rejects.toThrow(/could not write .*\(EIO: i\/o error, fsync\)/);
    vi.restoreAllMocks();
    expect(Buffer.compare(await readFile(path), previous)).toBe(0);
    expect(await readdir(dir)).toEqual(["ckpt"]);
  });

  it("fail cleanly when a directory stands where the file should go", async () => {
    const path = join(dir, "ckpt");
    await mkdir(path);
    await writeFile(join(path, "inside"), "kept");
    await expect(tf.io.saveCheckpoint(path, { model: model(1) })).rejects.toThrow(/saveCheckpoint: could not write ".*ckpt" \(E(ISDIR|NOTEMPTY|EXIST|PERM)/);
    expect(await readdir(dir)).toEqual(["ckpt"]);
    expect(await readFile(join(path, "inside"), "utf8")).toBe("kept");
  });

  it("fail cleanly when the directory does not exist", async () => {
    await expect(tf.io.saveCheckpoint(join(dir, "missing", "ckpt"), { model: model(1) })).rejects.toThrow(/could not write .*ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("do not touch the file system when encoding fails", async () => {
    await expect(tf.io.saveCheckpoint(join(dir, "ckpt"), { "a/b": model(1) })).rejects.toThrow(/object name "a\/b"/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("concurrent saves to one path end with one complete checkpoint", async () => {
    const path = join(dir, "ckpt");
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    await Promise.all(values.map((v) => tf.io.saveCheckpoint(path, { model: model(v) }, { value: String(v) })));
    expect(await readdir(dir)).toEqual(["ckpt"]);
    const restored = model(0);
    const { value } = await tf.io.loadCheckpoint(path, { model: restored });
    expect(values).toContain(Number(value));
    expect(restored.values()).toEqual(model(Number(value)).values());
  });

  it("loading reports a missing file and changes nothing on a mismatched checkpoint", async () => {
    await expect(tf.io.loadCheckpoint(join(dir, "nope"), { model: model(1) })).rejects.toThrow(/loadCheckpoint: could not read ".*nope" \(ENOENT/);
    const path = join(dir, "ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    const other = new Weights([new tf.Variable(tf.zeros([64, 63])), new tf.Variable(tf.tensor([0, 0], [2], "float64"))]);
    await expect(tf.io.loadCheckpoint(path, { model: other })).rejects.toThrow(/weight 0 of "model" is float32 \[64,63\] but the checkpoint's "model\/0000" is float32 \[64,64\]/);
    expect(other.values()[1]).toEqual([0, 0]);
  });

  it("loading a truncated file names the file, and the objects keep their weights", async () => {
    const path = join(dir, "cut.ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    const target = model(2);
    await expect(tf.io.loadCheckpoint(path, { model: target })).rejects.toThrow(/^loadCheckpoint: ".*cut\.ckpt": .*(truncated|bytes)/);
    expect(target.values()).toEqual(model(2).values());
  });

  it("a save removes temporary files of its path untouched for an hour, and keeps recent and other files", async () => {
    const names = {
      abandoned: ".ckpt.0-abc.tmp",
      recent: ".ckpt.1-def.tmp",
      otherPath: ".other.0-abc.tmp",
      unrelated: "notes.txt",
    };
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of Object.values(names)) {
      await writeFile(join(dir, name), "partial");
      if (name !== names.recent) await utimes(join(dir, name), twoHoursAgo, twoHoursAgo);
    }
    await tf.io.saveCheckpoint(join(dir, "ckpt"), { model: model(1) });
    expect((await readdir(dir)).sort()).toEqual(["ckpt", names.recent, names.otherPath, names.unrelated].sort());
  });

  it.each([0o600, 0o640, 0o644])("a save keeps the mode %o of the file it replaces", async (mode) => {
    const path = join(dir, "private.ckpt");
    await tf.io.saveCheckpoint(path, { model: model(1) });
    await chmod(path, mode);
    await tf.io.saveCheckpoint(path, { model: model(2) });
    expect((await stat(path)).mode & 0o777).toBe(mode);
  });
});

describe("tf.io.saveSafetensors header limit", () => {
  it("refuses a header over 100,000,000 bytes, as readers would", () => {
    expect(() => tf.io.saveSafetensors({}, { big: "a".repeat(100_000_000) })).toThrow(
      /saveSafetensors: the header would be 100000032 bytes, over the 100,000,000-byte limit of safetensors readers/,
    );
  });
});
