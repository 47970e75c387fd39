// The Worker of examples/worker, run as its README says: `node examples/worker/build.mjs --retrain`
// (trains the checkpoint, bundles worker.ts), then `workerd serve examples/worker/config.capnp` on
// 127.0.0.1 at a free port. Over HTTP: GET / describes the restored model, POST /predict classifies
// real MNIST test digits (the same probabilities as the checkpoint gives in Node), POST /fine-tune
// runs training steps (the same losses as in Node), memory stays flat, and bad requests get 400
// with a JSON error. workerd runs in its own process group, killed at the end whatever happens.
import { build } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ensureDist, freePort, root, runGroup, skip, startGroup, Tally, whyCannotStart } from "../runtimes/harness.mjs";

const workerd = `${root}node_modules/.bin/workerd`;
const checkpointFile = `${root}examples/worker/build/model.safetensors`;
const BUILD_MS = 120_000;
const STARTUP_MS = 30_000;
const REQUEST_MS = 30_000;
const IMAGE_SIZE = 784;

const cannot = whyCannotStart(workerd, ["--version"]);
if (cannot !== null) skip("worker example", cannot);
ensureDist();

const tally = new Tally();
const check = (name, ok, detail = "") => tally.record(ok, name, detail);

const buildStart = Date.now();
const built = await runGroup("node", ["examples/worker/build.mjs", "--retrain"], BUILD_MS);
console.log(`--- node examples/worker/build.mjs --retrain (${((Date.now() - buildStart) / 1000).toFixed(1)} s)`);
console.log(`${built.stdout}${built.stderr}`.trimEnd().replace(/^/gm, "  "));
check("build.mjs trains the checkpoint and bundles the Worker", !built.timedOut && built.code === 0, `exit ${built.code ?? built.signal ?? built.error?.message}`);
if (built.code !== 0) tally.finish();

const { train, test } = await mnistDigits();
const reference = await referenceClassifier();

const port = await freePort();
const server = startGroup(workerd, ["serve", "examples/worker/config.capnp", "--socket-addr", `http=127.0.0.1:${port}`]);
const base = `http://127.0.0.1:${port}`;
try {
  const up = await waitUntilUp();
  check("workerd serves the Worker", up === null, up ?? "");
  if (up === null) await exercise();
} catch (err) {
  check("the requests and checks run to the end", false, err instanceof Error ? err.stack : String(err));
} finally {
  const exit = await server.stop();
  if (exit.error) check("workerd starts", false, exit.error.message);
  // workerd logs the Worker's console.error and uncaught exceptions to stderr.
  if (server.stderr.trim() !== "") console.log(server.stderr.trim().replace(/^/gm, "  workerd stderr: "));
}
tally.finish();

