// Before anything is timed: every engine computes each workload once, and its values are compared
// with the reference engine's, so a fast wrong kernel cannot hide in the table.
import type { Engine, EngineName } from "./engine.js";
import type { Workload } from "./workloads.js";

export interface Agreement {
  engine: EngineName;
  /** Largest |value - reference|; Infinity for a NaN on one side only or a length mismatch. */
  maxAbsDiff: number;
  /** Where it is. */
  index: number;
  ok: boolean;
}

/** An engine that lacks the workload's op. */
export interface Unavailable {
  engine: EngineName;
  unavailable: true;
}

export interface AgreementCheck {
  workload: string;
  reference: EngineName;
  /** Every engine but the reference, in order. */
  agreements: (Agreement | Unavailable)[];
}

export async function checkAgreement(
  workload: Workload,
  engines: readonly Engine<unknown>[],
  reference: Engine<unknown>,
): Promise<AgreementCheck> {
  const expected = await outputOf(workload, reference);
  const agreements: (Agreement | Unavailable)[] = [];
  for (const engine of engines) {
    if (engine === reference) continue;
    agreements.push(
      engine.has(workload.op)
        ? { engine: engine.name, ...compare(await outputOf(workload, engine), expected, workload) }
        : { engine: engine.name, unavailable: true },
    );
  }
  return { workload: workload.name, reference: reference.name, agreements };
}

async function outputOf(workload: Workload, engine: Engine<unknown>): Promise<Float32Array> {
  await engine.activate();
  const prepared = workload.prepare(engine);
  try {
    return prepared.output();
  } finally {
    prepared.dispose();
  }
}

function compare(
  values: Float32Array,
  expected: Float32Array,
  { atol, rtol }: Workload,
): { maxAbsDiff: number; index: number; ok: boolean } {
  if (values.length !== expected.length) return { maxAbsDiff: Infinity, index: -1, ok: false };
  let maxAbsDiff = 0;
  let index = -1;
  let ok = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const e = expected[i];
    if (Number.isNaN(v) && Number.isNaN(e)) continue;
    const diff = v === e ? 0 : Math.abs(v - e);
    const d = Number.isNaN(diff) ? Infinity : diff;
    if (d > maxAbsDiff) {
      maxAbsDiff = d;
      index = i;
    }
    if (!(d <= atol + rtol * Math.abs(e))) ok = false;
  }
  return { maxAbsDiff, index, ok };
}
