// Wall-clock timing: warm up, then batches of repetitions sized to dwarf the timer's resolution,
// and the median per-run time over the batches. The engines compared on one workload take their
// batches in turn, so a burst of other work on a shared machine slows all of them alike and the
// ratios stay meaningful.

export interface TimingOptions {
  /** Measured time per contender, once it has its minimum number of batches. */
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

/** One engine's side of a workload. */
export interface Contender {
  /** Called before each batch (TensorFlow.js has one global backend). */
  activate(): Promise<void>;
  run(): void;
}

export const defaultTiming: TimingOptions = { budgetMs: 500, minSamples: 5, maxSamples: 200 };

/** Shortest batch worth timing. */
const minSampleMs = 5;

interface State {
  contender: Contender;
  runsPerSample: number;
  minSamples: number;
  perRun: number[];
  spentMs: number;
}

export async function measureInTurn(contenders: Contender[], options: TimingOptions = defaultTiming): Promise<Timing[]> {
  const states: State[] = [];
  for (const contender of contenders) {
    await contender.activate();
    const perRunMs = warmUp(contender.run, options.budgetMs / 4);
    states.push({
      contender,
      runsPerSample: Math.max(1, Math.round(minSampleMs / perRunMs)),
      // Runs of seconds (plain-JS matmul 1024) get three batches rather than minutes of them.
      minSamples: perRunMs * options.minSamples > 4 * options.budgetMs ? 3 : options.minSamples,
      perRun: [],
      spentMs: 0,
    });
  }
  const wantsMore = (s: State) =>
    s.perRun.length < s.minSamples || (s.perRun.length < options.maxSamples && s.spentMs < options.budgetMs);
  for (let turn = states.filter(wantsMore); turn.length > 0; turn = states.filter(wantsMore)) {
    for (const s of turn) {
      await s.contender.activate();
      const t0 = performance.now();
      for (let i = 0; i < s.runsPerSample; i++) s.contender.run();
      const elapsed = performance.now() - t0;
      s.perRun.push(elapsed / s.runsPerSample);
      s.spentMs += elapsed;
    }
  }
  return states.map(({ perRun, runsPerSample }) => {
    perRun.sort((a, b) => a - b);
    return { medianMs: median(perRun), minMs: perRun[0], samples: perRun.length, runsPerSample };
  });
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
