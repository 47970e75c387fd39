// The kernel call behind unsortedSegmentSum and IndexedSlices: zero `out`, then add each row of
// `data` into the row of `out` its id names (ids already checked to be < out.shape[0]).
import { KernelFamily, NUMERIC } from "../engine/kernels.js";
import type { Tensor } from "../tensor.js";

const SEGMENT_SUM = new KernelFamily("segment_sum", NUMERIC);
const FILL = new KernelFamily("fill", NUMERIC);

export function sumSegmentsInto(out: Tensor, data: Tensor, ids: Tensor): void {
  if (out.size === 0) return;
  FILL.for(out.dtype)(out.ptr, out.size, 0);
  const inner = out.size / out.shape[0];
  if (inner > 0 && ids.size > 0) SEGMENT_SUM.for(data.dtype)(data.ptr, ids.ptr, out.ptr, ids.size, inner);
}