async function exercise() {
  const info = await request("GET", "/");
  check(
    "GET / describes the restored model: two Dense layers, 101,770 parameters, the checkpoint's 625 Adam steps and learning rate 0.001",
    info.status === 200 &&
      JSON.stringify(info.json.layers.map((l) => [l.className, l.units, l.parameters])) === '[["Dense",128,100480],["Dense",10,1290]]' &&
      info.json.parameters === 101_770 &&
      info.json.iterations === 625 &&
      Math.abs(info.json.learningRate - 0.001) < 1e-9 &&
      info.json.fineTuneSteps === 0 &&
      info.json.checkpoint.epochs === "5",
    info.text.slice(0, 400),
  );

  const one = await request("POST", "/predict", { pixels: imageOf(test, 0) });
  check(
    `POST /predict {pixels}: digit and probabilities for test digit 0 (a ${test.labels[0]})`,
    one.status === 200 && isPrediction(one.json) && one.json.digit === test.labels[0],
    one.text.slice(0, 300),
  );

  const count = 20;
  const batch = await request("POST", "/predict", { images: Array.from({ length: count }, (_, i) => imageOf(test, i)) });
  const predictions = batch.json?.predictions ?? [];
  const correct = predictions.filter((p, i) => p.digit === test.labels[i]).length;
  check(`POST /predict {images}: ${count} predictions`, batch.status === 200 && predictions.length === count, batch.text.slice(0, 300));
  check(`at least 17 of the first ${count} test digits are classified correctly`, correct >= 17, `${correct} correct`);
  check("every prediction's probabilities are 10 numbers in [0, 1] summing to 1, and its digit is the most probable", predictions.length === count && predictions.every(isPrediction));
  const expected = reference.probabilities(Array.from({ length: count }, (_, i) => imageOf(test, i)));
  const difference = Math.max(...predictions.flatMap((p, i) => p.probabilities.map((v, j) => Math.abs(v - expected[i][j]))));
  check("the Worker's probabilities are the checkpoint's in Node (dist/index.js), within 1e-6", difference <= 1e-6, `largest difference ${difference}`);

  const images = Array.from({ length: 32 }, (_, i) => imageOf(train, i));
  const labels = Array.from(train.labels.subarray(0, 32));
  const first = await request("POST", "/fine-tune", { images, labels });
  const second = await request("POST", "/fine-tune", { images, labels });
  check(
    "POST /fine-tune twice: iterations 626 then 627, finite losses, the second lower (the same batch after one step)",
    first.status === 200 &&
      second.status === 200 &&
      first.json.iterations === 626 &&
      second.json.iterations === 627 &&
      Number.isFinite(first.json.loss) &&
      Number.isFinite(second.json.loss) &&
      second.json.loss < first.json.loss,
    `${first.text} then ${second.text}`,
  );
  const expectedLosses = reference.fineTune(images, labels, 2);
  check(
    "the fine-tuning losses are Node's for the same steps from the same checkpoint (optimizer state restored), within 1e-5",
    first.status === 200 && second.status === 200 && expectedLosses.every((l, i) => Math.abs(l - [first.json.loss, second.json.loss][i]) <= 1e-5 * Math.max(1, l)),
    `Worker ${first.json?.loss}, ${second.json?.loss}; Node ${expectedLosses.join(", ")}`,
  );

  const after = await request("GET", "/");
  check("GET / after fine-tuning: iterations 627, fineTuneSteps 2", after.json?.iterations === 627 && after.json?.fineTuneSteps === 2, after.text.slice(0, 300));
  const again = await request("POST", "/predict", { images: Array.from({ length: count }, (_, i) => imageOf(test, i)) });
  const changed = again.json?.predictions?.some((p, i) => p.probabilities.some((v, j) => v !== predictions[i].probabilities[j]));
  check("predictions after fine-tuning come from the fine-tuned weights (probabilities changed)", again.status === 200 && changed === true);

  // Memory: another round of the same requests leaves the engine's tensor count where it was.
  await request("POST", "/fine-tune", { images, labels });
  const before = (await request("GET", "/")).json?.memory;
  for (let round = 0; round < 3; round++) {
    await request("POST", "/predict", { images: Array.from({ length: count }, (_, i) => imageOf(test, i)) });
    await request("POST", "/fine-tune", { images, labels });
  }
  const later = (await request("GET", "/")).json?.memory;
  check(
    "3 more rounds of /predict and /fine-tune leave the live tensor count and bytes unchanged",
    before !== undefined && later !== undefined && later.numTensors === before.numTensors && later.numBytes === before.numBytes,
    `before ${JSON.stringify(before)}, after ${JSON.stringify(later)}`,
  );
  const iterationsBeforeBad = (await request("GET", "/")).json?.iterations;

  const good = imageOf(test, 0);
  const withAt = (index, value) => good.map((v, i) => (i === index ? value : v));
  const badRequests = [
    ["/predict", { pixels: good.slice(1) }, /pixels must be an array of 784 numbers.*got 783 values/],
    ["/predict", { pixels: withAt(5, "x") }, /pixels\[5\] is "x"; every pixel must be a finite number/],
    ["/predict", { pixels: withAt(7, null) }, /pixels\[7\] is null/],
    // JSON.parse reads 1e999 as Infinity.
    ["/predict", `{"pixels": [${withAt(9, "1e999").join(",")}]}`, /pixels\[9\] is Infinity; every pixel must be a finite number/],
    ["/predict", { images: [good, good.slice(0, 100)] }, /images\[1\] must be an array of 784 numbers.*got 100 values/],
    ["/predict", { images: [] }, /"images" must be an array of 1 to 256 images/],
    ["/predict", { images: Array(257).fill(good) }, /1 to 256 images, got an array of 257/],
    ["/predict", { pixels: good, images: [good] }, /not both/],
    ["/predict", {}, /expected \{"pixels"/],
    ["/predict", "[1, 2]", /must be a JSON object/],
    ["/predict", "{not json", /not JSON/],
    ["/fine-tune", { images: [good, good], labels: [3, 10] }, /labels\[1\] is 10; a label is an integer digit from 0 to 9/],
    ["/fine-tune", { images: [good, good], labels: [3, 1.5] }, /labels\[1\] is 1\.5/],
    ["/fine-tune", { images: [good, good], labels: [3, "7"] }, /labels\[1\] is "7"/],
    ["/fine-tune", { images: [good, good], labels: [3] }, /"labels" must be an array with one digit per image \(2\), got an array of 1/],
    ["/fine-tune", { images: [good] }, /"labels" must be an array with one digit per image \(1\), got missing/],
    ["/fine-tune", { pixels: good, labels: [3] }, /fine-tune takes a batch/],
  ];
  for (const [path, body, pattern] of badRequests) {
    const r = await request("POST", path, body);
    const shown = typeof body === "string" ? body.slice(0, 40) : JSON.stringify(body, (k, v) => (Array.isArray(v) && v.length > 4 ? `[${v.length} items]` : v));
    check(
      `POST ${path} ${shown}: 400 with a JSON error matching ${pattern}`,
      r.status === 400 && typeof r.json?.error === "string" && pattern.test(r.json.error),
      `${r.status} ${r.text.slice(0, 300)}`,
    );
  }
  const wrongMethod = await request("GET", "/predict");
  check("GET /predict: 405 with Allow: POST and a JSON error", wrongMethod.status === 405 && wrongMethod.headers.get("allow") === "POST" && typeof wrongMethod.json?.error === "string", wrongMethod.text);
  const unknown = await request("GET", "/nowhere");
  check("GET /nowhere: 404 with a JSON error naming the routes", unknown.status === 404 && /POST \/predict/.test(unknown.json?.error ?? ""), unknown.text);
  const unchanged = await request("GET", "/");
  check("rejected fine-tune requests took no training step", unchanged.json?.iterations === iterationsBeforeBad, `${iterationsBeforeBad} -> ${unchanged.json?.iterations}`);
}

function isPrediction(p) {
  if (typeof p !== "object" || p === null || !Array.isArray(p.probabilities) || p.probabilities.length !== 10) return false;
  const sum = p.probabilities.reduce((a, b) => a + b, 0);
  const inRange = p.probabilities.every((v) => typeof v === "number" && v >= 0 && v <= 1);
  return inRange && Math.abs(sum - 1) <= 1e-5 && p.digit === p.probabilities.indexOf(Math.max(...p.probabilities));
}

function imageOf(digits, i) {
  return Array.from(digits.images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE));
}

