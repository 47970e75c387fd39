// Properties of the shape and movement ops (reshape transpose expandDims squeeze concat stack slice
// gather tile pad oneHot) against the multi-index references of test/reference/movement.ts, in every
// dtype: outputs are copies, so every element must be exactly the reference's (NaN, -0 and subnormals
// included). Gradients: the ops are linear, so first order against central differences and a zero
// second order.
// numRuns: forward 250 per op and dtype; gradients 60 per op (float64).
import fc from "fast-check";
import { describe, it } from "vitest";
import * as tf from "../../src/index.js";
import * as M from "../reference/movement.js";
import { checkGradients } from "../util/gradcheck.js";
import { ref, type RefArray, sizeOf } from "../util/reference.js";
import { axis, type DType, dim, permutation, shape, smooth, value, values } from "./ops-arbitraries.js";
import { expectMatches } from "./ops-compare.js";

const FORWARD_RUNS = 250;
const GRAD_RUNS = 60;
const DTYPES: DType[] = ["float32", "float64", "int32", "bool"];

/** A case: the input shapes and the op's arguments (plain data, so that fast-check prints it). */
interface Case {
  shapes: number[][];
}

interface Row<C extends Case> {
  name: string;
  cases: fc.Arbitrary<C>;
  run: (c: C, xs: tf.Tensor[], dtype: DType) => tf.Tensor;
  ref: (c: C, xs: Typed[]) => RefArray;
}

type Typed = RefArray & { dtype: DType };

const row = <C extends Case>(r: Row<C>): Row<Case> => r as unknown as Row<Case>;

/** A shape of the same size: the dims shuffled, a 1 inserted, and one dim written -1 when that is unambiguous. */
const reshapeCases = shape(0, 4, 48).chain((s) =>
  fc.record({ order: permutation(s.length), one: fc.option(fc.integer({ min: 0, max: s.length }), { nil: undefined }), infer: fc.option(fc.nat(), { nil: undefined }) }).map(({ order, one, infer }) => {
    const target = order.map((i) => s[i]);
    if (one !== undefined) target.splice(one, 0, 1);
    if (infer !== undefined && target.length > 0) {
      const at = infer % target.length;
      if (sizeOf(target.filter((_, i) => i !== at)) > 0) target[at] = -1;
    }
    return { shapes: [s], target };
  }),
);

const concatCases = fc
  .record({ base: shape(1, 4, 24), sizes: fc.array(dim(3), { minLength: 1, maxLength: 4 }), axisSeed: fc.nat() })
  .chain(({ base, sizes }) =>
    axis(base.length).map((a) => {
      const ax = a < 0 ? a + base.length : a;
      return { shapes: sizes.map((k) => base.map((d, i) => (i === ax ? k : d))), axis: a };
    }),
  );

const stackCases = fc
  .record({ s: shape(0, 3, 24), count: fc.integer({ min: 1, max: 4 }) })
  .chain(({ s, count }) => fc.integer({ min: -s.length - 1, max: s.length }).map((a) => ({ shapes: Array.from({ length: count }, () => s), axis: a })));

const sliceCases = shape(0, 4, 48).chain((s) =>
  fc
    .tuple(...s.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: -1, max: d - b })))))
    .map((bs) => ({ shapes: [s], begin: bs.map(([b]) => b), size: bs.map(([, k]) => k) })),
);

const gatherCases = shape(1, 3, 24).chain((s) =>
  axis(s.length).chain((a) => {
    const length = s[a < 0 ? a + s.length : a];
    const indexShape = shape(0, 2, 6).filter((q) => length > 0 || sizeOf(q) === 0);
    return indexShape.chain((q) =>
      fc.array(fc.integer({ min: 0, max: Math.max(0, length - 1) }), { minLength: sizeOf(q), maxLength: sizeOf(q) }).map((indices) => ({ shapes: [s], axis: a, indexShape: q, indices })),
    );
  }),
);

const tileCases = shape(0, 4, 12).chain((s) => fc.array(fc.integer({ min: 0, max: 3 }), { minLength: s.length, maxLength: s.length }).map((multiples) => ({ shapes: [s], multiples })));

const padCases = shape(0, 4, 24).chain((s) =>
  fc
    .record({
      paddings: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: s.length, maxLength: s.length }),
      constant: fc.oneof(fc.constant(0), value("float32")),
    })
    .map((r) => ({ shapes: [s], ...r })),
);

/** A pad constant as the dtype holds it. */
function padValue(v: number, dtype: DType): number {
  if (dtype === "int32") return Number.isFinite(v) ? Math.max(-100, Math.min(100, Math.trunc(v))) : 0;
  if (dtype === "bool") return v !== 0 && !Number.isNaN(v) ? 1 : 0;
  return v;
}

