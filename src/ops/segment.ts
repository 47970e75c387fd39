// unsortedSegmentSum: rows of data summed into numSegments segments by id (TensorFlow's
// tf.math.unsorted_segment_sum). It is also the gradient of gather, and gather is its gradient.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import { NUMERIC } from "../engine/kernels.js";
import { formatShape } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { checkDType } from "./check.js";
import { intArg, indexTensor } from "./movement-args.js";
import { sumSegmentsInto } from "./segment-sum.js";

/**
 * out[s] = sum of data[i] over the i with segmentIds[i] == s. `segmentIds` (int32) has the shape
 * of data's leading dimensions; the output is [numSegments] + the remaining dimensions. Rows with a
 * negative id are dropped; an id >= numSegments throws.
 */
export function unsortedSegmentSum(data: TensorInput, segmentIds: TensorInput, numSegments: number): Tensor {
  const x = toTensor(data, "unsortedSegmentSum", "data");
  let ids: Tensor | null = null;
  try {
    ids = indexTensor("unsortedSegmentSum", "segmentIds", segmentIds);
    return segmentSum(x, ids, numSegments);
  } catch (err) {
    releaseIfConverted(data, x);
    releaseIfConverted(segmentIds, ids);
    throw err;
  }
}

function segmentSum(x: Tensor, ids: Tensor, numSegments: number): Tensor {
  const n = intArg("unsortedSegmentSum", "numSegments", numSegments);
  if (n < 0) throw new RangeError(`unsortedSegmentSum: numSegments must be >= 0, got ${n}`);
  checkDType("unsortedSegmentSum", x, NUMERIC);
  if (ids.rank > x.rank || ids.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(
      `unsortedSegmentSum: segmentIds shape ${formatShape(ids.shape)} must be a prefix of data shape ` +
        `${formatShape(x.shape)}; give one id per row of data`,
    );
  }
  const values = ids.data();
  for (let i = 0; i < values.length; i++) {
    if (values[i] >= n) {
      throw new RangeError(
        `unsortedSegmentSum: segmentIds[${i}] = ${values[i]} is not in [0, ${n}); use ids below numSegments (negative ids drop a row)`,
      );
    }
  }
  const rest = x.shape.slice(ids.rank);
  const out = allocTensor([n, ...rest], x.dtype, "unsortedSegmentSum");
  sumSegmentsInto(out, x, ids);
  if (recording()) recordOp("unsortedSegmentSum", [x, ids], out);
  return out;
}
