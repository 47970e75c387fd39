// Matrix products with TensorFlow's semantics: rank >= 2 inputs, batched over the leading
// dimensions (which broadcast), optional transposes of either operand.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import { bytesPerElement } from "../dtype.js";
import { alloc, free } from "../engine/heap.js";
import { NUMERIC } from "../engine/kernels.js";
import type { Kernel } from "../engine/wasm.js";
import { formatShape } from "../shape.js";
import { recording, recordOp } from "../tape/recorder.js";
import { allocTensor, type Tensor } from "../tensor.js";
import { checkDType, checkSameDType } from "./check.js";
import { batchOffsets, MATMUL, MATMUL_SCRATCH, TRANSPOSE_A, TRANSPOSE_B } from "./matmul-batch.js";

export interface MatmulOptions {
  /** Multiply by the transpose of `a`'s last two dimensions. */
  transposeA?: boolean;
  /** Multiply by the transpose of `b`'s last two dimensions. */
  transposeB?: boolean;
}

/**
 * The matrix product of the last two dimensions of `a` and `b`, batched over the leading ones:
 * `[..., m, k] x [..., k, n] -> [..., m, n]`. Leading (batch) dimensions broadcast. float32,
 * float64 and int32 (which wraps on overflow, as in TensorFlow).
 */
export function matmul(a: TensorInput, b: TensorInput, options?: MatmulOptions): Tensor {
  const flags = readOptions(options);
  const x = toTensor(a, "matmul", "a");
  let y: Tensor | null = null;
  let out: Tensor;
  try {
    y = toTensor(b, "matmul", "b", x.dtype);
    out = product(x, y, flags.transposeA, flags.transposeB);
  } catch (err) {
    releaseIfConverted(a, x);
    releaseIfConverted(b, y);
    throw err;
  }
  if (recording()) recordOp("matmul", [x, y], out, flags);
  return out;
}

function product(x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  checkSameDType("matmul", x, y);
  checkDType("matmul", x, NUMERIC);
  const xs = x.shape;
  const ys = y.shape;
  checkRank(x, "a", 0);
  checkRank(y, "b", 1);
  const xr = xs.length;
  const yr = ys.length;
  const m = transposeA ? xs[xr - 1] : xs[xr - 2];
  const k = transposeA ? xs[xr - 2] : xs[xr - 1];
  const kb = transposeB ? ys[yr - 1] : ys[yr - 2];
  const n = transposeB ? ys[yr - 2] : ys[yr - 1];
  if (k !== kb) throw innerMismatch(x, y, transposeA, transposeB, k, kb);
  const flags = (transposeA ? TRANSPOSE_A : 0) | (transposeB ? TRANSPOSE_B : 0);
  const kernel = MATMUL.for(x.dtype);
  const scratchKernel = MATMUL_SCRATCH.for(x.dtype);
  const elementBytes = bytesPerElement(x.dtype);

  if (xr === 2 && yr === 2) {
    const out = allocTensor([m, n], x.dtype, "matmul");
    run(kernel, scratchKernel, x.ptr, y.ptr, out.ptr, m, n, k, flags);
    return out;
  }

  const batch = broadcastBatch(x, y);
  const out = allocTensor([...batch, m, n], x.dtype, "matmul");
  if (out.size === 0) return out;
  let aBatch = 1;
  for (let d = 0; d < xr - 2; d++) aBatch *= xs[d];
  let bBatch = 1;
  for (let d = 0; d < yr - 2; d++) bBatch *= ys[d];
  if (bBatch === 1 && !transposeA) {
    // Stacked matrices of a times one b: a single (aBatch * m) x k product.
    run(kernel, scratchKernel, x.ptr, y.ptr, out.ptr, aBatch * m, n, k, flags);
    return out;
  }
  const offsets = batchOffsets(batch, xs, ys);
  const aBytes = m * k * elementBytes;
  const bBytes = k * n * elementBytes;
  const cBytes = m * n * elementBytes;
  const scratchBytes = scratchKernel(m, n, k);
  const scratch = scratchBytes > 0 ? alloc(scratchBytes) : 0;
  for (let t = 0; t < offsets.length; t += 2) {
    const c = out.ptr + (t >> 1) * cBytes;
    kernel(x.ptr + offsets[t] * aBytes, y.ptr + offsets[t + 1] * bBytes, c, m, n, k, flags, scratch);
  }
  if (scratchBytes > 0) free(scratch);
  return out;
}