const rows: Row<Case>[] = [
  row({ name: "reshape", cases: reshapeCases, run: (c, [x]) => tf.reshape(x, c.target), ref: (c, [x]) => M.refReshape(x, resolveTarget(c.target, x.values.length)) }),
  row({
    name: "transpose",
    cases: shape(0, 4, 48).chain((s) => fc.option(permutation(s.length), { nil: undefined }).map((perm) => ({ shapes: [s], perm }))),
    run: (c, [x]) => tf.transpose(x, c.perm),
    ref: (c, [x]) => M.refTranspose(x, c.perm),
  }),
  row({
    name: "expandDims",
    cases: shape(0, 4, 48).chain((s) => fc.integer({ min: -s.length - 1, max: s.length }).map((a) => ({ shapes: [s], axis: a }))),
    run: (c, [x]) => tf.expandDims(x, c.axis),
    ref: (c, [x]) => {
      const at = c.axis < 0 ? c.axis + x.shape.length + 1 : c.axis;
      return M.refReshape(x, [...x.shape.slice(0, at), 1, ...x.shape.slice(at)]);
    },
  }),
  row({
    name: "squeeze",
    cases: shape(0, 4, 48).chain((s) => {
      const ones = s.flatMap((d, i) => (d === 1 ? [i] : []));
      const some = fc.subarray(ones).chain((list) => fc.array(fc.boolean(), { minLength: list.length, maxLength: list.length }).map((neg) => list.map((a, i) => (neg[i] ? a - s.length : a))));
      return fc.option(some, { nil: undefined }).map((axes) => ({ shapes: [s], axes }));
    }),
    run: (c, [x]) => tf.squeeze(x, c.axes),
    ref: (c, [x]) => {
      const drop = c.axes === undefined || c.axes.length === 0 ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : c.axes.map((a) => (a < 0 ? a + x.shape.length : a));
      return M.refReshape(x, x.shape.filter((_, i) => !drop.includes(i)));
    },
  }),
  row({ name: "concat", cases: concatCases, run: (c, xs) => tf.concat(xs, c.axis), ref: (c, xs) => M.refConcat(xs, c.axis) }),
  row({ name: "stack", cases: stackCases, run: (c, xs) => tf.stack(xs, c.axis), ref: (c, xs) => M.refStack(xs, c.axis) }),
  row({ name: "slice", cases: sliceCases, run: (c, [x]) => tf.slice(x, c.begin, c.size), ref: (c, [x]) => M.refSlice(x, c.begin, c.size) }),
  row({
    name: "gather",
    cases: gatherCases,
    run: (c, [x]) => tf.gather(x, tf.tensor(c.indices, c.indexShape, "int32"), c.axis),
    ref: (c, [x]) => M.refGather(x, ref(c.indexShape, c.indices), c.axis),
  }),
  row({ name: "tile", cases: tileCases, run: (c, [x]) => tf.tile(x, c.multiples), ref: (c, [x]) => M.refTile(x, c.multiples) }),
  row({
    name: "pad",
    cases: padCases,
    run: (c, [x], dtype) => tf.pad(x, c.paddings, dtype === "bool" ? padValue(c.constant, dtype) === 1 : padValue(c.constant, dtype)),
    ref: (c, [x]) => M.refPad(x, c.paddings, padValue(c.constant, x.dtype)),
  }),
];

/** The reshape target with its -1 resolved. */
function resolveTarget(target: number[], size: number): number[] {
  const known = sizeOf(target.filter((d) => d !== -1));
  return target.map((d) => (d === -1 ? size / known : d));
}

describe("movement ops: forward, exactly the reference's elements", () => {
  let seed = 6000;
  for (const r of rows) {
    for (const dtype of DTYPES) {
      it(`${r.name} ${dtype}`, () => {
        const cases = r.cases.chain((c) => fc.tuple(...c.shapes.map((s) => values(dtype, sizeOf(s)))).map((xs) => ({ c, xs })));
        fc.assert(
          fc.property(cases, ({ c, xs }) => {
            tf.tidy(() => {
              const inputs = xs.map((v, i) => tf.tensor(v, c.shapes[i], dtype));
              const expected = r.ref(c, xs.map((v, i) => ({ ...ref(c.shapes[i], v), dtype }) as Typed));
              expectMatches(`${r.name} ${dtype}`, r.run(c, inputs, dtype), expected.shape, dtype, expected.values, { ulps: 0, signedZeros: true });
            });
          }),
          { seed: seed++, numRuns: FORWARD_RUNS },
        );
      });
    }
  }

  for (const dtype of DTYPES) {
    it(`oneHot ${dtype} (indices outside [0, depth) give rows of offValue)`, () => {
      const cases = fc.record({
        indexShape: shape(0, 3, 12),
        depth: fc.integer({ min: 0, max: 5 }),
        on: value(dtype),
        off: value(dtype),
      }).chain((c) => fc.array(fc.integer({ min: -2, max: 7 }), { minLength: sizeOf(c.indexShape), maxLength: sizeOf(c.indexShape) }).map((indices) => ({ ...c, indices })));
      fc.assert(
        fc.property(cases, ({ indexShape, depth, on, off, indices }) => {
          tf.tidy(() => {
            const expected = M.refOneHot(ref(indexShape, indices), depth, on, off);
            expectMatches(`oneHot ${dtype}`, tf.oneHot(tf.tensor(indices, indexShape, "int32"), depth, on, off, dtype), expected.shape, dtype, expected.values, { ulps: 0, signedZeros: true });
          });
        }),
        { seed: seed++, numRuns: FORWARD_RUNS },
      );
    });
  }
});

describe("movement ops: gradients against central differences", () => {
  let seed = 6500;
  for (const r of rows) {
    it(r.name, () => {
      const cases = r.cases
        .filter((c) => c.shapes.reduce((n, s) => n + sizeOf(s), 0) <= 16)
        // A large pad constant adds rounding noise to the reference's second differences: pad with 1/2.
        .map((c) => ("constant" in c ? { ...c, constant: 0.5 } : c))
        .chain((c) => fc.tuple(...c.shapes.map((s) => smooth(sizeOf(s), -2, 2))).map((xs) => ({ c, xs })));
      fc.assert(
        fc.property(cases, ({ c, xs }) => {
          checkGradients({
            run: (...ts) => r.run(c, ts, "float64"),
            ref: (vs, shapes) => r.ref(c, vs.map((v, i) => ({ ...ref(shapes[i], v), dtype: "float64" }) as Typed)).values,
            shapes: c.shapes,
            values: xs,
            secondOrder: "zero",
          });
        }),
        { seed: seed++, numRuns: GRAD_RUNS },
      );
    });
  }
});
