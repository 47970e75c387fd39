// tf.debugging.checkNumerics(x, message): x unchanged, or an Error when x holds a NaN or an
// Infinity. Recorded on tapes, so the gradient flowing back through it is checked too.
import { releasingOnThrow, type TensorInput, toTensor } from "../convert.js";
import { isFloat } from "../dtype.js";
import { copyOf } from "../ops/unary-kernel.js";
import { recording, recordOp } from "../tape/recorder.js";
import type { Tensor } from "../tensor.js";
import { firstNonFinite, formatIndex, nameOf } from "./nonfinite.js";

/** Returns a copy of `x` after checking that every value is finite; throws `message` otherwise. */
export function checkNumerics(x: TensorInput, message: string): Tensor {
  const t = toTensor(x, "checkNumerics", "x");
  releasingOnThrow(x, t, () => checkFinite(t, message));
  const out = copyOf(t, "checkNumerics");
  if (recording()) recordOp("checkNumerics", [t], out, { message });
  return out;
}

function checkFinite(t: Tensor, message: string): void {
  if (typeof message !== "string") {
    throw new TypeError(`checkNumerics: message must be a string, got ${typeof message}`);
  }
  if (!isFloat(t.dtype)) {
    throw new TypeError(
      `checkNumerics: ${t.describe()} is ${t.dtype}; it takes float32 or float64 tensors (integers and booleans are always finite)`,
    );
  }
  const bad = firstNonFinite(t);
  if (bad !== null) {
    throw new Error(
      `checkNumerics: ${message} : Tensor had ${nameOf(bad.value)} values ` +
        `(first at index ${formatIndex(t.shape, bad.index)} of ${t.describe()})`,
    );
  }
}
