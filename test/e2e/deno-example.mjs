// Runs examples/deno/main.ts as its README says (`deno run --allow-read --allow-write main.ts` in
// that directory, offline, gradtape mapped to dist/ by its deno.json), asserts what it prints, and
// type-checks it with `deno check`.
import { existsSync } from "node:fs";
import { ensureDist, root, runGroup, skip, Tally, whyCannotStart } from "../runtimes/harness.mjs";

const deno = `${root}node_modules/.bin/deno`;
const cwd = `${root}examples/deno`;
// Deno's cache stays inside the checkout, and it never looks for a newer version online.
const env = { ...process.env, DENO_DIR: `${root}.cache/deno`, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
const TIMEOUT_MS = 60_000;

const cannot = whyCannotStart(deno, ["--version"]);
if (cannot !== null) skip("deno example", cannot);
ensureDist();

const tally = new Tally();
const check = (name, ok, detail = "") => tally.record(ok, name, detail);

// --no-prompt: a missing permission fails at once instead of waiting for an answer.
const started = Date.now();
const r = await runGroup(deno, ["run", "--no-prompt", "--allow-read", "--allow-write", "main.ts"], TIMEOUT_MS, { cwd, env });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const out = r.stdout;
console.log(`--- deno run main.ts (${seconds} s)`);
if (out.trim() !== "") console.log(out.trimEnd().replace(/^/gm, "  "));
if (r.stderr.trim() !== "") console.log(r.stderr.trimEnd().replace(/^/gm, "  stderr: "));

check("deno run exits with 0 within the time limit", !r.timedOut && r.code === 0, r.timedOut ? "killed after 60 s" : `exit ${r.code ?? r.signal ?? r.error?.message}`);
check("nothing is printed to stderr (no warning, no permission prompt)", r.stderr.trim() === "", r.stderr.trim().split("\n")[0]);

check("Adam after 1 step: numpy=0.09999931", /^after 1 step: <tf\.Variable 'Variable:0' shape=\(\) dtype=float32, numpy=0\.09999931>$/m.test(out));
check("Adam after 1001 steps: numpy=5.000001", /^after 1001 steps: <tf\.Variable 'Variable:0' shape=\(\) dtype=float32, numpy=5\.000001>$/m.test(out));

const progress = [...out.matchAll(/^step (\d+)\/500: loss ([\d.]+), training accuracy ([\d.]+)%$/gm)].map((m) => ({
  step: Number(m[1]),
  loss: Number(m[2]),
  accuracy: Number(m[3]),
}));
check(
  "progress every 100 steps, steps 100 to 500",
  progress.map((p) => p.step).join() === "100,200,300,400,500",
  `steps ${progress.map((p) => p.step).join() || "none"}`,
);
const first = progress[0];
const last = progress[progress.length - 1];
check(
  "the spiral loss falls below a tenth of its value at step 100, and training accuracy reaches 95%",
  last !== undefined && last.loss < first.loss / 10 && last.accuracy >= 95,
  last === undefined ? "no progress lines" : `loss ${first.loss} -> ${last.loss}, accuracy ${last.accuracy}%`,
);

const trained = out.match(/^trained in [\d.]+s; test accuracy ([\d.]+)% on 400 points$/m);
const testAccuracy = trained === null ? NaN : Number(trained[1]);
check("test accuracy on 400 held-out spiral points is at least 95%", testAccuracy >= 95, trained === null ? "no result line" : `${testAccuracy}%`);

const saved = out.match(/^saved and loaded (.+\/spirals\.safetensors) \(metadata (\{.*\}), optimizer at step (\d+)\)$/m);
check(
  "the checkpoint's metadata and the optimizer's step count come back from the file",
  saved !== null && saved[2] === '{"steps":"500"}' && saved[3] === "500",
  saved === null ? "no checkpoint line" : `metadata ${saved[2]}, step ${saved[3]}`,
);
check("the temporary directory is removed afterwards", saved !== null && !existsSync(saved[1].replace(/\/[^/]*$/, "")), saved?.[1] ?? "");

const restored = out.match(/^restored model: test accuracy ([\d.]+)%, largest difference from the trained model's outputs (\S+)$/m);
check(
  "the restored model gives exactly the trained model's outputs (difference 0, same accuracy)",
  restored !== null && restored[2] === "0" && Number(restored[1]) === testAccuracy,
  restored === null ? "no restored line" : `difference ${restored[2]}, accuracy ${restored[1]}% vs ${testAccuracy}%`,
);

const typecheck = await runGroup(deno, ["check", "main.ts"], TIMEOUT_MS, { cwd, env });
const said = `${typecheck.stdout}${typecheck.stderr}`.trim();
check("deno check main.ts passes", !typecheck.timedOut && typecheck.code === 0, said.split("\n").slice(0, 6).join(" | "));

tally.finish();
