// A Cloudflare Worker serving the MNIST digit classifier of examples/mnist, restored from a
// checkpoint, and fine-tuning it one training step at a time:
//   GET  /            the model: layers, parameter count, optimizer steps, checkpoint metadata
//   POST /predict     {"pixels": [784 numbers]} -> {"digit", "probabilities"}
//                     {"images": [[784 numbers], ...]} -> {"predictions": [{"digit", "probabilities"}, ...]}
//   POST /fine-tune   {"images": [[784 numbers], ...], "labels": [digits]} -> {"loss", "iterations"}
// Images are 28x28 grey levels in [0, 1], row-major (as in examples/mnist/data.ts).
//
// Workers may not compile WebAssembly from bytes, so the engine comes from gradtape/core with the
// .wasm imported as a module (a WebAssembly.Module). The checkpoint is a Data module (an
// ArrayBuffer). The model and optimizer live in this isolate's memory: fine-tuning changes them
// for the requests this isolate serves, and nothing is written back.
import { GradientTape, init, io, layers, losses, memory, optimizers, Sequential, softmax, tensor, tidy, zip } from "gradtape/core";
import wasm from "gradtape/gradtape.wasm";
import checkpoint from "./build/model.safetensors";

const IMAGE_SIZE = 28 * 28;
const NUM_CLASSES = 10;
/** The most images one request may carry (a batch of 256 is about 1.5 MB of JSON). */
const MAX_IMAGES = 256;

interface Classifier {
  model: Sequential;
  optimizer: optimizers.Adam;
  lossFn: losses.LossFunction;
  metadata: Record<string, string>;
  /** Optimizer steps stored in the checkpoint; the difference to `iterations` is this isolate's fine-tuning. */
  checkpointIterations: number;
}

/** A request the Worker refuses with 400 and this message. */
class BadRequest extends Error {}

let loading: Promise<Classifier> | null = null;

/** The classifier of this isolate, loaded on the first request (retried on the next if it failed). */
function classifier(): Promise<Classifier> {
  loading ??= load().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

async function load(): Promise<Classifier> {
  await init(wasm);
  // The architecture of buildModel in examples/mnist/train.ts; the checkpoint supplies the weights
  // (decodeCheckpoint checks every shape against the model before changing anything).
  const model = new Sequential([new layers.Dense(128, { activation: "relu" }), new layers.Dense(NUM_CLASSES)]);
  model.build([null, IMAGE_SIZE]);
  // Adam's step count, learning rate and moment estimates all come from the checkpoint.
  const optimizer = new optimizers.Adam();
  const metadata = io.decodeCheckpoint(checkpoint, { model, optimizer });
  const lossFn = losses.sparseCategoricalCrossentropy({ fromLogits: true });
  return { model, optimizer, lossFn, metadata, checkpointIterations: optimizer.iterations.item() };
}

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === "/") {
        if (request.method !== "GET") return methodNotAllowed("GET");
        return Response.json(describe(await classifier()));
      }
      if (pathname === "/predict") {
        if (request.method !== "POST") return methodNotAllowed("POST");
        const body = await readJson(request);
        const batch = readImages(body, "predict");
        const predictions = predict(await classifier(), batch.images, batch.count);
        return Response.json(batch.single ? predictions[0] : { predictions });
      }
      if (pathname === "/fine-tune") {
        if (request.method !== "POST") return methodNotAllowed("POST");
        const body = await readJson(request);
        const batch = readImages(body, "fine-tune");
        if (batch.single) throw new BadRequest('fine-tune takes a batch: {"images": [[784 numbers], ...], "labels": [digits]}');
        const labels = readLabels(body, batch.count);
        return Response.json(fineTune(await classifier(), batch.images, labels, batch.count));
      }
      return Response.json({ error: `no route ${pathname}; the routes are GET /, POST /predict and POST /fine-tune` }, { status: 404 });
    } catch (err) {
      if (err instanceof BadRequest) return Response.json({ error: err.message }, { status: 400 });
      console.error(err);
      return Response.json({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }, { status: 500 });
    }
  },
};

function describe(c: Classifier): object {
  const iterations = c.optimizer.iterations.item();
  return {
    model: "MNIST digit classifier",
    input: `${IMAGE_SIZE} grey levels in [0, 1] (a 28x28 image, row-major)`,
    layers: c.model.layers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      units: layer instanceof layers.Dense ? layer.units : undefined,
      parameters: layer.countParams(),
    })),
    parameters: c.model.countParams(),
    // A float32 variable: 7 significant digits, as TensorFlow prints it.
    learningRate: Number(c.optimizer.learningRate.toPrecision(7)),
    iterations,
    fineTuneSteps: iterations - c.checkpointIterations,
    checkpoint: c.metadata,
    memory: memory(),
    routes: ["GET /", "POST /predict", "POST /fine-tune"],
  };
}

