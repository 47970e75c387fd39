// Representative workloads on the bounds-checking debug build (build/gradtape.guarded.wasm): every
// kernel memory access must stay inside the blocks the kernel was given (test/util/guarded-engine.ts).
// Each row also checks its values against an independent reference in test/reference.
// Inputs: randomValues with seed 7 + row index; one iteration per row.
import { beforeAll, describe, expect, it } from "vitest";
import binaryen from "binaryen";
import { readFileSync } from "node:fs";
import * as tf from "../../src/index.js";
import { K } from "../../src/engine/wasm.js";
import { alloc, free } from "../../src/engine/heap.js";
import { matmulRef } from "../reference/matmul.js";
import { refConcat, refGather, refPad, refSlice, refTile, refTranspose } from "../reference/movement.js";
import { argRef, reduceRef, softmaxRef } from "../reference/reduce.js";
import { guard, installGuardedEngine } from "../util/guarded-engine.js";
import { randomValues, type RefArray, sizeOf } from "../util/reference.js";

beforeAll(() => installGuardedEngine());

function input(shape: number[], seed: number, dtype: tf.DType = "float32"): { t: tf.Tensor; r: RefArray } {
  const raw = randomValues(sizeOf(shape), seed);
  const values = dtype === "int32" ? raw.map((v) => Math.round(v * 10)) : dtype === "float32" ? raw.map(Math.fround) : raw;
  return { t: tf.tensor(values, shape, dtype), r: { shape, values } };
}

function expectValues(t: tf.Tensor, shape: number[], values: ArrayLike<number>, tol = 1e-5): void {
  expect(t.shape).toEqual(shape);
  const got = Array.from(t.data() as ArrayLike<number>);
  expect(got.length).toBe(values.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - values[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(values[i])));
}

interface Row {
  name: string;
  run: (seed: number) => void;
}

const elementwise: Row[] = [
  ...["float32", "float64", "int32"].map((dtype) => ({
    name: `neg ${dtype} [17]`,
    run: (s: number) => {
      const a = input([17], s, dtype as tf.DType);
      expectValues(tf.neg(a.t), [17], a.r.values.map((v) => -v));
    },
  })),
  {
    name: "exp float32 [5, 3]",
    run: (s) => {
      const a = input([5, 3], s);
      expectValues(tf.exp(a.t), [5, 3], a.r.values.map(Math.exp));
    },
  },
  ...(
    [
      [[17], [17]],
      [[], [5]],
      [[3, 1], [1, 5]],
      [[2, 1, 3], [4, 1]],
      [[1], [2, 1, 9]],
    ] as [number[], number[]][]
  ).map(([sa, sb]) => ({
    name: `add broadcast [${sa}] + [${sb}]`,
    run: (s: number) => {
      const a = input(sa, s);
      const b = input(sb, s + 100);
      const rank = Math.max(sa.length, sb.length);
      const pa = [...Array(rank - sa.length).fill(1), ...sa];
      const pb = [...Array(rank - sb.length).fill(1), ...sb];
      const shape = pa.map((d, i) => Math.max(d, pb[i]));
      const out = new Array<number>(sizeOf(shape));
      for (let i = 0; i < out.length; i++) {
        let rest = i;
        let ia = 0;
        let ib = 0;
        for (let d = 0; d < rank; d++) {
          const stride = sizeOf(shape.slice(d + 1));
          const x = Math.floor(rest / stride);
          rest -= x * stride;
          ia = ia * pa[d] + (pa[d] === 1 ? 0 : x);
          ib = ib * pb[d] + (pb[d] === 1 ? 0 : x);
        }
        out[i] = a.r.values[ia] + b.r.values[ib];
      }
      expectValues(tf.add(a.t, b.t), shape, out);
    },
  })),
];

const reductions: Row[] = [[3, 5, 17], [17], [4, 1, 6]].flatMap((shape) =>
  [...shape.keys(), undefined].flatMap((axis) =>
    (["sum", "max"] as const).map((kind) => ({
      name: `reduce ${kind} [${shape}] axis ${axis ?? "all"}`,
      run: (s: number) => {
        const a = input(shape, s);
        const axes = axis === undefined ? [...shape.keys()] : [axis];
        const ref = reduceRef(kind, a.r.values, shape, axes, false, "float32");
        const got = kind === "sum" ? tf.reduceSum(a.t, axis) : tf.reduceMax(a.t, axis);
        expectValues(got, ref.shape, ref.values, 1e-4);
      },
    })),
  ),
);

