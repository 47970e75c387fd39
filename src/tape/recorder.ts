// The recording side of the tapes: which tapes are active, and what an op hands them.
// Ops call `recordOp` after computing their output, when `recording()`; a tape keeps the node if one
// of the op's inputs is connected to what it watches. The numerics check (tf.debugging) sees every
// op's output through the same call. Nothing here knows about pointers or kernels.
import type { PrimitiveOp } from "../grad/rules.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";

/** Attributes an op's gradient rule needs (axes, perm, transpose flags, ...). */
export type Attrs = Readonly<Record<string, unknown>>;

export interface TapeNode {
  readonly op: PrimitiveOp;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: Attrs | undefined;
}

/** What the recorder needs from a tape. */
export interface RecordingTape {
  /** Keeps the node if any of its inputs is connected to what the tape watches. */
  offer(node: TapeNode): void;
  /** A variable was read by an op while this tape was recording. */
  variableRead(v: Variable): void;
}

/** Tapes currently recording, innermost last. */
export const activeTapes: RecordingTape[] = [];

/** Checks an op's output (tf.debugging.enableCheckNumerics); throws to stop at the first bad one. */
export type OutputCheck = (op: string, inputs: readonly Tensor[], output: Tensor) => void;
let outputCheck: OutputCheck | null = null;

export function setOutputCheck(check: OutputCheck | null): void {
  outputCheck = check;
}

/** The op whose gradient rule is running, named in the numerics check's errors. */
let ruleInProgress: string | null = null;

/** Notes that the gradient rule of `op` starts; returns what to hand `leaveRule` after it. */
export function enterRule(op: string): string | null {
  const outer = ruleInProgress;
  ruleInProgress = op;
  return outer;
}

export function leaveRule(outer: string | null): void {
  ruleInProgress = outer;
}

/** The op whose gradient is being computed, or null outside the backward pass. */
export function gradientInProgress(): string | null {
  return ruleInProgress;
}

/** Whether ops must call `recordOp` (or `observeOutput`): a tape records or outputs are checked. */
export function recording(): boolean {
  return activeTapes.length > 0 || outputCheck !== null;
}

/** Called by every differentiable op with its inputs and output, only while `recording()`. */
export function recordOp(op: PrimitiveOp, inputs: readonly Tensor[], output: Tensor, attrs?: Attrs): void {
  if (outputCheck !== null) outputCheck(op, inputs, output);
  if (activeTapes.length === 0) return;
  const node: TapeNode = { op, inputs, output, attrs };
  for (let i = 0; i < activeTapes.length; i++) activeTapes[i].offer(node);
}

/** Called by ops without a gradient (floor, mod, comparisons), only while `recording()`. */
export function observeOutput(op: string, inputs: readonly Tensor[], output: Tensor): void {
  if (outputCheck !== null) outputCheck(op, inputs, output);
}

/** Called when an op reads a variable. */
export function noteVariableRead(v: Variable): void {
  for (let i = 0; i < activeTapes.length; i++) activeTapes[i].variableRead(v);
}
