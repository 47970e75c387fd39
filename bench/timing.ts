// Wall-clock timing: warm up, then batches of repetitions sized to dwarf the timer's resolution,
// and the median per-run time over the batches (the machine may be busy; the median shrugs it off).

export interface TimingOptions {
  /** Time to spend on measured batches, once `minSamples` are in. */
  budgetMs: number;
  minSamples: number;
  maxSamples: number;
}

export interface Timing {
  /** Median time of one run. */
  medianMs: number;
  /** Fastest batch, per run. */
  minMs: number;
  samples: number;
  runsPerSample: number;
}

export const defaultTiming: TimingOptions = { budgetMs: 500, minSamples: 5, maxSamples: 200 };

/** Shortest batch worth timing. */
const minSampleMs = 5;

export function measure(run: () => void, options: TimingOptions = defaultTiming): Timing {
  const perRunMs = warmUp(run, options.budgetMs / 4);
  const runsPerSample = Math.max(1, Math.round(minSampleMs / perRunMs));
  // Runs of seconds (plain-JS matmul 1024) get three samples rather than minutes of them.
  const minSamples = perRunMs * options.minSamples > 4 * options.budgetMs ? 3 : options.minSamples;
  const perRun: number[] = [];
  const start = performance.now();
  while (
    perRun.length < minSamples ||
    (perRun.length < options.maxSamples && performance.now() - start < options.budgetMs)
  ) {
    const t0 = performance.now();
    for (let i = 0; i < runsPerSample; i++) run();
    perRun.push((performance.now() - t0) / runsPerSample);
  }
  perRun.sort((a, b) => a - b);
  return { medianMs: median(perRun), minMs: perRun[0], samples: perRun.length, runsPerSample };
}

/** Runs until `warmMs` has passed (at least twice unless one run is slower than that); returns the fastest run. */
function warmUp(run: () => void, warmMs: number): number {
  let fastest = Infinity;
  let runs = 0;
  const start = performance.now();
  while (runs < 2 || performance.now() - start < warmMs) {
    const t0 = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - t0);
    runs++;
    if (fastest > warmMs) break;
  }
  return Math.max(fastest, 1e-4);
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
