// Summing rows into segments: out[ids[i], :] += data[i, :]. The gradient of gather, and TensorFlow's
// unsorted_segment_sum. The host zero-fills `out` and checks every id < numSegments; rows whose id is
// negative are dropped, as TensorFlow does.

// @ts-ignore: decorator
@inline function segmentSum<T>(data: usize, ids: usize, out: usize, rows: i32, inner: i32): void {
  const rowBytes = <usize>inner * sizeof<T>();
  const vectorBytes = rowBytes & ~15;
  for (let i = 0; i < rows; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    if (id < 0) continue;
    const src = data + <usize>i * rowBytes;
    const dst = out + <usize>id * rowBytes;
    let j: usize = 0;
    for (; j < vectorBytes; j += 16) v128.store(dst + j, v128.add<T>(v128.load(dst + j), v128.load(src + j)));
    for (; j < rowBytes; j += sizeof<T>()) store<T>(dst + j, load<T>(dst + j) + load<T>(src + j));
  }
}

export function segment_sum_f32(data: usize, ids: usize, out: usize, rows: i32, inner: i32): void {
  segmentSum<f32>(data, ids, out, rows, inner);
}

export function segment_sum_f64(data: usize, ids: usize, out: usize, rows: i32, inner: i32): void {
  segmentSum<f64>(data, ids, out, rows, inner);
}

export function segment_sum_i32(data: usize, ids: usize, out: usize, rows: i32, inner: i32): void {
  segmentSum<i32>(data, ids, out, rows, inner);
}