/** examples/mnist/data.ts's split (seeded, so the same digits every run), bundled for Node. */
async function mnistDigits() {
  const out = `${root}.cache/e2e/mnist-data.mjs`;
  mkdirSync(`${root}.cache/e2e`, { recursive: true });
  await build({
    entryPoints: [`${root}examples/mnist/data.ts`],
    outfile: out,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  const { loadMnist } = await import(pathToFileURL(out).href);
  return loadMnist();
}

/**
 * The same checkpoint restored in Node from dist/index.js: what the Worker should answer.
 * fineTune runs its steps on a separate copy, as the Worker's requests do on the Worker's.
 */
async function referenceClassifier() {
  const tf = await import(pathToFileURL(`${root}dist/index.js`).href);
  const bytes = readFileSync(checkpointFile);
  const restore = () => {
    const model = new tf.Sequential([new tf.layers.Dense(128, { activation: "relu" }), new tf.layers.Dense(10)]);
    model.build([null, IMAGE_SIZE]);
    const optimizer = new tf.optimizers.Adam();
    tf.io.decodeCheckpoint(bytes, { model, optimizer });
    return { model, optimizer };
  };
  return {
    probabilities(images) {
      const { model } = restore();
      return tf.tidy(() => {
        const p = tf.softmax(model.apply(tf.tensor(images.flat(), [images.length, IMAGE_SIZE]))).data();
        return images.map((_, i) => Array.from(p.subarray(10 * i, 10 * i + 10)));
      });
    },
    fineTune(images, labels, steps) {
      const { model, optimizer } = restore();
      const lossFn = tf.losses.sparseCategoricalCrossentropy({ fromLogits: true });
      const x = tf.keep(tf.tensor(images.flat(), [images.length, IMAGE_SIZE]));
      const y = tf.keep(tf.tensor(labels, [labels.length], "int32"));
      const losses = [];
      for (let s = 0; s < steps; s++) {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => lossFn(y, model.apply(x, { training: true })));
        const grads = tape.gradient(loss, model.trainableVariables);
        optimizer.applyGradients(tf.zip(grads, model.trainableVariables));
        losses.push(loss.item());
      }
      return losses;
    },
  };
}

/** Sends a request (body: an object sent as JSON, or raw text); never throws. */
async function request(method, path, body) {
  try {
    const init = { method, signal: AbortSignal.timeout(REQUEST_MS) };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the checks report the text
    }
    return { status: res.status, headers: res.headers, text, json };
  } catch (err) {
    return { status: 0, headers: new Headers(), text: `${method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`, json: null };
  }
}

/** Polls GET / until workerd answers 200 (null), exits, or STARTUP_MS pass (a reason). */
async function waitUntilUp() {
  const deadline = Date.now() + STARTUP_MS;
  let exited = null;
  void server.exited.then((e) => (exited = e));
  while (Date.now() < deadline) {
    if (exited !== null) return `workerd exited with ${exited.code ?? exited.signal ?? exited.error?.message}`;
    try {
      const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return null;
      return `GET / answered ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `no answer on ${base}/ after ${STARTUP_MS / 1000} s`;
}
