// tf.debugging.enableCheckNumerics(): every op's float output is scanned as it is produced, and the
// first op that outputs a NaN or an Infinity throws, naming itself and saying which of its inputs
// were already non-finite. Costs one scan per op while enabled; nothing when disabled.
import { formatShape } from "../shape.js";
import { gradientInProgress, setOutputCheck } from "../tape/recorder.js";
import type { Tensor } from "../tensor.js";
import { firstNonFinite, formatIndex, nameOf } from "./nonfinite.js";

let enabled = false;

/** Checks the output of every op from now on (TensorFlow's tf.debugging.enable_check_numerics). */
export function enableCheckNumerics(): void {
  enabled = true;
  setOutputCheck(checkOutput);
}

/** Stops checking op outputs. */
export function disableCheckNumerics(): void {
  enabled = false;
  setOutputCheck(null);
}

/** Whether enableCheckNumerics() is in effect. */
export function isCheckNumericsEnabled(): boolean {
  return enabled;
}

function checkOutput(op: string, inputs: readonly Tensor[], output: Tensor): void {
  const bad = firstNonFinite(output);
  if (bad === null) return;
  const described = inputs.map((t, i) => {
    const held = firstNonFinite(t);
    const state = held === null ? "was finite" : `already held ${nameOf(held.value)} at ${formatIndex(t.shape, held.index)}`;
    return `input ${i} ${t.describe()} ${state}`;
  });
  const rule = gradientInProgress();
  const during = rule === null ? "" : ` while computing the gradient of "${rule}"`;
  const message =
    `enableCheckNumerics: op "${op}"${during} produced ${nameOf(bad.value)} at index ${formatIndex(output.shape, bad.index)} ` +
    `of its output (${output.dtype} ${formatShape(output.shape)}); ${described.join("; ")}. ` +
    `It is the first op whose output is not finite: check its inputs, or call tf.debugging.disableCheckNumerics()`;
  if (!inputs.includes(output)) output.dispose();
  throw new Error(message);
}
