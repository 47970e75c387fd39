// End-to-end test of examples/browser in Chromium: builds the example, serves it on 127.0.0.1, opens
// the page, starts, stops and resumes training until it is done, draws a digit with the mouse, checks
// the chart, the numbers and the prediction, and saves a screenshot to .cache/e2e/browser-example.png.
import { mkdirSync } from "node:fs";
import { chromium as playwright } from "playwright-core";
import { root, runGroup, skip, startGroup, Tally, whyCannotStart } from "../runtimes/harness.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const screenshot = ".cache/e2e/browser-example.png";
const TOTAL_MS = 90_000;

const cannot = whyCannotStart(chromium, ["--headless", "--no-sandbox", "--version"]);
if (cannot !== null) skip("browser example", `${cannot} (install Debian's chromium, or set CHROMIUM_PATH)`);

const tally = new Tally();
function check(ok, name, detail = "") {
  tally.record(ok, name, detail);
  return ok;
}

let server = null;
let browser = null;
async function cleanUp() {
  if (browser !== null) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5_000))]);
  browser = null;
  await server?.stop();
  server = null;
}
let timedOut = false;
const watchdog = setTimeout(async () => {
  timedOut = true;
  check(false, `the test finished within ${TOTAL_MS / 1000} s`);
  await cleanUp();
  tally.finish();
}, TOTAL_MS);

