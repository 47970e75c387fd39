// SIGKILL during saveCheckpoint: a child process saves ~3.4 MB checkpoints (a model and its Adam
// state) to one path in a loop; the parent kills it at seeded random moments spread over a save's
// duration (KILLS = 30 kills, seed 20261206). After every kill the file at the path must load and hold,
// bit for bit, either the checkpoint that was there before or one complete new one, never a mix.
// The killed saves' temporary files stay until they are an hour old; then the next save removes them.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as tf from "../../../src/index.js";
import { buildTrainable, setVariant, type Trainable, weightBytes } from "./save-variants.js";

const KILLS = 30;
const SEED = 20261206;

const dir = mkdtempSync(join(tmpdir(), "gradtape-kill-"));
const ckptDir = join(dir, "ckpt");
const child = join(dir, "save-loop-child.mjs");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, "save-loop-child.ts")],
    outfile: child,
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    logLevel: "warning",
  });
});

/** mulberry32: the kill delays, reproducible from SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Run {
  /** The variant numbers whose save the child announced, and those it reported finished. */
  started: number[];
  finished: number[];
  durations: number[];
}

/** Spawns the child saving variants first, first+1, ...; kills it `delay` ms after it announces save number `first + skip`. */
function runAndKill(path: string, first: number, skip: number, delay: number): Promise<Run> {
  const run: Run = { started: [], finished: [], durations: [] };
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, path, String(first)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killing = false;
    proc.stderr!.on("data", (chunk) => {
      stderr += chunk;
    });
    proc.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const lines = stdout.split("\n");
      stdout = lines.pop()!;
      for (const line of lines) {
        const [word, k, ms] = line.split(" ");
        if (word === "saving") run.started.push(Number(k));
        if (word === "saved") {
          run.finished.push(Number(k));
          run.durations.push(Number(ms));
        }
        if (!killing && word === "saving" && Number(k) === first + skip) {
          killing = true;
          setTimeout(() => proc.kill("SIGKILL"), delay);
        }
      }
    });
    proc.on("error", reject);
    proc.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(run);
      else reject(new Error(`the saving child exited with ${code}: ${stderr}`));
    });
  });
}

function objectsOf(t: Trainable): Record<string, tf.io.Checkpointable> {
  return { model: t.model, optimizer: t.optimizer };
}

/** The variant the file at `path` holds, after checking that its every weight is that variant's, bit for bit. */
async function variantIn(path: string, reader: Trainable, expected: Trainable): Promise<number> {
  const { variant } = await tf.io.loadCheckpoint(path, objectsOf(reader));
  const k = Number(variant);
  setVariant(expected, k);
  const got = weightBytes(reader);
  const want = weightBytes(expected);
  expect(got.length).toBe(want.length);
  got.forEach((bytes, i) => expect(Buffer.compare(bytes, want[i]), `weight ${i} of variant ${k}`).toBe(0));
  return k;
}

function temporaries(): string[] {
  return readdirSync(ckptDir).filter((name) => name !== "model.safetensors").sort();
}

it(`${KILLS} SIGKILLs during saves leave the previous checkpoint or one complete new one`, async () => {
  rmSync(ckptDir, { recursive: true, force: true });
  mkdirSync(ckptDir);
  const path = join(ckptDir, "model.safetensors");
  const reader = buildTrainable();
  const expected = buildTrainable();
  const a = buildTrainable();
  setVariant(a, 0);
  await tf.io.saveCheckpoint(path, objectsOf(a), { variant: "0" });

  // The first run measures how long a save takes in the child, so the kills spread over it.
  const calibration = await runAndKill(path, 1, 3, 0);
  const saveMs = Math.max(...calibration.durations.slice(1));
  expect(saveMs).toBeGreaterThan(0);
  let held = await variantIn(path, reader, expected);
  expect([...calibration.finished, 1 + 3]).toContain(held);

  const next = random(SEED);
  let keptPrevious = 0;
  let tookNew = 0;
  for (let i = 1; i <= KILLS; i++) {
    const first = i * 1000;
    const skip = Math.floor(next() * 2);
    const run = await runAndKill(path, first, skip, next() * saveMs * 1.2);
    const now = await variantIn(path, reader, expected);
    const lastFinished = run.finished.at(-1);
    if (now === held) {
      expect(lastFinished, "a finished save was lost").toBeUndefined();
      keptPrevious++;
    } else {
      expect(now).toBeGreaterThanOrEqual(lastFinished ?? first);
      expect(now).toBeLessThanOrEqual(Math.max(...run.started) + 1);
      tookNew++;
    }
    held = now;
  }
  // Both outcomes happened, so some kills did land in the middle of a save.
  expect(keptPrevious).toBeGreaterThan(0);
  expect(tookNew).toBeGreaterThan(0);

  // A killed save's temporary file is cut short, which loading reports, or complete (killed before
  // the rename).
  for (const name of temporaries()) {
    expect(name).toMatch(/^\.model\.safetensors\..+\.tmp$/);
    await variantIn(join(ckptDir, name), reader, expected).catch((err: Error) => expect(err.message).toMatch(/^loadCheckpoint: ".*\.tmp": .*truncated/));
  }
  // They hinder neither loading nor the next save, which keeps them while they are recent.
  const left = temporaries();
  expect(left.length).toBeGreaterThan(0);
  await variantIn(path, reader, expected);
  setVariant(a, 7);
  await tf.io.saveCheckpoint(path, objectsOf(a), { variant: "7" });
  expect(await variantIn(path, reader, expected)).toBe(7);
  expect(temporaries()).toEqual(left);
  // An hour later, the next save removes them.
  const hourAgo = new Date(Date.now() - 3600_000 - 1000);
  for (const name of left) utimesSync(join(ckptDir, name), hourAgo, hourAgo);
  await tf.io.saveCheckpoint(path, objectsOf(a), { variant: "7" });
  expect(temporaries()).toEqual([]);
  expect((await readFile(path)).length).toBeGreaterThan(3_000_000);
}, 30_000);
