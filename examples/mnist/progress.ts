// A Keras-style progress bar for one epoch: `Epoch 1/5 [=====>......] 60/125 - 0.8s - loss: 0.4123 - accuracy: 0.8812`.
// On a terminal it redraws one line in place; otherwise it prints only the finished line.

export class ProgressBar {
  private readonly start = performance.now();
  private readonly live: boolean;
  private lastDraw = 0;

  constructor(
    private readonly title: string,
    private readonly total: number,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
    live = process.stdout.isTTY === true,
  ) {
    this.live = live;
  }

  /** Redraws after `done` of `total` steps, at most every 50 ms; `values()` is read only then. */
  update(done: number, values: () => Record<string, number>): void {
    const now = performance.now();
    if (!this.live || (now - this.lastDraw < 50 && done < this.total)) return;
    this.lastDraw = now;
    this.write(`\r${this.line(done, values())}`);
  }

  finish(values: Record<string, number>): void {
    this.write(`${this.live ? "\r" : ""}${this.line(this.total, values)}\n`);
  }

  private line(done: number, values: Record<string, number>): string {
    const width = 30;
    const filled = Math.floor((width * done) / this.total);
    const bar = "=".repeat(Math.max(0, filled - (done < this.total ? 1 : 0))) + (done < this.total ? ">" : "");
    const seconds = ((performance.now() - this.start) / 1000).toFixed(1);
    const metrics = Object.entries(values).map(([name, v]) => ` - ${name}: ${v.toFixed(4)}`).join("");
    const count = `${done}`.padStart(`${this.total}`.length);
    return `${this.title} [${bar.padEnd(width, ".")}] ${count}/${this.total} - ${seconds}s${metrics}`;
  }
}
