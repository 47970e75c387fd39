// One row per bug the hostile-argument sweep found: the call, the error class and message it must
// give now, and (for every row) no tensor left behind and an engine that still computes correctly.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectEngineHealthy } from "./engine-health.js";

function cyclic(): unknown[] {
  const a: unknown[] = [1];
  a.push(a);
  return a;
}

function builtDense(): tf.layers.Dense {
  const layer = new tf.layers.Dense(2);
  layer.build([null, 2]);
  return layer;
}

interface Row {
  name: string;
  /** Builds what the call needs (not counted as left behind) and returns the call. */
  make: () => () => unknown;
  error: ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;
  message: RegExp;
}

const x = (): tf.Tensor => tf.tensor([[1, 2], [3, 4]]);

const ROWS: Row[] = [
  // Sizes of 2**32 bytes and more wrapped around in the allocator's 32-bit size classes.
  { name: "zeros of 1e18 elements trapped in Wasm", make: () => () => tf.zeros([1e6, 1e6, 1e6]), error: RangeError, message: /^zeros: shape \[1000000,1000000,1000000\] has 1000000000000000000 elements, more than the 4 GiB/ },
  { name: "zeros of 2**54 elements returned a tensor", make: () => () => tf.zeros([2 ** 27, 2 ** 27]), error: RangeError, message: /^zeros: .*more than the 4 GiB WebAssembly memory/ },
  { name: "eye(1e9) trapped in Wasm", make: () => () => tf.eye(1e9), error: RangeError, message: /^eye: a float32 tensor of shape \[1000000000,1000000000\] would need 4000000000000000000 bytes/ },
  { name: "pad to 2**31 elements returned a tensor", make: () => { const t = tf.zeros([2]); return () => tf.pad(t, [[2 ** 31, 0]]); }, error: RangeError, message: /^pad: a float32 tensor of shape \[2147483650\]/ },
  { name: "tile past 4 GiB named no op", make: () => { const t = tf.zeros([2]); return () => tf.tile(t, [2 ** 31]); }, error: RangeError, message: /^tile: a float32 tensor of shape \[4294967296\]/ },
  { name: "random.normal past 4 GiB named no op", make: () => () => tf.random.normal([2 ** 31]), error: RangeError, message: /^random\.normal: a float32 tensor/ },
  { name: "oneHot past 4 GiB named no op", make: () => { const t = tf.tensor([1], [1], "int32"); return () => tf.oneHot(t, 2 ** 31); }, error: RangeError, message: /^oneHot: a float32 tensor of shape \[1,2147483648\]/ },
  { name: "matmul past 4 GiB named no op", make: () => { const a = tf.zeros([2 ** 16, 1]); const b = tf.zeros([1, 2 ** 16]); return () => tf.matmul(a, b); }, error: RangeError, message: /^matmul: a float32 tensor of shape \[65536,65536\]/ },
  { name: "a broadcast past 4 GiB named no op", make: () => { const a = tf.zeros([2 ** 16, 1]); const b = tf.zeros([1, 2 ** 16]); return () => tf.add(a, b); }, error: RangeError, message: /^add: a float32 tensor of shape \[65536,65536\]/ },
  // A dtype that is not a dtype made a tensor of dtype "[object]".
  { name: "convertToTensor with a tensor as dtype returned garbage", make: () => { const t = x(); return () => tf.convertToTensor(1, t as never); }, error: TypeError, message: /^convertToTensor: unknown dtype Tensor/ },
  { name: "constant with a bad dtype blamed cast", make: () => () => tf.constant([1], "int8" as never), error: TypeError, message: /^constant: unknown dtype "int8"/ },
  // Messages built with JSON.stringify threw on cycles and bigints.
  { name: "cast with a cyclic dtype threw from JSON.stringify", make: () => { const t = x(); return () => tf.cast(t, cyclic() as never); }, error: TypeError, message: /^cast: unknown dtype an array of length 2/ },
  { name: "cast with a bigint dtype threw from JSON.stringify", make: () => { const t = x(); return () => tf.cast(t, 10n as never); }, error: TypeError, message: /^cast: unknown dtype bigint 10/ },
  { name: "zeros of a cyclic shape threw from JSON.stringify", make: () => () => tf.zeros(cyclic() as never), error: RangeError, message: /^zeros: shape an array of length 2 has dimension an array of length 2/ },
  { name: "getLayer with a bigint threw from JSON.stringify", make: () => { const m = new tf.Sequential({ layers: [new tf.layers.Dense(1, { inputShape: [1] })] }); return () => m.getLayer(10n as never); }, error: Error, message: /getLayer: no layer named bigint 10/ },
  // Holes, nulls and non-tensors reached code that never checked them.
  { name: "addN of a sparse array read a property of undefined", make: () => { const t = x(); return () => tf.addN([t, , t] as never); }, error: TypeError, message: /^addN: argument ts\[1\] must be a Tensor/ },
  {
    name: "keep of a disposed tensor handed its block to the garbage collector, which freed it a second time",
    make: () => {
      const t = x();
      t.dispose();
      return () => tf.keep(t);
    },
    error: Error,
    message: /^keep: .* was disposed by dispose\(\), so its memory is gone/,
  },
  { name: "keep(undefined) threw from a WeakSet", make: () => () => tf.keep(undefined as never), error: TypeError, message: /^keep: expected a Tensor to keep, got undefined/ },
  { name: "Variable with null options read a property of null", make: () => () => new tf.Variable(1, null as never), error: TypeError, message: /^Variable: options must be an object, got null/ },
  { name: "GradientTape with null options read a property of null", make: () => () => new tf.GradientTape(null as never), error: TypeError, message: /^GradientTape: options must be an object, got null/ },
  { name: "tape.gradient with null options read a property of null", make: () => { const t = x(); const tape = new tf.GradientTape(); return () => tape.gradient(t, t, null as never); }, error: TypeError, message: /^GradientTape\.gradient: options must be an object/ },
  { name: "excludeFromWeightDecay(null) read a property of null", make: () => { const o = new tf.optimizers.SGD(); return () => o.excludeFromWeightDecay(null as never); }, error: TypeError, message: /^SGD\.excludeFromWeightDecay: options must be an object/ },
  { name: "the abstract Optimizer constructed said 'extra is not iterable'", make: () => () => new (tf.optimizers.Optimizer as unknown as new () => unknown)(), error: TypeError, message: /^Optimizer: the base class cannot be constructed/ },
  { name: "Dense.computeOutputShape(undefined) read a property of undefined", make: () => { const d = builtDense(); return () => d.computeOutputShape(undefined as never); }, error: TypeError, message: /computeOutputShape/ },
  { name: "statelessCall with null values read a property of null", make: () => { const d = builtDense(); const t = x(); return () => d.statelessCall(null as never, [], t); }, error: TypeError, message: /statelessCall: expected an array of 2 weight values, got null/ },
  { name: "calling a loss factory with tensors blamed an option named shape", make: () => { const t = x(); return () => tf.losses.meanSquaredError(t as never); }, error: TypeError, message: /^meanSquaredError: got a tensor or array where the options belong; .*tf\.losses\.meanSquaredError\(\)\(yTrue, yPred\)/ },
  // A second build added a second set of weights (and with a huge shape, grew memory past 2 GiB).
  { name: "building a built Dense added weights", make: () => { const d = builtDense(); return () => d.build([null, 5]); }, error: Error, message: /Dense 'dense.*'\.build: the layer is already built for input shape \[null,2\]/ },
  // Rejected calls left the tensors they had converted from plain values behind.
  { name: "abs(true) left its converted bool behind", make: () => () => tf.abs(true as never), error: TypeError, message: /^abs: dtype bool/ },
  { name: "add of unbroadcastable plain arrays left both behind", make: () => () => tf.add([1, 2, 3], [[1, 2], [3, 4]]), error: Error, message: /^add: shapes \[3\] and \[2,2\] cannot be broadcast/ },
  { name: "concat of numbers left three scalars behind", make: () => () => tf.concat([1e6, 1e6, 1e6] as never, 0), error: Error, message: /^concat: Can't concatenate scalars/ },
  { name: "stack of a ragged list left its rows behind", make: () => () => tf.stack([[1], [1, 2]] as never), error: Error, message: /^stack: Shapes of all inputs must match/ },
  { name: "clipByGlobalNorm of a cyclic list left its first tensor behind", make: () => () => tf.clipByGlobalNorm(cyclic() as never, 1), error: TypeError, message: /^clipByGlobalNorm: the nested array contains itself/ },
  { name: "statelessCall with a misshapen value left it behind", make: () => { const d = builtDense(); const t = x(); return () => d.statelessCall([1, [0, 0]] as never, [], t); }, error: Error, message: /statelessCall: weight 0 \('kernel'\) has shape \[2,2\] but the value has shape \[\]/ },
  { name: "MeanMetricWrapper without a function left its state variables behind", make: () => () => new tf.metrics.MeanMetricWrapper(5 as never), error: TypeError, message: /^MeanMetricWrapper: expected a function/ },
  { name: "reshape of a plain array to a wrong size left it behind", make: () => () => tf.reshape([1, 2, 3], [2, 2]), error: Error, message: /^reshape: cannot reshape a tensor of shape \[3\] into shape \[2,2\]/ },
  { name: "reduceSum of a plain array over a bad axis left it behind", make: () => () => tf.reduceSum([1, 2], 3), error: Error, message: /^reduceSum: / },
  { name: "argMax of a plain scalar left it behind", make: () => () => tf.argMax(5), error: RangeError, message: /^argMax: needs a tensor of rank >= 1/ },
  { name: "slice of a plain array out of bounds left it behind", make: () => () => tf.slice([1, 2], [1], [5]), error: RangeError, message: /^slice: begin \[1\] and size \[5\] are out of bounds/ },
  { name: "transpose of a plain array with a bad perm left it behind", make: () => () => tf.transpose([[1, 2]], [0, 0]), error: RangeError, message: /^transpose: perm \[0,0\] is not a permutation/ },
  { name: "matmul of plain arrays with mismatched inner sizes left both behind", make: () => () => tf.matmul([[1, 2]], [[1, 2]]), error: Error, message: /^matmul: / },
  { name: "gather of a plain array with a bad index left both behind", make: () => () => tf.gather([1, 2], [5]), error: RangeError, message: /^gather: indices\[0\] = 5 is not in \[0, 2\)/ },
  { name: "where with a float condition left all three behind", make: () => () => tf.where([1, 0], [1, 2], [3, 4]), error: TypeError, message: /^where: condition must be bool/ },
  { name: "unsortedSegmentSum with bool ids left the converted ids behind", make: () => () => tf.unsortedSegmentSum([1, 2], true as never, 2), error: TypeError, message: /^unsortedSegmentSum: segmentIds must hold integers/ },
  { name: "clipByNorm with an array as clipNorm left it behind", make: () => { const t = x(); return () => tf.clipByNorm(t, [1, 2]); }, error: Error, message: /^clipByNorm: clipNorm must be a scalar/ },
  { name: "checkNumerics of a plain NaN left it behind", make: () => () => tf.debugging.checkNumerics([1, NaN], "bad"), error: Error, message: /^checkNumerics: bad : Tensor had NaN values/ },
  { name: "Variable.assign of a misshapen plain array left it behind", make: () => { const v = new tf.Variable([1, 2]); return () => v.assign([1, 2, 3]); }, error: Error, message: /^Variable\.assign: variable 'Variable' has shape \[2\] but the value has shape \[3\]/ },
  { name: "Dense.apply of a misshapen plain array left its conversion behind", make: () => { const d = builtDense(); return () => d.apply([[1, 2, 3]]); }, error: Error, message: /Dense 'dense.*'/ },
  { name: "categoricalAccuracy of mismatched plain arrays left their conversions behind", make: () => () => tf.metrics.categoricalAccuracy([[1, 0], [0, 1], [1, 0]], [[0.5, 0.5], [0.2, 0.8]]), error: Error, message: /^categoricalAccuracy: / },
  { name: "statelessCall with a cyclic value left the first value behind", make: () => { const d = builtDense(); const t = x(); return () => d.statelessCall([[[1, 2], [3, 4]], cyclic()] as never, [], t); }, error: TypeError, message: /statelessCall: the nested array contains itself/ },
];

describe("regressions: hostile arguments", () => {
  it.each(ROWS)("$name", ({ make, error, message }) => {
    const call = make();
    const before = tf.memory().numTensors;
    expect(call).toThrow(error);
    expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    expectEngineHealthy();
  });
});
