// Packing for the blocked matmul: copies a block of A (or B) into slivers of W lanes so that the
// micro-kernel reads both operands as contiguous streams. The source is any row-major matrix seen
// through two element strides, which is how transposes are absorbed:
//
//   element (lane r, step p) = src[r * ls + p * ps]        r < rows, p < kc
//
//   packed sliver s (lanes sW .. sW+W-1), kc steps, step-major:
//   dst + s*kc*W:  | l0 l1 .. lW-1 | l0 l1 .. lW-1 | ...   (one group of W per step p)
//
// Lanes past `rows` in the last sliver are zero, so a partial tile computes zeros there and the
// micro-kernel never needs a bounds check. W * sizeof<T>() is 16 or 32 bytes (one or two v128).

/** Packs `rows` lanes by `kc` steps into ceil(rows / W) slivers at `dst`. */
export function packSlivers<T>(src: usize, ls: i32, ps: i32, rows: i32, kc: i32, W: i32, dst: usize): void {
  if (ls == 1) packContiguousLanes<T>(src, ps, rows, kc, W, dst);
  else packContiguousSteps<T>(src, ls, rows, kc, W, dst);
}

/** Steps per pass of packContiguousLanes: a few rows of the source, a few cache lines per sliver. */
const STEP_BLOCK: i32 = 16;

/**
 * Lanes are adjacent in memory (ls = 1): every step is a plain copy of W elements per sliver.
 * Copying one step into every sliver would write at a stride of kc * W elements, a multiple of
 * 4 KB that maps all slivers to one L1 set; blocks of STEP_BLOCK steps keep writes sequential.
 */
function packContiguousLanes<T>(src: usize, ps: i32, rows: i32, kc: i32, W: i32, dst: usize): void {
  const E = <usize>sizeof<T>();
  const rowBytes = <usize>W * E; // 16 or 32
  const sliverBytes = <usize>kc * rowBytes;
  const srcStep = <usize>ps * E;
  const fullLanes = rows - rows % W;
  for (let p0 = 0; p0 < kc; p0 += STEP_BLOCK) {
    const steps = min(STEP_BLOCK, kc - p0);
    const s0 = src + <usize>p0 * srcStep;
    let d0 = dst + <usize>p0 * rowBytes;
    let r = 0;
    for (; r < fullLanes; r += W) {
      let s = s0 + <usize>r * E;
      let d = d0;
      const end = d + <usize>steps * rowBytes;
      if (rowBytes == 32) {
        for (; d < end; d += 32) {
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
          s += srcStep;
        }
      } else {
        for (; d < end; d += 16) {
          v128.store(d, v128.load(s));
          s += srcStep;
        }
      }
      d0 += sliverBytes;
    }
    if (r < rows) {
      for (let p = 0; p < steps; p++) {
        const s = s0 + <usize>p * srcStep;
        const d = d0 + <usize>p * rowBytes;
        let l = 0;
        for (; r + l < rows; l++) store<T>(d + <usize>l * E, load<T>(s + <usize>(r + l) * E));
        for (; l < W; l++) store<T>(d + <usize>l * E, <T>0);
      }
    }
  }
}

/**
 * Steps are adjacent in memory (ps = 1): each lane is a contiguous run. Groups of G lanes
 * (one v128 of them) are transposed G x G at a time with shuffles.
 */
function packContiguousSteps<T>(src: usize, ls: i32, rows: i32, kc: i32, W: i32, dst: usize): void {
  const E = <usize>sizeof<T>();
  const G = 16 / sizeof<T>();
  const rowBytes = <usize>W * E;
  const laneBytes = <usize>ls * E;
  for (let r0 = 0; r0 < rows; r0 += W) {
    for (let g = 0; g < W; g += G) {
      const lane = r0 + g;
      const s = src + <usize>lane * laneBytes;
      const d = dst + <usize>g * E;
      if (lane + G <= rows) {
        if (G == 4) transpose4Lanes(s, laneBytes, kc, rowBytes, d);
        else transpose2Lanes(s, laneBytes, kc, rowBytes, d);
      } else {
        for (let p = 0; p < kc; p++) {
          const to = d + <usize>p * rowBytes;
          for (let l = 0; l < G; l++) {
            const value = lane + l < rows ? load<T>(s + <usize>l * laneBytes + <usize>p * E) : <T>0;
            store<T>(to + <usize>l * E, value);
          }
        }
      }
    }
    dst += <usize>kc * rowBytes;
  }
}

/** Four 4-byte lanes at stride `laneBytes`: writes step p's four values at d + p * rowBytes. */
function transpose4Lanes(s: usize, laneBytes: usize, kc: i32, rowBytes: usize, d: usize): void {
  const s1 = s + laneBytes;
  const s2 = s1 + laneBytes;
  const s3 = s2 + laneBytes;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const o = <usize>p << 2;
    const r0 = v128.load(s + o);
    const r1 = v128.load(s1 + o);
    const r2 = v128.load(s2 + o);
    const r3 = v128.load(s3 + o);
    const lo01 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
    const hi01 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    const lo23 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
    const hi23 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    const to = d + <usize>p * rowBytes;
    v128.store(to, i64x2.shuffle(lo01, lo23, 0, 2));
    v128.store(to + rowBytes, i64x2.shuffle(lo01, lo23, 1, 3));
    v128.store(to + 2 * rowBytes, i64x2.shuffle(hi01, hi23, 0, 2));
    v128.store(to + 3 * rowBytes, i64x2.shuffle(hi01, hi23, 1, 3));
  }
  for (; p < kc; p++) {
    const o = <usize>p << 2;
    const to = d + <usize>p * rowBytes;
    store<i32>(to, load<i32>(s + o));
    store<i32>(to, load<i32>(s1 + o), 4);
    store<i32>(to, load<i32>(s2 + o), 8);
    store<i32>(to, load<i32>(s3 + o), 12);
  }
}

/** Two 8-byte lanes at stride `laneBytes`: writes step p's two values at d + p * rowBytes. */
function transpose2Lanes(s: usize, laneBytes: usize, kc: i32, rowBytes: usize, d: usize): void {
  const s1 = s + laneBytes;
  let p = 0;
  for (; p + 2 <= kc; p += 2) {
    const o = <usize>p << 3;
    const r0 = v128.load(s + o);
    const r1 = v128.load(s1 + o);
    const to = d + <usize>p * rowBytes;
    v128.store(to, i64x2.shuffle(r0, r1, 0, 2));
    v128.store(to + rowBytes, i64x2.shuffle(r0, r1, 1, 3));
  }
  if (p < kc) {
    const o = <usize>p << 3;
    const to = d + <usize>p * rowBytes;
    store<i64>(to, load<i64>(s + o));
    store<i64>(to, load<i64>(s1 + o), 8);
  }
}