const started = Date.now();
try {
  await run();
} catch (error) {
  // After a timeout, the closed browser is the cause: the watchdog reported it already.
  if (!timedOut) check(false, "the test ran to its end", error instanceof Error ? error.message.split("\n")[0] : String(error));
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
tally.finish();

async function run() {
  const build = await runGroup(process.execPath, ["examples/browser/build.mjs"], 120_000);
  const built = build.code === 0;
  if (!check(built, "node examples/browser/build.mjs", built ? "" : `${build.stdout}${build.stderr}`.trim())) return;

  server = startGroup(process.execPath, ["examples/browser/serve.mjs", "0"]);
  const url = await serverUrl(server, 10_000);
  if (!check(url !== null, "serve.mjs prints its URL", url ?? `${server.stdout}${server.stderr}`.trim())) return;

  browser = await playwright.launch({
    executablePath: chromium,
    args: [
      ...["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
      ...["--disable-background-networking", "--disable-component-update", "--disable-sync"],
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on("requestfailed", (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));

  const status = page.locator("#status");
  const read = async () => {
    const data = await status.evaluate((e) => ({ ...e.dataset }));
    return { ...data, steps: Number(data.steps ?? 0), loss: Number(data.loss), testAccuracy: Number(data.testAccuracy) };
  };

  await page.goto(url);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 20_000 });
  check(true, "the page loads the digits and is ready to train", await page.locator("#message").textContent());

  // Every update of the status while training, and the longest time between two frames then.
  await page.evaluate(() => {
    const status = document.getElementById("status");
    const watch = { updates: [], longestFrameMs: 0 };
    window.trainingWatch = watch;
    new MutationObserver(() => {
      watch.updates.push({ steps: Number(status.dataset.steps), loss: Number(status.dataset.loss) });
    }).observe(status, { attributeFilter: ["data-steps"] });
    let last = null;
    requestAnimationFrame(function frame(now) {
      if (status.dataset.state === "training" && last !== null) watch.longestFrameMs = Math.max(watch.longestFrameMs, now - last);
      last = status.dataset.state === "training" ? now : null;
      requestAnimationFrame(frame);
    });
  });

  // Start, then Stop at once with one mouse click (the page handles it after its current chunk of steps).
  const button = await page.locator("#start").boundingBox();
  await page.click("#start");
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  await page.waitForSelector('#status[data-state="stopped"]', { timeout: 5_000 });
  const stoppedAt = (await read()).steps;
  await page.waitForTimeout(300);
  const stillAt = (await read()).steps;
  const label = await page.locator("#start").textContent();
  check(
    stoppedAt > 0 && stillAt === stoppedAt && label === "Resume",
    "Stop pauses training",
    `at step ${stoppedAt}, the button now says ${label}`,
  );

  const resumed = Date.now();
  await page.click("#start");
  await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
  const seconds = (Date.now() - resumed) / 1000;
  const done = await read();
  check(
    done.testAccuracy > 0.9,
    "training runs to the end and shows the test accuracy",
    `${(100 * done.testAccuracy).toFixed(1)}% after ${done.steps} steps (${seconds.toFixed(1)} s)`,
  );
  const shown = await page.locator("#epoch, #step, #loss, #accuracy, #test-accuracy").allTextContents();
  check(shown.every((text) => text !== "–"), "epoch, step, loss, accuracy and test accuracy are displayed", shown.join(" | "));
  check(await page.locator("#start").isDisabled(), "the button is disabled when training is done", await page.locator("#start").textContent());

  const { updates, longestFrameMs } = await page.evaluate(() => window.trainingWatch);
  const [first, last] = [updates[0], updates.at(-1)];
  check(
    updates.length >= 20 && updates.every((u) => Number.isFinite(u.loss)) && last.loss < first.loss / 2,
    "the loss shown is finite and falling",
    `${first.loss.toFixed(4)} at step ${first.steps}, ${last.loss.toFixed(4)} at step ${last.steps}, ${updates.length} updates`,
  );
  check(longestFrameMs < 500, "the page keeps drawing frames while it trains", `longest frame ${longestFrameMs.toFixed(0)} ms`);

  const chart = await page.locator("#chart").evaluate((canvas) => {
    const { width, height } = canvas;
    const rgba = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let coloured = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]];
      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    return { coloured, pixels: width * height, points: Number(canvas.dataset.points) };
  });
  check(
    chart.points >= 100 && chart.coloured > 500,
    "the chart plots the training",
    `${chart.points} points, ${chart.coloured} coloured of ${chart.pixels} pixels`,
  );

  // A '7': a bar across the top, then a stroke down to the lower left.
  const pad = await page.locator("#pad").boundingBox();
  const at = (fx, fy) => [pad.x + fx * pad.width, pad.y + fy * pad.height];
  await page.mouse.move(...at(0.3, 0.22));
  await page.mouse.down();
  await page.mouse.move(...at(0.72, 0.22), { steps: 12 });
  await page.mouse.move(...at(0.45, 0.82), { steps: 16 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById("prediction").dataset.digit !== "", null, { timeout: 5_000 });
  const predicted = await page.evaluate(() => ({
    digit: document.getElementById("digit").textContent,
    attribute: document.getElementById("prediction").dataset.digit,
    probabilities: [...document.querySelectorAll("#bars li")].map((li) => Number(li.dataset.probability)),
    input: [...document.getElementById("preview").getContext("2d").getImageData(0, 0, 28, 28).data].filter((_, i) => i % 4 === 0),
  }));
  const { probabilities } = predicted;
  const sum = probabilities.reduce((a, b) => a + b, 0);
  const best = probabilities.indexOf(Math.max(...probabilities));
  check(
    /^[0-9]$/.test(predicted.digit) && predicted.attribute === predicted.digit && best === Number(predicted.digit),
    "a drawn digit gets a prediction 0-9, the most probable digit",
    `${predicted.digit}`,
  );
  check(
    predicted.digit === "7",
    "the drawn 7 is read as 7",
    `a drawn 7 was read as ${predicted.digit} (${(100 * probabilities[best]).toFixed(1)}%)`,
  );
  check(
    probabilities.length === 10 && probabilities.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-4,
    "the 10 probabilities are shown and sum to 1",
    `sum ${sum.toFixed(6)}`,
  );
  const input = describeInput(predicted.input);
  check(
    input.lit > 20 && input.lit < 400 && Math.max(input.width, input.height) === 20,
    "the model input shows the digit scaled into a 20x20 box",
    `${input.lit} of 784 pixels lit, ${input.width}x${input.height}`,
  );
  check(
    Math.abs(input.massX - 14) <= 0.6 && Math.abs(input.massY - 14) <= 0.6,
    "the model input is centred by mass",
    `centre of mass (${input.massX.toFixed(2)}, ${input.massY.toFixed(2)}) in 28x28`,
  );

  mkdirSync(`${root}.cache/e2e`, { recursive: true });
  await page.screenshot({ path: `${root}${screenshot}`, fullPage: true });
  check(true, "screenshot saved", screenshot);

  await page.click("#clear");
  await page.waitForFunction(() => document.getElementById("prediction").dataset.digit === "", null, { timeout: 5_000 });
  check((await page.locator("#digit").textContent()) === "?", "Clear clears the drawing and the prediction");

  check(errors.length === 0, "no console errors, page errors or failed requests", errors.join("; "));
}

/** Lit pixels, ink bounds and centre of mass (pixel centres at i + 0.5) of 28x28 grey levels. */
function describeInput(grey) {
  let [lit, mass, massX, massY] = [0, 0, 0, 0];
  let [left, right, top, bottom] = [28, -1, 28, -1];
  grey.forEach((v, i) => {
    if (v === 0) return;
    const [x, y] = [i % 28, Math.floor(i / 28)];
    [left, right, top, bottom] = [Math.min(left, x), Math.max(right, x), Math.min(top, y), Math.max(bottom, y)];
    lit++;
    mass += v;
    massX += v * (x + 0.5);
    massY += v * (y + 0.5);
  });
  return { lit, width: right - left + 1, height: bottom - top + 1, massX: massX / mass, massY: massY / mass };
}

/** The URL serve.mjs prints, or null if it exits or prints none within `timeoutMs`. */
async function serverUrl(run, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const match = run.stdout.match(/^(http:\/\/127\.0\.0\.1:\d+\/)$/m);
    if (match) return match[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}
