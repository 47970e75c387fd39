// The recording side of the tapes: which tapes are active, and what an op hands them.
// Ops call `recordOp` after computing their output; a tape keeps the node if one of the op's inputs is
// connected to what it watches. Nothing here knows about pointers or kernels.
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

/** Called by every differentiable op with its inputs and output, only while a tape is active. */
export function recordOp(op: PrimitiveOp, inputs: readonly Tensor[], output: Tensor, attrs?: Attrs): void {
  const node: TapeNode = { op, inputs, output, attrs };
  for (let i = 0; i < activeTapes.length; i++) activeTapes[i].offer(node);
}

/** Called when an op reads a variable. */
export function noteVariableRead(v: Variable): void {
  for (let i = 0; i < activeTapes.length; i++) activeTapes[i].variableRead(v);
}