/** The most likely digit and the probability of each, per image. */
function predict(c: Classifier, images: Float32Array, count: number): { digit: number; probabilities: number[] }[] {
  // tidy frees this request's tensors when it returns (only training steps free their own).
  return tidy(() => {
    const probabilities = softmax(c.model.apply(tensor(images, [count, IMAGE_SIZE]))).data();
    return Array.from({ length: count }, (_, row) => {
      const p = Array.from(probabilities.subarray(row * NUM_CLASSES, (row + 1) * NUM_CLASSES));
      return { digit: p.indexOf(Math.max(...p)), probabilities: p };
    });
  });
}

/** One training step on this batch; returns the loss before the update and the optimizer's step count. */
function fineTune(c: Classifier, images: Float32Array, labels: Int32Array, count: number): { loss: number; iterations: number } {
  const loss = tidy(() => {
    const x = tensor(images, [count, IMAGE_SIZE]);
    const y = tensor(labels, [count], "int32");
    const tape = new GradientTape();
    const value = tape.record(() => c.lossFn(y, c.model.apply(x, { training: true })));
    const grads = tape.gradient(value, c.model.trainableVariables);
    c.optimizer.applyGradients(zip(grads, c.model.trainableVariables));
    return value.item();
  });
  return { loss, iterations: c.optimizer.iterations.item() };
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch (err) {
    throw new BadRequest(`the request body is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequest(`the request body must be a JSON object, got ${Array.isArray(body) ? "an array" : JSON.stringify(body)}`);
  }
  return body as Record<string, unknown>;
}

/** `{"pixels": [...]}` (one image) or `{"images": [[...], ...]}`, as one Float32Array. */
function readImages(body: Record<string, unknown>, route: string): { images: Float32Array; count: number; single: boolean } {
  const { pixels, images } = body;
  if (pixels !== undefined && images !== undefined) throw new BadRequest(`${route}: give either "pixels" (one image) or "images" (a batch), not both`);
  if (pixels !== undefined) return { images: readPixels(pixels, "pixels"), count: 1, single: true };
  if (images === undefined) {
    throw new BadRequest(`${route}: expected {"pixels": [${IMAGE_SIZE} numbers]} or {"images": [[${IMAGE_SIZE} numbers], ...]}`);
  }
  if (!Array.isArray(images) || images.length === 0 || images.length > MAX_IMAGES) {
    throw new BadRequest(`${route}: "images" must be an array of 1 to ${MAX_IMAGES} images, got ${show(images)}`);
  }
  const out = new Float32Array(images.length * IMAGE_SIZE);
  images.forEach((image, i) => out.set(readPixels(image, `images[${i}]`), i * IMAGE_SIZE));
  return { images: out, count: images.length, single: false };
}

function readPixels(value: unknown, name: string): Float32Array {
  if (!Array.isArray(value) || value.length !== IMAGE_SIZE) {
    throw new BadRequest(
      `${name} must be an array of ${IMAGE_SIZE} numbers (28x28 grey levels in [0, 1], row-major), got ` +
        `${Array.isArray(value) ? `${value.length} values` : show(value)}`,
    );
  }
  const out = new Float32Array(IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new BadRequest(`${name}[${i}] is ${show(v)}; every pixel must be a finite number`);
    out[i] = v;
  }
  return out;
}

function readLabels(body: Record<string, unknown>, count: number): Int32Array {
  const { labels } = body;
  if (!Array.isArray(labels) || labels.length !== count) {
    throw new BadRequest(
      `fine-tune: "labels" must be an array with one digit per image (${count}), got ${show(labels)}`,
    );
  }
  return Int32Array.from(labels, (label: unknown, i) => {
    if (typeof label !== "number" || !Number.isInteger(label) || label < 0 || label >= NUM_CLASSES) {
      throw new BadRequest(`fine-tune: labels[${i}] is ${show(label)}; a label is an integer digit from 0 to ${NUM_CLASSES - 1}`);
    }
    return label;
  });
}

/** How an error message shows a value it rejects: short, whatever the value. */
function show(value: unknown): string {
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  if (typeof value === "number") return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function methodNotAllowed(allowed: string): Response {
  return Response.json({ error: `use ${allowed} here` }, { status: 405, headers: { Allow: allowed } });
}
