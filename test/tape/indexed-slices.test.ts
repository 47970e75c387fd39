// A source read only through gather gets its gradient as tf.IndexedSlices, as in TensorFlow.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const table = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
  [10, 11, 12],
  [13, 14, 15],
];

/** d/dtable of sum(gather(table, ids)^2): each picked row gets 2 * row, once per time it is picked. */
function expectedSquareGrad(ids: number[]): number[][] {
  return table.map((row, r) => row.map((v) => 2 * v * ids.filter((i) => i === r).length));
}

describe("IndexedSlices", () => {
  it("a variable read through gather: values and indices of the rows read, and the dense sum", () => {
    const emb = new tf.Variable(table);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(tf.square(tf.gather(emb, [1, 3, 1]))));
    const g = tape.gradient(loss, emb)!;
    expect(g).toBeInstanceOf(tf.IndexedSlices);
    const slices = g as tf.IndexedSlices;
    expect(slices.indices.array()).toEqual([1, 3, 1]);
    expect(slices.values.array()).toEqual([[8, 10, 12], [20, 22, 24], [8, 10, 12]]);
    expect(slices.denseShape).toEqual([5, 3]);
    expect(g.array()).toEqual(expectedSquareGrad([1, 3, 1]));
    expect(tf.convertToTensor(g).shape).toEqual([5, 3]);
    expect(tf.add(g, 1).shape).toEqual([5, 3]);
  });

  it("two gathers of the same source concatenate their rows", () => {
    const x = tf.constant(table);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      tape.watch(x);
      return tf.add(tf.reduceSum(tf.square(tf.gather(x, [0, 4]))), tf.reduceSum(tf.square(tf.gather(x, [4]))));
    });
    const g = tape.gradient(loss, x) as tf.IndexedSlices;
    expect(g).toBeInstanceOf(tf.IndexedSlices);
    expect(g.indices.array()).toEqual([4, 0, 4]);
    expect(g.array()).toEqual(expectedSquareGrad([0, 4, 4]));
  });

  it("a source also used densely, or gathered along another axis, gets a plain tensor", () => {
    const x = tf.constant(table);
    const tape = new tf.GradientTape({ persistent: true });
    const [mixed, columns] = tape.record(() => {
      tape.watch(x);
      const a = tf.add(tf.reduceSum(tf.square(tf.gather(x, [2]))), tf.reduceSum(x));
      const b = tf.reduceSum(tf.square(tf.gather(x, [0, 0], 1)));
      return [a, b];
    });
    const gm = tape.gradient(mixed, x)!;
    expect(gm).not.toBeInstanceOf(tf.IndexedSlices);
    expect(gm.array()).toEqual(table.map((row, r) => row.map((v) => (r === 2 ? 2 * v : 0) + 1)));
    const gc = tape.gradient(columns, x)!;
    expect(gc).not.toBeInstanceOf(tf.IndexedSlices);
    expect(gc.array()).toEqual(table.map((row) => [4 * row[0], 0, 0]));
  });

  it("second derivatives flow through it (nested tapes)", () => {
    const x = tf.constant(table, "float64");
    const outer = new tf.GradientTape();
    const s = outer.record(() => {
      outer.watch(x);
      const inner = new tf.GradientTape();
      const y = inner.record(() => {
        inner.watch(x);
        return tf.reduceSum(tf.pow(tf.gather(x, [1, 1, 4]), 3));
      });
      return tf.reduceSum(inner.gradient(y, x)!);
    });
    // s = sum over picks of 3 x^2 per element; ds/dx = 6 x per pick.
    const picks = [0, 2, 0, 0, 1];
    expect(outer.gradient(s, x)!.array()).toEqual(table.map((row, r) => row.map((v) => 6 * v * picks[r])));
  });

  it("can be built directly, with clear errors", () => {
    const slices = new tf.IndexedSlices(tf.constant([[1, 2], [3, 4]]), tf.tensor([2, 0], [2], "int32"), [3, 2]);
    expect(slices.array()).toEqual([[3, 4], [0, 0], [1, 2]]);
    expect(() => new tf.IndexedSlices(tf.constant([[1, 2]]), [5], [3, 2])).toThrow(/IndexedSlices: indices\[0\] = 5 is not in \[0, 3\)/);
    expect(() => new tf.IndexedSlices(tf.constant([[1, 2, 3]]), [0], [3, 2])).toThrow(/values \[1,3\] must hold one row of a \[3,2\] tensor/);
  });
});
