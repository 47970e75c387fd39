// A drawing pad: strokes follow the pointer (mouse, pen or finger, through pointer events). The ink
// is the canvas's alpha channel, so the pad's colours are free to be anything.

export class DrawingPad {
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;
  private empty = true;

  /** `onChange` runs after every change of the drawing (a stroke moving, a clear). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: () => void,
  ) {
    this.ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    canvas.style.touchAction = "none";
    canvas.addEventListener("pointerdown", (e) => this.begin(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    for (const type of ["pointerup", "pointercancel"] as const) canvas.addEventListener(type, () => (this.last = null));
  }

  get isEmpty(): boolean {
    return this.empty;
  }

  clear(): void {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
    this.onChange();
  }

  /** The ink of every canvas pixel, 0..1, row-major. */
  ink(): { values: Float32Array; width: number; height: number } {
    const { width, height } = this.canvas;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const values = new Float32Array(width * height);
    for (let i = 0; i < values.length; i++) values[i] = rgba[4 * i + 3] / 255;
    return { values, width, height };
  }

  private begin(e: PointerEvent): void {
    if (!e.isPrimary || e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    const p = this.toCanvas(e);
    this.ctx.fillStyle = "#111";
    this.ctx.beginPath();
    this.ctx.arc(p.x, p.y, this.lineWidth() / 2, 0, 2 * Math.PI);
    this.ctx.fill();
    this.last = p;
    this.empty = false;
    this.onChange();
  }

  private move(e: PointerEvent): void {
    if (this.last === null || !e.isPrimary) return;
    const ctx = this.ctx;
    ctx.strokeStyle = "#111";
    ctx.lineWidth = this.lineWidth();
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(this.last.x, this.last.y);
    // Between two frames a fast stroke may have passed through many points; draw them all.
    for (const event of e.getCoalescedEvents?.() ?? [e]) {
      this.last = this.toCanvas(event);
      ctx.lineTo(this.last.x, this.last.y);
    }
    ctx.stroke();
    this.onChange();
  }

  /** About as thick, relative to a digit filling the pad, as MNIST's pen strokes. */
  private lineWidth(): number {
    return this.canvas.width / 14;
  }

  private toCanvas(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((e.clientY - rect.top) * this.canvas.height) / rect.height,
    };
  }
}
