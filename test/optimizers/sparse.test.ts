// Sparse gradients (tf.IndexedSlices, the gradient of a variable read through gather): SGD without
// momentum and Adagrad update only the listed rows (repeated indices summed); the others apply the
// dense gradient. Either way the result equals the dense step's.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { randomValues } from "../util/reference.js";

type Dtype = "float32" | "float64";

/** The gradient of sum(gather(table, ids) * weights) with respect to table: IndexedSlices. */
function slicesFor(table: tf.Variable, ids: number[], seed: number): tf.IndexedSlices {
  const weights = tf.tensor(randomValues(ids.length * table.shape[1], seed), [ids.length, table.shape[1]], table.dtype);
  const tape = new tf.GradientTape();
  const loss = tape.record(() => tf.reduceSum(tf.mul(tf.gather(table, ids), weights)));
  const g = tape.gradient(loss, table);
  expect(g).toBeInstanceOf(tf.IndexedSlices);
  return g as tf.IndexedSlices;
}

const OPTIMIZERS: [string, () => tf.optimizers.Optimizer][] = [
  ["SGD", () => new tf.optimizers.SGD({ learningRate: 0.1 })],
  ["SGD with weight decay", () => new tf.optimizers.SGD({ learningRate: 0.1, weightDecay: 0.05 })],
  ["Adagrad", () => new tf.optimizers.Adagrad({ learningRate: 0.1 })],
  ["Adagrad with weight decay", () => new tf.optimizers.Adagrad({ learningRate: 0.1, weightDecay: 0.05 })],
  ["SGD momentum (dense)", () => new tf.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 })],
  ["Adam (dense)", () => new tf.optimizers.Adam({ learningRate: 0.1 })],
  ["AdamW (dense)", () => new tf.optimizers.AdamW({ learningRate: 0.1 })],
  ["RMSprop (dense)", () => new tf.optimizers.RMSprop({ learningRate: 0.1, momentum: 0.5, centered: true })],
];

const ID_LISTS = [
  [1, 3, 1], // a repeated row: summed
  [5, 0, 2, 2, 2, 6],
  [4],
];

describe.each(OPTIMIZERS)("%s with IndexedSlices gradients", (_name, make) => {
  it.each(["float32", "float64"] as const)("%s: equals the same steps with the dense gradient, bit for bit", (dtype: Dtype) => {
    const initial = tf.tensor(randomValues(7 * 5, 3, -1, 1), [7, 5], dtype);
    const sparseTable = new tf.Variable(initial);
    const denseTable = new tf.Variable(initial);
    const sparseOpt = make();
    const denseOpt = make();
    ID_LISTS.forEach((ids, step) => {
      const slices = slicesFor(sparseTable, ids, 100 + step);
      const dense = slices.clone(); // a plain tensor of the summed rows
      expect(dense).not.toBeInstanceOf(tf.IndexedSlices);
      sparseOpt.applyGradients([[slices, sparseTable]]);
      denseOpt.applyGradients([[dense, denseTable]]);
      expect(sparseTable.array(), `step ${step}`).toEqual(denseTable.array());
    });
  });
});

describe("the row-wise path is taken where it equals the dense step", () => {
  it("SGD: only the listed rows are touched (a NaN learning rate shows it)", () => {
    const table = new tf.Variable(tf.ones([4, 3]));
    const opt = new tf.optimizers.SGD({ learningRate: NaN });
    opt.applyGradients([[slicesFor(table, [2, 0, 2], 1), table]]);
    const rows = table.array() as number[][];
    expect(rows[1]).toEqual([1, 1, 1]);
    expect(rows[3]).toEqual([1, 1, 1]);
    expect(rows[0].every(Number.isNaN) && rows[2].every(Number.isNaN)).toBe(true);
    // The dense step would have turned every row into NaN (w - 0 * NaN).
    const dense = new tf.Variable(tf.ones([4, 3]));
    new tf.optimizers.SGD({ learningRate: NaN }).applyGradients([[tf.zeros([4, 3]), dense]]);
    expect((dense.array() as number[][]).flat().every(Number.isNaN)).toBe(true);
  });

  it("Adagrad: the accumulators of rows not listed are untouched", () => {
    const table = new tf.Variable(tf.ones([4, 2]));
    const opt = new tf.optimizers.Adagrad({ learningRate: 1, initialAccumulatorValue: -1 }); // sqrt(-1) is NaN on touched rows
    opt.applyGradients([[slicesFor(table, [3], 2), table]]);
    const rows = table.array() as number[][];
    expect([rows[0], rows[1], rows[2]]).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(rows[3].every(Number.isNaN)).toBe(true);
  });

  it("momentum SGD applies the dense gradient: rows not listed keep moving with their velocity", () => {
    const table = new tf.Variable(tf.zeros([3, 2]));
    const opt = new tf.optimizers.SGD({ learningRate: 1, momentum: 0.5 });
    opt.applyGradients([[slicesFor(table, [0, 1, 2], 4), table]]);
    const before = table.array() as number[][];
    opt.applyGradients([[slicesFor(table, [0], 5), table]]);
    const after = table.array() as number[][];
    expect(after[1]).not.toEqual(before[1]);
    expect(after[2]).not.toEqual(before[2]);
  });

  it("weight decay still reaches every row, as in the dense step", () => {
    const table = new tf.Variable(tf.ones([3, 2]));
    const opt = new tf.optimizers.SGD({ learningRate: 1, weightDecay: 0.5 });
    opt.applyGradients([[new tf.IndexedSlices(tf.ones([1, 2]), [1], [3, 2]), table]]);
    expect(table.array()).toEqual([
      [0.5, 0.5],
      [-0.5, -0.5],
      [0.5, 0.5],
    ]);
  });

  it("a built IndexedSlices (not from a tape), with repeated and unsorted indices, and an empty one", () => {
    const table = new tf.Variable(tf.zeros([5, 2]));
    const opt = new tf.optimizers.SGD({ learningRate: 1 });
    opt.applyGradients([[new tf.IndexedSlices([[1, 2], [3, 4], [5, 6]], [4, 0, 4], [5, 2]), table]]);
    expect(table.array()).toEqual([
      [-3, -4],
      [0, 0],
      [0, 0],
      [0, 0],
      [-6, -8],
    ]);
    opt.applyGradients([[new tf.IndexedSlices(tf.zeros([0, 2]), tf.zeros([0], "int32"), [5, 2]), table]]);
    expect((table.array() as number[][])[0]).toEqual([-3, -4]);
    expect(opt.iterations.item()).toBe(2);
  });
});
