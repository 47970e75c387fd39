import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { refSegmentSum } from "../reference/segment.js";
import { expectClose, toleranceFor } from "../util/close.js";
import { randomValues } from "../util/reference.js";

describe("unsortedSegmentSum", () => {
  const cases: { name: string; dataShape: number[]; ids: number[]; idsShape: number[]; n: number }[] = [
    { name: "rows into segments, repeated ids", dataShape: [5, 3], ids: [2, 0, 2, 1, 2], idsShape: [5], n: 4 },
    { name: "a negative id drops its row", dataShape: [4, 2], ids: [1, -1, 0, 1], idsShape: [4], n: 2 },
    { name: "2-D ids over a rank-3 tensor", dataShape: [2, 3, 5], ids: [0, 1, 0, 2, 2, 2], idsShape: [2, 3], n: 3 },
    { name: "ids of the full shape", dataShape: [6], ids: [0, 0, 1, 1, 1, 3], idsShape: [6], n: 4 },
    { name: "no rows", dataShape: [0, 3], ids: [], idsShape: [0], n: 2 },
    { name: "no segments", dataShape: [2, 3], ids: [-1, -1], idsShape: [2], n: 0 },
    { name: "long rows (SIMD and tail)", dataShape: [3, 37], ids: [1, 0, 1], idsShape: [3], n: 2 },
  ];
  for (const dtype of ["float32", "float64", "int32"] as const) {
    for (const c of cases) {
      it(`${c.name} (${dtype})`, () => {
        const size = c.dataShape.reduce((p, d) => p * d, 1);
        const values = randomValues(size, 5, -4, 4).map((v) => (dtype === "int32" ? Math.round(v) : v));
        const data = tf.tensor(values, c.dataShape, dtype);
        const out = tf.unsortedSegmentSum(data, tf.tensor(c.ids, c.idsShape, "int32"), c.n);
        expect(out.shape).toEqual([c.n, ...c.dataShape.slice(c.idsShape.length)]);
        expect(out.dtype).toBe(dtype);
        const rounded = dtype === "float32" ? values.map(Math.fround) : values;
        expectClose(out.data(), refSegmentSum(rounded, c.dataShape, c.ids, c.idsShape.length, c.n), toleranceFor(dtype));
      });
    }
  }

  it("errors: an id past numSegments, ids not a prefix of data's shape, bool data", () => {
    const data = tf.ones([3, 2]);
    expect(() => tf.unsortedSegmentSum(data, [0, 3, 1], 3)).toThrow(/unsortedSegmentSum: segmentIds\[1\] = 3 is not in \[0, 3\)/);
    expect(() => tf.unsortedSegmentSum(data, [0, 1], 3)).toThrow(/segmentIds shape \[2\] must be a prefix of data shape \[3,2\]/);
    expect(() => tf.unsortedSegmentSum(tf.ones([2], "bool"), [0, 1], 2)).toThrow(/unsortedSegmentSum: dtype bool/);
    expect(tf.unsortedSegmentSum(data, [0, 0, 1], 2).array()).toEqual([[2, 2], [1, 1]]);
  });
});