/** One product with its scratch space. */
function run(
  kernel: Kernel,
  scratchKernel: Kernel,
  a: number, b: number, c: number, m: number, n: number, k: number, flags: number,
): void {
  if (m === 0 || n === 0) return;
  const bytes = scratchKernel(m, n, k);
  if (bytes === 0) {
    kernel(a, b, c, m, n, k, flags, 0);
    return;
  }
  const scratch = alloc(bytes);
  kernel(a, b, c, m, n, k, flags, scratch);
  free(scratch);
}

function readOptions(options: MatmulOptions | undefined): { transposeA: boolean; transposeB: boolean } {
  if (options === undefined || options === null) return NO_TRANSPOSE;
  if (typeof options !== "object") {
    throw new TypeError(
      `matmul: the third argument must be an options object { transposeA?, transposeB? }, got ${typeof options} ` +
        `${String(options)}; write tf.matmul(a, b, { transposeA: true }) rather than tf.matMul(a, b, true)`,
    );
  }
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  if (typeof transposeA !== "boolean" || typeof transposeB !== "boolean") {
    throw new TypeError(
      `matmul: transposeA and transposeB must be booleans, got ${String(transposeA)} and ${String(transposeB)}`,
    );
  }
  return transposeA ? (transposeB ? BOTH : ONLY_A) : transposeB ? ONLY_B : NO_TRANSPOSE;
}

const NO_TRANSPOSE = { transposeA: false, transposeB: false };
const ONLY_A = { transposeA: true, transposeB: false };
const ONLY_B = { transposeA: false, transposeB: true };
const BOTH = { transposeA: true, transposeB: true };

function checkRank(t: Tensor, name: string, index: number): void {
  if (t.shape.length >= 2) return;
  throw new Error(
    `matmul: ${name} has shape ${formatShape(t.shape)} (rank ${t.shape.length}), but both inputs need rank >= 2 ` +
      `(In[${index}] ndims must be >= 2); make a vector a matrix with tf.expandDims(v, 0) for a row or ` +
      `tf.expandDims(v, -1) for a column (or tf.reshape), or use tf.mul and tf.reduceSum for a dot product`,
  );
}

function innerMismatch(x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean, k: number, kb: number): Error {
  return new Error(
    `matmul: inner dimensions do not match (Matrix size-incompatible): a ${formatShape(x.shape)} with ` +
      `transposeA=${transposeA} has ${k} columns, but b ${formatShape(y.shape)} with transposeB=${transposeB} ` +
      `has ${kb} rows; the last dimension of op(a) must equal the second-to-last of op(b) ` +
      `(check the shapes, or the transposeA/transposeB options)`,
  );
}

/** The broadcast batch shape (all dimensions but the last two) of a and b. */
function broadcastBatch(x: Tensor, y: Tensor): number[] {
  const xb = x.shape.length - 2;
  const yb = y.shape.length - 2;
  const rank = Math.max(xb, yb);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - xb ? 1 : x.shape[i - (rank - xb)];
    const db = i < rank - yb ? 1 : y.shape[i - (rank - yb)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `matmul: batch dimensions of a ${formatShape(x.shape)} and b ${formatShape(y.shape)} cannot be broadcast ` +
          `together (${formatShape(x.shape.slice(0, xb))} vs ${formatShape(y.shape.slice(0, yb))}: ${da} vs ${db}); ` +
          `In[0] and In[1] must have compatible batch dimensions: each must be equal or 1`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}