const argReductions: Row[] = [0, 1, 2].map((axis) => ({
  name: `argMax [3, 5, 17] axis ${axis}`,
  run: (s: number) => {
    const a = input([3, 5, 17], s);
    const shape = [3, 5, 17].filter((_, d) => d !== axis);
    expectValues(tf.argMax(a.t, axis), shape, argRef(true, a.r.values, [3, 5, 17], axis), 0);
  },
}));

const means: Row[] = [0, 1].map((axis) => ({
  name: `reduceMean float64 [17, 5] axis ${axis}`,
  run: (s: number) => {
    const a = input([17, 5], s, "float64");
    const ref = reduceRef("mean", a.r.values, [17, 5], [axis], false, "float64");
    expectValues(tf.reduceMean(a.t, axis), ref.shape, ref.values, 1e-12);
  },
}));

const typedMatmuls: Row[] = (["float64", "int32"] as const).map((dtype) => ({
  name: `matmul ${dtype} [5, 17] x [17, 3]`,
  run: (s: number) => {
    const a = input([5, 17], s, dtype);
    const b = input([17, 3], s + 100, dtype);
    const ref = matmulRef(a.r, b.r, false, false, dtype === "int32");
    expectValues(tf.matmul(a.t, b.t), ref.shape, ref.values, 1e-12);
  },
}));

const matmuls: Row[] = (
  [
    [[1, 1], [1, 1], false, false],
    [[3, 5], [5, 17], false, false],
    [[5, 3], [5, 17], true, false],
    [[3, 5], [17, 5], false, true],
    [[17, 5], [3, 17], true, true],
    [[2, 3, 5], [5, 1], false, false],
    [[3, 17, 5], [1, 5, 3], false, false],
    [[1, 5, 3], [3, 5, 17], true, false],
    [[33, 17], [17, 35], false, false],
    [[17, 33], [35, 17], true, true],
  ] as [number[], number[], boolean, boolean][]
).map(([sa, sb, transposeA, transposeB]) => ({
  name: `matmul [${sa}]${transposeA ? "ᵀ" : ""} x [${sb}]${transposeB ? "ᵀ" : ""}`,
  run: (s: number) => {
    const a = input(sa, s);
    const b = input(sb, s + 100);
    const ref = matmulRef(a.r, b.r, transposeA, transposeB);
    expectValues(tf.matmul(a.t, b.t, { transposeA, transposeB }), ref.shape, ref.values, 1e-4);
  },
}));

const movement: Row[] = [
  {
    name: "transpose [3, 5, 17] perm 2,0,1",
    run: (s) => {
      const a = input([3, 5, 17], s);
      const ref = refTranspose(a.r, [2, 0, 1]);
      expectValues(tf.transpose(a.t, [2, 0, 1]), ref.shape, ref.values);
    },
  },
  {
    name: "transpose float64 [17, 3]",
    run: (s) => {
      const a = input([17, 3], s, "float64");
      const ref = refTranspose(a.r);
      expectValues(tf.transpose(a.t), ref.shape, ref.values);
    },
  },
  {
    name: "slice [5, 17] begin 1,3 size 3,13",
    run: (s) => {
      const a = input([5, 17], s);
      const ref = refSlice(a.r, [1, 3], [3, 13]);
      expectValues(tf.slice(a.t, [1, 3], [3, 13]), ref.shape, ref.values);
    },
  },
  ...[0, 1].map((axis) => ({
    name: `concat [3, 5] [3, 5] axis ${axis}`,
    run: (s: number) => {
      const a = input([3, 5], s);
      const b = input([3, 5], s + 100);
      const ref = refConcat([a.r, b.r], axis);
      expectValues(tf.concat([a.t, b.t], axis), ref.shape, ref.values);
    },
  })),
  ...[0, 1].map((axis) => ({
    name: `gather [5, 17] axis ${axis}`,
    run: (s: number) => {
      const a = input([5, 17], s);
      const idx = { shape: [4], values: [4, 0, 2, 4] };
      const ref = refGather(a.r, idx, axis);
      expectValues(tf.gather(a.t, tf.tensor(idx.values, [4], "int32"), axis), ref.shape, ref.values);
    },
  })),
  {
    name: "pad [3, 5] by [[1, 2], [0, 3]]",
    run: (s) => {
      const a = input([3, 5], s);
      const ref = refPad(a.r, [[1, 2], [0, 3]], 0);
      expectValues(tf.pad(a.t, [[1, 2], [0, 3]]), ref.shape, ref.values);
    },
  },
  {
    name: "tile [3, 5] by [2, 3]",
    run: (s) => {
      const a = input([3, 5], s);
      const ref = refTile(a.r, [2, 3]);
      expectValues(tf.tile(a.t, [2, 3]), ref.shape, ref.values);
    },
  },
];

