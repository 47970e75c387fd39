// The page: loads the digits, trains the classifier a few steps at a time (yielding to the event loop
// between chunks so that the page stays responsive and the chart moves), and predicts what is drawn.
import { TrainingChart } from "./chart.js";
import { loadDigits } from "./data.js";
import { toMnistImage } from "./digitize.js";
import { DrawingPad } from "./draw.js";
import { Trainer } from "./train.js";

const epochs = 10;
/** Steps averaged into one point of the chart. */
const stepsPerPoint = 10;
/** How long one chunk of steps may keep the page busy. */
const chunkMs = 25;

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const startButton = element<HTMLButtonElement>("start");
const message = element("message");
const status = element("status");
const padCanvas = element<HTMLCanvasElement>("pad");
const preview = element<HTMLCanvasElement>("preview").getContext("2d")!;
const prediction = element("prediction");
const bars = Array.from({ length: 10 }, (_, digit) => {
  const row = document.createElement("li");
  row.innerHTML = `<span class="label">${digit}</span><span class="bar"><span class="fill"></span></span><span class="value"></span>`;
  element("bars").append(row);
  return row;
});

let trainer: Trainer | null = null;
let chart: TrainingChart | null = null;
let running = false;
let training: Promise<void> | null = null;
/** Where the current chart window started: the epoch's step count and running averages then. */
let windowStart = { steps: 0, loss: 0, accuracy: 0 };

const pad = new DrawingPad(padCanvas, schedulePrediction);
element("clear").addEventListener("click", () => pad.clear());
startButton.addEventListener("click", () => {
  if (running) running = false;
  else {
    running = true;
    training ??= train()
      .catch(fail)
      .finally(() => (training = null));
  }
  showState();
});

try {
  const { train, test } = await loadDigits("mnist.bin");
  trainer = new Trainer(train, test);
  chart = new TrainingChart(element("chart"), trainer.stepsPerEpoch);
  new ResizeObserver(() => chart?.draw()).observe(element("chart"));
  message.textContent = `${train.count.toLocaleString("en")} training and ${test.count.toLocaleString("en")} test digits`;
  showState();
} catch (error) {
  fail(error);
}

/** Shows what went wrong on the page, and in the console with its stack. */
function fail(error: unknown): void {
  running = false;
  startButton.disabled = true;
  message.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  status.dataset.state = "error";
  console.error(error);
}

async function train(): Promise<void> {
  const t = trainer!;
  while (running && t.epoch < epochs) {
    const deadline = performance.now() + chunkMs;
    do {
      t.step();
      if (t.stepInEpoch % stepsPerPoint === 0 || t.epochFinished) addChartPoint(t);
      if (t.epochFinished) {
        showMetrics(t);
        const testAccuracy = t.endEpoch();
        windowStart = { steps: 0, loss: 0, accuracy: 0 };
        chart!.addTest(t.steps, testAccuracy);
        element("test-accuracy").textContent = `${percent(testAccuracy)} (epoch ${t.epoch})`;
        Object.assign(status.dataset, { epochs: String(t.epoch), testAccuracy: String(testAccuracy) });
      }
    } while (running && t.epoch < epochs && performance.now() < deadline);
    if (t.stepInEpoch > 0) showMetrics(t);
    chart!.draw();
    predict();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  running = false;
  showState();
}

/** One point of the chart: the mean loss and accuracy of the steps since the last point. */
function addChartPoint(t: Trainer): void {
  const { loss, accuracy } = t.metrics();
  const steps = t.stepInEpoch;
  const span = steps - windowStart.steps;
  chart!.add({
    step: t.steps,
    loss: (loss * steps - windowStart.loss * windowStart.steps) / span,
    accuracy: (accuracy * steps - windowStart.accuracy * windowStart.steps) / span,
  });
  windowStart = { steps, loss, accuracy };
}

function showMetrics(t: Trainer): void {
  const { loss, accuracy } = t.metrics();
  element("epoch").textContent = `${t.epoch + 1} / ${epochs}`;
  element("step").textContent = `${t.stepInEpoch} / ${t.stepsPerEpoch}`;
  element("loss").textContent = loss.toFixed(4);
  element("accuracy").textContent = percent(accuracy);
  Object.assign(status.dataset, { steps: String(t.steps), loss: String(loss), accuracy: String(accuracy) });
}

function showState(): void {
  const done = trainer !== null && trainer.epoch >= epochs;
  startButton.disabled = trainer === null || done;
  startButton.textContent = done ? "Done" : running ? "Stop" : trainer !== null && trainer.steps > 0 ? "Resume" : "Start";
  status.dataset.state = trainer === null ? "loading" : done ? "done" : running ? "training" : trainer.steps > 0 ? "stopped" : "ready";
}

let predictionPending = false;
/** Predicts at most once a frame, however often the drawing changes. */
function schedulePrediction(): void {
  if (predictionPending) return;
  predictionPending = true;
  requestAnimationFrame(() => {
    predictionPending = false;
    predict();
  });
}

function predict(): void {
  const { values, width, height } = pad.ink();
  const image = pad.isEmpty ? null : toMnistImage(values, width, height);
  drawPreview(image);
  const probabilities = image !== null && trainer !== null ? trainer.predict(image) : null;
  let best = -1;
  probabilities?.forEach((p, digit) => (best = best < 0 || p > probabilities[best] ? digit : best));
  element("digit").textContent = best < 0 ? "?" : String(best);
  prediction.dataset.digit = best < 0 ? "" : String(best);
  bars.forEach((row, digit) => {
    const p = probabilities?.[digit] ?? 0;
    row.classList.toggle("best", digit === best);
    row.querySelector<HTMLElement>(".fill")!.style.width = `${100 * p}%`;
    row.querySelector(".value")!.textContent = probabilities === null ? "" : percent(p);
    row.dataset.probability = probabilities === null ? "" : String(p);
  });
}

/** What the model sees: the 28x28 input, white on black like MNIST. */
function drawPreview(image: Float32Array | null): void {
  const pixels = preview.createImageData(28, 28);
  for (let i = 0; i < 28 * 28; i++) {
    const grey = Math.round(255 * (image?.[i] ?? 0));
    pixels.data.set([grey, grey, grey, 255], 4 * i);
  }
  preview.putImageData(pixels, 0, 0);
}

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}
