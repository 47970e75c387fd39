// tf.IndexedSlices: the gradient of a tensor or variable read only through gather, as TensorFlow
// returns it: rows `values` at row `indices` of a tensor of `denseShape`. Unlike TensorFlow's, ours
// is also the dense tensor itself (rows summed where an index repeats), so it can be used wherever a
// gradient is; optimizers read `values` and `indices` to update only the rows that changed.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import { bytesPerElement } from "../dtype.js";
import { alloc } from "../engine/heap.js";
import { K } from "../engine/wasm.js";
import { adopt } from "../lifetime.js";
import { indexTensor } from "../ops/movement-args.js";
import { sumSegmentsInto } from "../ops/segment-sum.js";
import { formatShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { recording, recordOp } from "./recorder.js";

export class IndexedSlices extends Tensor {
  readonly values: Tensor;
  readonly indices: Tensor;
  readonly denseShape: number[];

  constructor(values: TensorInput, indices: TensorInput, denseShape: readonly number[]) {
    const v = toTensor(values, "IndexedSlices", "values");
    let idx: Tensor | null = null;
    let shape: number[];
    try {
      idx = indexTensor("IndexedSlices", "indices", indices);
      shape = checkSlices(v, idx, denseShape);
    } catch (err) {
      releaseIfConverted(values, v);
      releaseIfConverted(indices, idx);
      throw err;
    }
    super(shape, v.dtype, alloc(shape.reduce((p, d) => p * d, 1) * bytesPerElement(v.dtype)));
    adopt(this);
    this.values = v;
    this.indices = idx;
    this.denseShape = shape;
    sumSegmentsInto(this, v, idx);
    if (recording()) recordOp("unsortedSegmentSum", [v, idx], this);
  }
}

function checkSlices(values: Tensor, indices: Tensor, denseShape: readonly number[]): number[] {
  const shape = Array.from(denseShape);
  const rowsOk = indices.rank === 1 && values.rank === shape.length && values.shape[0] === indices.size;
  if (!rowsOk || values.shape.some((d, i) => i > 0 && d !== shape[i])) {
    throw new Error(
      `IndexedSlices: values ${formatShape(values.shape)} must hold one row of a ${formatShape(shape)} tensor ` +
        `per index (indices ${formatShape(indices.shape)} must be 1-D with values.shape[0] entries)`,
    );
  }
  if (values.dtype === "bool") throw new TypeError("IndexedSlices: values must be float32, float64 or int32, got bool");
  const bad = indices.size === 0 ? -1 : K.index_out_of_range_i32(indices.ptr, indices.size, shape[0]);
  if (bad !== -1) {
    throw new RangeError(
      `IndexedSlices: indices[${bad}] = ${indices.data()[bad]} is not in [0, ${shape[0]}), the rows of denseShape ${formatShape(shape)}`,
    );
  }
  return shape;
}
