// A live chart of training on a <canvas>, without libraries: the training loss (left axis), the
// training accuracy and each epoch's test accuracy (right axis, 0 to 100%) against the step.

export interface TrainingPoint {
  step: number;
  loss: number;
  accuracy: number;
}

const colors = { loss: "#e8590c", accuracy: "#1971c2", test: "#2f9e44", grid: "#dee2e6", text: "#495057" };
const margin = { left: 44, right: 48, top: 28, bottom: 40 };

export class TrainingChart {
  private readonly points: TrainingPoint[] = [];
  private readonly tests: { step: number; accuracy: number }[] = [];

  /** `stepsPerEpoch` sets the ticks of the step axis, which grows an epoch at a time. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly stepsPerEpoch: number,
  ) {
    this.draw();
  }

  add(point: TrainingPoint): void {
    this.points.push(point);
  }

  addTest(step: number, accuracy: number): void {
    this.tests.push({ step, accuracy });
  }

  draw(): void {
    const ctx = this.fitToLayout();
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    const plot = { x: margin.left, y: margin.top, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
    const lastStep = Math.max(this.points.at(-1)?.step ?? 0, this.tests.at(-1)?.step ?? 0);
    const epochsShown = Math.max(1, Math.ceil(lastStep / this.stepsPerEpoch));
    const maxStep = epochsShown * this.stepsPerEpoch;
    const maxLoss = Math.max(0.5, Math.ceil(2 * Math.max(0, ...this.points.map((p) => p.loss))) / 2);
    const x = (step: number) => plot.x + (plot.w * step) / maxStep;
    const yLoss = (loss: number) => plot.y + plot.h * (1 - Math.min(loss, maxLoss) / maxLoss);
    const yAccuracy = (accuracy: number) => plot.y + plot.h * (1 - accuracy);

    ctx.clearRect(0, 0, width, height);
    ctx.font = "12px system-ui, sans-serif";
    ctx.lineWidth = 1;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.text;
    ctx.textBaseline = "middle";
    for (let i = 0; i <= 4; i++) {
      const y = Math.round(plot.y + (plot.h * i) / 4) + 0.5;
      line(ctx, plot.x, y, plot.x + plot.w, y);
      ctx.textAlign = "right";
      ctx.fillText(((maxLoss * (4 - i)) / 4).toFixed(2), plot.x - 6, y);
      ctx.textAlign = "left";
      ctx.fillText(`${25 * (4 - i)}%`, plot.x + plot.w + 6, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const labelEvery = Math.ceil(epochsShown / Math.max(1, Math.floor(plot.w / 50)));
    for (let epoch = 0; epoch <= epochsShown; epoch++) {
      const px = Math.round(x(epoch * this.stepsPerEpoch)) + 0.5;
      line(ctx, px, plot.y, px, plot.y + plot.h);
      if (epoch % labelEvery === 0) ctx.fillText(`${epoch * this.stepsPerEpoch}`, px, plot.y + plot.h + 6);
    }
    ctx.fillText("step", plot.x + plot.w / 2, plot.y + plot.h + 22);

    ctx.lineWidth = 2;
    ctx.lineJoin = "round";
    polyline(ctx, colors.loss, this.points.map((p) => [x(p.step), yLoss(p.loss)]));
    polyline(ctx, colors.accuracy, this.points.map((p) => [x(p.step), yAccuracy(p.accuracy)]));
    ctx.fillStyle = colors.test;
    for (const t of this.tests) {
      ctx.beginPath();
      ctx.arc(x(t.step), yAccuracy(t.accuracy), 4, 0, 2 * Math.PI);
      ctx.fill();
    }
    legend(ctx, plot.x, 10, [
      ["loss", colors.loss],
      ["accuracy", colors.accuracy],
      ["test accuracy", colors.test],
    ]);
    this.canvas.dataset.points = String(this.points.length);
  }

  /** Sizes the backing store to the element's layout size times the device pixel ratio (sharp on any screen). */
  private fitToLayout(): CanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(this.canvas.clientWidth * ratio);
    const height = Math.round(this.canvas.clientHeight * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext("2d")!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return ctx;
  }
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function polyline(ctx: CanvasRenderingContext2D, color: string, points: [number, number][]): void {
  if (points.length === 0) return;
  ctx.strokeStyle = color;
  ctx.beginPath();
  for (const [px, py] of points) ctx.lineTo(px, py);
  ctx.stroke();
}

function legend(ctx: CanvasRenderingContext2D, left: number, y: number, entries: [string, string][]): void {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  let x = left;
  for (const [label, color] of entries) {
    ctx.fillStyle = color;
    ctx.fillRect(x, y - 5, 10, 10);
    ctx.fillStyle = colors.text;
    ctx.fillText(label, x + 14, y);
    x += 14 + ctx.measureText(label).width + 16;
  }
}
