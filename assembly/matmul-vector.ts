// Matrix-vector products (m = 1 or n = 1), which the blocked path would pad to a full tile:
//
//   out[j] = sum over p < k of x[p * xStep] * y[j * yCol + p * yStep],   j < len
//
// Two loop orders cover every case: when y's j is contiguous (yCol = 1), a strip of outputs stays
// in registers while rows of y stream past; when both operands are contiguous along p, each output
// is a dot product.

/** Vectors of outputs per strip in rowTimesMatrix. */
const STRIP: i32 = 8;

export function vectorProduct<T>(
  x: usize, xStep: i32, y: usize, yCol: i32, yStep: i32, out: usize, len: i32, k: i32,
): void {
  if (yCol == 1) rowTimesMatrix<T>(x, xStep, y, yStep, out, len, k);
  else if (xStep == 1 && yStep == 1) dotRows<T>(x, y, yCol, out, len, k);
  else stridedDots<T>(x, xStep, y, yCol, yStep, out, len, k);
}

/** out[j] = sum_p x[p * xStep] * y[p * ldy + j]: strips of STRIP vectors accumulate in registers. */
function rowTimesMatrix<T>(x: usize, xStep: i32, y: usize, ldy: i32, out: usize, len: i32, k: i32): void {
  const E = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const xStepBytes = <usize>xStep * E;
  const rowBytes = <usize>ldy * E;
  let j = 0;
  for (; j + STRIP * L <= len; j += STRIP * L) {
    let c0 = v128.splat<T>(<T>0);
    let c1 = c0;
    let c2 = c0;
    let c3 = c0;
    let c4 = c0;
    let c5 = c0;
    let c6 = c0;
    let c7 = c0;
    let px = x;
    let py = y + <usize>j * E;
    for (let p = 0; p < k; p++) {
      const s = v128.load_splat<T>(px);
      c0 = v128.add<T>(c0, v128.mul<T>(s, v128.load(py)));
      c1 = v128.add<T>(c1, v128.mul<T>(s, v128.load(py, 16)));
      c2 = v128.add<T>(c2, v128.mul<T>(s, v128.load(py, 32)));
      c3 = v128.add<T>(c3, v128.mul<T>(s, v128.load(py, 48)));
      c4 = v128.add<T>(c4, v128.mul<T>(s, v128.load(py, 64)));
      c5 = v128.add<T>(c5, v128.mul<T>(s, v128.load(py, 80)));
      c6 = v128.add<T>(c6, v128.mul<T>(s, v128.load(py, 96)));
      c7 = v128.add<T>(c7, v128.mul<T>(s, v128.load(py, 112)));
      px += xStepBytes;
      py += rowBytes;
    }
    const o = out + <usize>j * E;
    v128.store(o, c0);
    v128.store(o, c1, 16);
    v128.store(o, c2, 32);
    v128.store(o, c3, 48);
    v128.store(o, c4, 64);
    v128.store(o, c5, 80);
    v128.store(o, c6, 96);
    v128.store(o, c7, 112);
  }
  for (; j + L <= len; j += L) {
    let c0 = v128.splat<T>(<T>0);
    let px = x;
    let py = y + <usize>j * E;
    for (let p = 0; p < k; p++) {
      c0 = v128.add<T>(c0, v128.mul<T>(v128.load_splat<T>(px), v128.load(py)));
      px += xStepBytes;
      py += rowBytes;
    }
    v128.store(out + <usize>j * E, c0);
  }
  if (j < len) stridedDots<T>(x, xStep, y + <usize>j * E, 1, ldy, out + <usize>j * E, len - j, k);
}

/** out[j] = sum_p x[p] * y[j * ldy + p], four vector accumulators per dot product. */
function dotRows<T>(x: usize, y: usize, ldy: i32, out: usize, len: i32, k: i32): void {
  const E = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const vecEnd = k - k % (4 * L);
  for (let j = 0; j < len; j++) {
    const row = y + <usize>j * <usize>ldy * E;
    let s0 = v128.splat<T>(<T>0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    let p = 0;
    for (; p < vecEnd; p += 4 * L) {
      const px = x + <usize>p * E;
      const py = row + <usize>p * E;
      s0 = v128.add<T>(s0, v128.mul<T>(v128.load(px), v128.load(py)));
      s1 = v128.add<T>(s1, v128.mul<T>(v128.load(px, 16), v128.load(py, 16)));
      s2 = v128.add<T>(s2, v128.mul<T>(v128.load(px, 32), v128.load(py, 32)));
      s3 = v128.add<T>(s3, v128.mul<T>(v128.load(px, 48), v128.load(py, 48)));
    }
    let sum = horizontalSum<T>(v128.add<T>(v128.add<T>(s0, s1), v128.add<T>(s2, s3)));
    for (; p < k; p++) sum += load<T>(x + <usize>p * E) * load<T>(row + <usize>p * E);
    store<T>(out + <usize>j * E, sum);
  }
}

/** Any strides, one scalar dot product per output (tail columns of rowTimesMatrix). */
function stridedDots<T>(x: usize, xStep: i32, y: usize, yCol: i32, yStep: i32, out: usize, len: i32, k: i32): void {
  const E = <usize>sizeof<T>();
  for (let j = 0; j < len; j++) {
    let px = x;
    let py = y + <usize>j * <usize>yCol * E;
    let sum = <T>0;
    for (let p = 0; p < k; p++) {
      sum += load<T>(px) * load<T>(py);
      px += <usize>xStep * E;
      py += <usize>yStep * E;
    }
    store<T>(out + <usize>j * E, sum);
  }
}

// @ts-ignore: decorator
@inline
function horizontalSum<T>(v: v128): T {
  if (sizeof<T>() == 8) return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1);
  return v128.extract_lane<T>(v, 0) + v128.extract_lane<T>(v, 1) + v128.extract_lane<T>(v, 2) + v128.extract_lane<T>(v, 3);
}