const others: Row[] = [
  ...[0, 1].map((axis) => ({
    name: `softmax [5, 17] axis ${axis}`,
    run: (s: number) => {
      const a = input([5, 17], s);
      expectValues(tf.softmax(a.t, axis), [5, 17], softmaxRef(false, a.r.values, [5, 17], axis), 1e-5);
    },
  })),
  ...(
    [
      ["float32", "int32"],
      ["float32", "float64"],
      ["int32", "float32"],
      ["float32", "bool"],
    ] as [tf.DType, tf.DType][]
  ).map(([from, to]) => ({
    name: `cast ${from} -> ${to} [17]`,
    run: (s: number) => {
      const a = input([17], s, from);
      const want = a.r.values.map((v) => (to === "int32" ? Math.trunc(v) : to === "bool" ? Number(v !== 0) : v));
      expectValues(tf.cast(a.t, to), [17], want);
    },
  })),
  {
    name: "SGD step on [17]",
    run: (s) => {
      const w = input([17], s);
      const g = input([17], s + 100);
      const v = new tf.Variable(w.t);
      new tf.optimizers.SGD({ learningRate: 0.1 }).applyGradients([[g.t, v]]);
      expectValues(v.value(), [17], w.r.values.map((x, i) => x - 0.1 * g.r.values[i]));
    },
  },
  {
    name: "Adam first step on [17]",
    run: (s) => {
      const w = input([17], s);
      const g = input([17], s + 100);
      const v = new tf.Variable(w.t);
      new tf.optimizers.Adam({ learningRate: 0.01 }).applyGradients([[g.t, v]]);
      // Step 1: m̂ = g and v̂ = g², so the update is lr * g / (|g| + eps).
      expectValues(v.value(), [17], w.r.values.map((x, i) => x - (0.01 * g.r.values[i]) / (Math.abs(g.r.values[i]) + 1e-7)), 1e-4);
    },
  },
  {
    name: "tape gradient through gather, slice, pad and tile of [5, 17]",
    run: (s) => {
      const x = input([5, 17], s);
      const tape = new tf.GradientTape();
      tape.watch(x.t);
      const y = tape.record(() => {
        const picked = tf.gather(x.t, tf.tensor([4, 0, 4], [3], "int32"), 0);
        return tf.reduceSum(tf.tile(tf.pad(tf.slice(picked, [0, 3], [3, 13]), [[1, 0], [2, 1]]), [1, 2]));
      });
      const dx = tape.gradient(y, x.t) as tf.Tensor;
      // Each kept element is counted twice by tile; row 4 is gathered twice, row 0 once.
      const want = [0, 1, 2, 3, 4].flatMap((r) =>
        Array.from({ length: 17 }, (_, c) => (c >= 3 && c < 16 ? 2 * (r === 4 ? 2 : r === 0 ? 1 : 0) : 0)),
      );
      expectValues(dx, [5, 17], want, 0);
    },
  },
  {
    name: "tape gradient through Dense(3) of [5, 4]",
    run: (s) => {
      const x = input([5, 4], s);
      const layer = new tf.layers.Dense(3, { kernelInitializer: "ones", biasInitializer: "zeros" });
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(layer.apply(x.t))));
      const [dKernel] = tape.gradient(loss, layer.trainableWeights) as tf.Tensor[];
      // y[i][j] = rowSum(x[i]); dL/dKernel[k][j] = sum_i 2 y[i][j] x[i][k].
      const rowSum = [0, 1, 2, 3, 4].map((i) => x.r.values.slice(i * 4, i * 4 + 4).reduce((p, q) => p + q, 0));
      const want: number[] = [];
      for (let k = 0; k < 4; k++) {
        const d = rowSum.reduce((acc, y, i) => acc + 2 * y * x.r.values[i * 4 + k], 0);
        want.push(d, d, d);
      }
      expectValues(dKernel, [4, 3], want, 1e-4);
    },
  },
];

