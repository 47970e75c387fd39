// Gradients of matmul: every transpose combination, batched, and with broadcast batch dimensions
// (whose gradients the backprop walk sums back down). matmul is bilinear, so its second order
// (the cross terms between a and b) is checked too.
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import { matmulRef } from "../reference/matmul.js";
import { checkGradients, type GradCase } from "../util/gradcheck.js";
import { ref } from "../util/reference.js";

type Row = [string, GradCase];

/** Shapes of a and b for an [..., m, k] x [..., k, n] product, each stored transposed if asked. */
function operands(batchA: number[], batchB: number[], m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): number[][] {
  return [
    [...batchA, ...(transposeA ? [k, m] : [m, k])],
    [...batchB, ...(transposeB ? [n, k] : [k, n])],
  ];
}

function matmulRow(label: string, batchA: number[], batchB: number[], transposeA: boolean, transposeB: boolean): Row {
  const flags = `${transposeA ? " transposeA" : ""}${transposeB ? " transposeB" : ""}`;
  return [
    `${label}${flags}`,
    {
      run: (a, b) => tf.matmul(a, b, { transposeA, transposeB }),
      ref: ([a, b], [sa, sb]) => matmulRef(ref(sa, a), ref(sb, b), transposeA, transposeB).values,
      shapes: operands(batchA, batchB, 3, 4, 2, transposeA, transposeB),
    },
  ];
}

const COMBOS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const BATCHES: [string, number[], number[]][] = [
  ["[3,4] x [4,2]", [], []],
  ["batched [2]", [2], [2]],
  ["batch [2] x none", [2], []],
  ["none x batch [2]", [], [2]],
  ["batch [1] x [2]", [1], [2]],
  ["batch [2,1] x [3]", [2, 1], [3]],
];

const rows: Row[] = [
  ...BATCHES.flatMap(([label, batchA, batchB]) => COMBOS.map(([ta, tb]) => matmulRow(label, batchA, batchB, ta, tb))),
  [
    "a a^T (one tensor as both operands)",
    {
      run: (a) => tf.matmul(a, a, { transposeB: true }),
      ref: ([a], [s]) => matmulRef(ref(s, a), ref(s, a), false, true).values,
      shapes: [[3, 4]],
    },
  ],
  [
    "[1,1] x [1,1]",
    {
      run: (a, b) => tf.matmul(a, b),
      ref: ([a, b]) => [a[0] * b[0]],
      shapes: [[1, 1], [1, 1]],
    },
  ],
  [
    "tanh of a product (second order through the rule's products)",
    {
      run: (a, b) => tf.tanh(tf.matmul(a, b, { transposeA: true })),
      ref: ([a, b], [sa, sb]) => matmulRef(ref(sa, a), ref(sb, b), true, false).values.map(Math.tanh),
      shapes: [[2, 4, 3], [4, 2]],
      domain: [-1, 1],
    },
  ],
];

describe("matmul gradients (float64, first and second order)", () => {
  it.each(rows)("%s", (_, c) => checkGradients(c));
});

describe("matmul gradients (float32, first order)", () => {
  it.each([matmulRow("[3,4] x [4,2]", [], [], false, false), matmulRow("batch [2] x none", [2], [], true, true), matmulRow("batch [1] x [2]", [1], [2], false, true)])(
    "%s",
    (_, c) => checkGradients({ ...c, dtype: "float32" }),
  );
});
