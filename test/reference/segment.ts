// float64 reference of unsortedSegmentSum: rows of data (flattened after the ids' rank) summed by id.
export function refSegmentSum(data: number[], dataShape: number[], ids: number[], idsRank: number, n: number): number[] {
  const inner = dataShape.slice(idsRank).reduce((p, d) => p * d, 1);
  const out = new Array<number>(n * inner).fill(0);
  ids.forEach((id, row) => {
    if (id < 0) return;
    for (let j = 0; j < inner; j++) out[id * inner + j] += data[row * inner + j];
  });
  return out;
}