describe("guarded kernels: no access outside the given tensors", () => {
  const rows = [...elementwise, ...reductions, ...argReductions, ...means, ...matmuls, ...typedMatmuls, ...movement, ...others];
  it.each(rows.map((row, i) => [row.name, row, i] as const))("%s", (_name, row, i) => {
    const before = guard.violations.length;
    row.run(7 + i);
    expect(guard.violations.slice(before)).toEqual([]);
  });
});

describe("the guard itself", () => {
  /** Direct kernel calls on blocks of the given byte sizes (inputs first, the output last). */
  const overruns: { name: string; bytes: number[]; call: (p: number[]) => number; caught: RegExp | null }[] = [
    { name: "neg_f32 within its blocks", bytes: [64, 64], call: ([x, out]) => K.neg_f32(x, out, 16), caught: null },
    { name: "neg_f32 4x its blocks (v128)", bytes: [64, 64], call: ([x, out]) => K.neg_f32(x, out, 64), caught: /neg_f32: (load|store) of/ },
    { name: "neg_f32 one element past (tail)", bytes: [64, 64], call: ([x, out]) => K.neg_f32(x, out, 17), caught: /neg_f32: (load|store) of/ },
    {
      name: "neg_f32 into the size class' slack past the requested bytes",
      bytes: [60, 60],
      call: ([x, out]) => K.neg_f32(x, out, 16),
      caught: /neg_f32: (load|store) of/,
    },
    { name: "copy_bytes one byte past (memory.copy)", bytes: [64, 64], call: ([src, dst]) => K.copy_bytes(dst, src, 65), caught: /copy_bytes: memory\.copy (read|write) of 65 bytes/ },
    { name: "fill_u8 one byte past (memory.fill)", bytes: [64], call: ([out]) => K.fill_u8(out, 65, 0), caught: /fill_u8: memory\.fill of 65 bytes/ },
    {
      name: "fill_f32 into a freed block (use after free)",
      bytes: [],
      call: () => {
        const freed = alloc(64);
        free(freed);
        return K.fill_f32(freed, 4, 1);
      },
      caught: /fill_f32: store of/,
    },
  ];
  it.each(overruns)("$name", ({ bytes, call, caught }) => {
    const blocks = bytes.map((b) => alloc(b));
    const before = guard.violations.length;
    try {
      if (caught === null) call(blocks);
      else expect(() => call(blocks)).toThrow(new RegExp(`guarded kernel ${caught.source}.* is outside the blocks it was given`));
      expect(guard.violations.length).toBe(before + (caught === null ? 0 : 1));
    } finally {
      blocks.forEach(free);
    }
  });

  it("the guarded module calls the hooks on its loads, stores, copies and fills", () => {
    const mod = binaryen.readBinary(readFileSync(new URL("../../build/gradtape.guarded.wasm", import.meta.url)));
    mod.setFeatures(binaryen.Features.All);
    const internal = new Map<string, string>();
    for (let i = 0; i < mod.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
      if (info.module === "env" && info.base !== null) internal.set(info.base, info.name);
    }
    const text = mod.emitText();
    mod.dispose();
    const calls = (hook: string): number => text.split(`(call $${internal.get(hook)}\n`).length - 1;
    const counts = Object.fromEntries(["load_ptr", "store_ptr", "copy_size", "fill_size"].map((h) => [h, calls(h)]));
    // This build's kernels: hundreds of loads and stores, a few dozen copies and fills.
    expect(counts.load_ptr).toBeGreaterThan(1000);
    expect(counts.store_ptr).toBeGreaterThan(500);
    expect(counts.copy_size).toBeGreaterThan(10);
    expect(counts.fill_size).toBeGreaterThan(10);
    // No memory access is left without its hook: every load or store takes its address from one.
    const escape = (name: string): string => name.replace(/[$.]/g, "\\$&");
    const hooked = `call \\$(?:${escape(internal.get("load_ptr")!)}|${escape(internal.get("store_ptr")!)})\\b`;
    const access = String.raw`\((?:[if](?:32|64)|v128)\.(?:load|store)\w*(?: \d+)?(?: offset=\d+)?(?: align=\d+)?(?: \d+)?\n\s+\(`;
    const bare = text.match(new RegExp(`${access}(?!${hooked})`, "g"));
    expect(bare).toBeNull();
    // And the workloads above ran through them.
    expect(guard.hookCalls.get("load_ptr")).toBeGreaterThan(1000);
    expect(guard.hookCalls.get("store_ptr")).toBeGreaterThan(1000);
  });
});
