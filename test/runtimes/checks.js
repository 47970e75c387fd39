// The checks every consumer script runs against the installed package (smoke.js, bundled.js, the
// worker), in plain JavaScript so that Node, Deno, Bun, Chromium and workerd run the same file.
// Expected values are written out or computed with Math in float64; float32 results are compared
// with a relative tolerance.

/**
 * Runs every check on `tf` (the namespace of "gradtape" or "gradtape/core", initialized).
 * @returns {{ results: { name: string, ok: boolean, message: string }[] }}
 */
export function runChecks(tf) {
  const results = [];
  const check = (name, run) => {
    try {
      run();
      results.push({ name, ok: true, message: "" });
    } catch (err) {
      results.push({ name, ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  };

  check("constant: nested float32", () => {
    const t = tf.constant([[1, 2, 3], [4, 5, 6]]);
    expectEqual(t.shape, [2, 3], "shape");
    expectEqual(t.dtype, "float32", "dtype");
    expectEqual(t.rank, 2, "rank");
    expectEqual(t.size, 6, "size");
    expectEqual(t.array(), [[1, 2, 3], [4, 5, 6]], "array()");
    expectEqual(t.data() instanceof Float32Array, true, "data() is a Float32Array");
  });
  check("constant: float32 rounding, float64, int32, bool", () => {
    expectEqual(tf.constant(0.1).item(), Math.fround(0.1), "float32 item");
    expectEqual(Array.from(tf.constant([0.1, 0.2], "float64").data()), [0.1, 0.2], "float64 data");
    expectEqual(Array.from(tf.constant([1, -2, 3], "int32").data()), [1, -2, 3], "int32 data");
    const b = tf.constant([true, false, true]);
    expectEqual(b.dtype, "bool", "bool dtype");
    expectEqual(Array.from(b.data()), [1, 0, 1], "bool data");
  });
  check("tensor: flat values with a shape, and an empty tensor", () => {
    expectEqual(tf.tensor([1, 2, 3, 4], [2, 2]).array(), [[1, 2], [3, 4]], "2x2");
    const empty = tf.tensor([], [0, 3]);
    expectEqual(empty.shape, [0, 3], "empty shape");
    expectEqual(empty.data().length, 0, "empty data");
  });
  check("zeros, ones, fill (SIMD fill kernels of every dtype)", () => {
    // 37 elements: whole vectors plus a scalar tail.
    expectEqual(Array.from(tf.zeros([37]).data()), new Array(37).fill(0), "zeros float32");
    expectEqual(Array.from(tf.ones([37], "float64").data()), new Array(37).fill(1), "ones float64");
    expectEqual(Array.from(tf.ones([37], "int32").data()), new Array(37).fill(1), "ones int32");
    expectEqual(Array.from(tf.fill([37], 1, "bool").data()), new Array(37).fill(1), "fill bool");
    expectEqual(Array.from(tf.fill([3, 2], 2.5).data()), new Array(6).fill(2.5), "fill float32");
    expectEqual(tf.zerosLike(tf.ones([2], "float64")).dtype, "float64", "zerosLike dtype");
  });
  check("a large tensor grows memory and keeps earlier values", () => {
    const small = tf.fill([5], 7);
    const big = tf.ones([1 << 20]);
    expectEqual(big.data()[(1 << 20) - 1], 1, "last element");
    expectEqual(Array.from(small.data()), [7, 7, 7, 7, 7], "earlier tensor after growth");
    big.dispose();
  });
  check("item and String", () => {
    expectEqual(tf.constant(6).item(), 6, "item");
    expectEqual(String(tf.constant(6)), "tf.Tensor(6.0, shape=(), dtype=float32)", "String");
  });
  check("memory() counts tensors; dispose frees them", () => {
    const before = tf.memory();
    for (const key of ["numTensors", "numBytes", "wasmBytes"]) {
      if (typeof before[key] !== "number") throw new Error(`memory().${key} is ${typeof before[key]}, not a number`);
    }
    const t = tf.ones([4]);
    expectEqual(tf.memory().numTensors, before.numTensors + 1, "numTensors after create");
    t.dispose();
    expectEqual(tf.memory().numTensors, before.numTensors, "numTensors after dispose");
  });
  check("use after dispose throws an Error naming the tensor", () => {
    const t = tf.ones([4]);
    t.dispose();
    expectThrows(() => t.data(), /data: Tensor#\d+ \(float32 \[4\]\) was disposed by dispose\(\)/);
  });
  check("tidy frees what it does not return", () => {
    const before = tf.memory().numTensors;
    let inner;
    const kept = tf.tidy(() => {
      inner = tf.ones([3]);
      return tf.zeros([2]);
    });
    expectEqual(tf.memory().numTensors, before + 1, "numTensors after tidy");
    expectEqual(kept.array(), [0, 0], "returned tensor");
    expectThrows(() => inner.item(), /freed when the tf.tidy that created it returned/);
  });
  check("errors name the op and leave the engine working", () => {
    expectThrows(() => tf.zeros([2, -1]), /zeros: shape \[2,-1\]/);
    expectThrows(() => tf.constant([[1, 2], [3]]), /constant: ragged/);
    expectEqual(Array.from(tf.ones([2]).data()), [1, 1], "ones after errors");
  });

  const a = [[1, -2, 3], [-4, 5, -6]];
  const row = [0.5, 1, 2];
  check("add, sub, mul, div with broadcasting", () => {
    const x = tf.constant(a);
    expectClose(tf.add(x, tf.constant(row)).array(), map2(a, row, (p, q) => p + q), "add");
    expectClose(tf.sub(x, 1).array(), map2(a, row, (p) => p - 1), "sub scalar");
    expectClose(x.mul(tf.constant(row)).array(), map2(a, row, (p, q) => p * q), "mul method");
    expectClose(tf.div(x, tf.constant(row)).array(), map2(a, row, (p, q) => p / q), "div");
    expectClose(tf.add(tf.constant([0.1], "float64"), 0.2).data()[0], 0.1 + 0.2, "float64 add", 0);
    expectThrows(() => tf.add(tf.ones([2]), tf.ones([3])), /add/);
  });
  check("unary: exp, neg, sqrt, relu, tanh, sigmoid", () => {
    const x = tf.constant(a);
    expectClose(tf.exp(x).array(), map2(a, row, Math.exp), "exp");
    expectClose(x.neg().array(), map2(a, row, (p) => -p), "neg");
    expectClose(tf.sqrt(tf.constant([0, 4, 9, 2])).array(), [0, 2, 3, Math.SQRT2], "sqrt");
    expectClose(tf.relu(x).array(), map2(a, row, (p) => Math.max(p, 0)), "relu");
    expectClose(tf.tanh(x).array(), map2(a, row, Math.tanh), "tanh");
    expectClose(tf.sigmoid(x).array(), map2(a, row, (p) => 1 / (1 + Math.exp(-p))), "sigmoid");
    expectEqual(Number.isNaN(tf.exp(tf.constant([NaN])).data()[0]), true, "exp(NaN) is NaN");
  });
  check("matmul, plain and transposed", () => {
    const m = tf.constant([[1, 2], [3, 4], [5, 6]]);
    const n = tf.constant([[7, 8, 9], [10, 11, 12]]);
    expectClose(tf.matmul(m, n).array(), [[27, 30, 33], [61, 68, 75], [95, 106, 117]], "3x2 @ 2x3");
    expectClose(tf.matmul(m, m, { transposeA: true }).array(), [[35, 44], [44, 56]], "transposeA");
    const size = 33;
    const big = Array.from({ length: size * size }, (_, i) => ((i * 7) % 11) - 5);
    const product = tf.matmul(tf.tensor(big, [size, size]), tf.tensor(big, [size, size])).data();
    let worst = 0;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        let sum = 0;
        for (let k = 0; k < size; k++) sum += big[i * size + k] * big[k * size + j];
        worst = Math.max(worst, Math.abs(product[i * size + j] - sum));
      }
    }
    if (worst > 1e-3) throw new Error(`33x33 matmul differs from the reference by ${worst}`);
  });
  check("reduceSum, reduceMean, reduceMax", () => {
    const x = tf.constant(a);
    expectClose(tf.reduceSum(x).item(), -3, "reduceSum all");
    expectClose(tf.reduceSum(x, 0).array(), [-3, 3, -3], "reduceSum axis 0");
    expectClose(tf.reduceSum(x, -1, true).array(), [[2], [-5]], "reduceSum axis -1 keepdims");
    expectClose(tf.reduceMean(x, 1).array(), [2 / 3, -5 / 3], "reduceMean axis 1");
    expectClose(x.reduceMax().item(), 5, "reduceMax method");
  });
  check("reshape, transpose", () => {
    const x = tf.constant(a);
    const r = tf.reshape(x, [3, 2]);
    expectEqual(r.shape, [3, 2], "reshape shape");
    expectClose(r.array(), [[1, -2], [3, -4], [5, -6]], "reshape values");
    expectClose(tf.transpose(x).array(), [[1, -4], [-2, 5], [3, -6]], "transpose");
  });
  check("softmax", () => {
    const logits = [1, 2, 3];
    const total = logits.reduce((s, v) => s + Math.exp(v), 0);
    expectClose(tf.softmax(tf.constant(logits)).array(), logits.map((v) => Math.exp(v) / total), "softmax");
  });
  check("cast", () => {
    const c = tf.cast(tf.constant([1.7, -1.7, 0]), "int32");
    expectEqual(c.dtype, "int32", "dtype");
    expectEqual(Array.from(c.data()), [1, -1, 0], "truncates toward zero");
  });
  check("greater, where", () => {
    const x = tf.constant([1, 5, 3]);
    const y = tf.constant([4, 2, 3]);
    const mask = tf.greater(x, y);
    expectEqual(mask.dtype, "bool", "greater dtype");
    expectEqual(Array.from(tf.where(mask, x, y).data()), [4, 5, 3], "where");
  });
  check("concat, stack", () => {
    const p = tf.constant([1, 2]);
    const q = tf.constant([3, 4]);
    expectEqual(tf.concat([p, q], 0).array(), [1, 2, 3, 4], "concat");
    expectEqual(tf.stack([p, q], 1).array(), [[1, 3], [2, 4]], "stack");
  });
  check("GradientTape: a variable's gradient, and a second derivative through nested tapes", () => {
    const w = new tf.Variable(3);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.mul(w, w));
    expectEqual(tape.gradient(y, w).item(), 6, "d(w*w)/dw at 3");
    const x = new tf.Variable(1);
    const outer = new tf.GradientTape();
    const dy = outer.record(() => {
      const inner = new tf.GradientTape();
      const cube = inner.record(() => tf.mul(tf.mul(x, x), x));
      return inner.gradient(cube, x);
    });
    expectEqual(outer.gradient(dy, x).item(), 6, "d2(x^3)/dx2 at 1");
  });
  check("seed 002: Adam(learningRate 0.1) on w**2 - 10w + 25 prints numpy=0.09999931 after one step, 5.000001 after 1000 more", () => {
    const printed = (numpy) => `<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=${numpy}>`;
    const w = new tf.Variable(0, { dtype: "float32" });
    const optimizer = new tf.optimizers.Adam({ learningRate: 0.1 });
    const singleTrainLoop = () => {
      const tape = new tf.GradientTape();
      const cost = tape.record(() => tf.add(tf.sub(tf.pow(w, 2), tf.mul(10, w)), 25));
      const trainableVariables = [w];
      const grads = tape.gradient(cost, trainableVariables);
      optimizer.applyGradients(tf.zip(grads, trainableVariables));
    };
    expectEqual(String(w), printed("0.0"), "before training");
    singleTrainLoop();
    expectEqual(String(w), printed("0.09999931"), "after one step");
    for (let i = 0; i < 1000; i++) singleTrainLoop();
    expectEqual(String(w), printed("5.000001"), "after 1000 more");
    expectEqual(optimizer.iterations.tensor.item(), 1001, "optimizer.iterations");
    // The loop frees each step's tensors when the next tape starts: the heap does not grow.
    const top = tf.memory().heapTopBytes;
    for (let i = 0; i < 200; i++) singleTrainLoop();
    expectEqual(tf.memory().heapTopBytes, top, "heapTopBytes after 200 more steps");
  });
  check("Dense(2, tanh): output and gradients of sum(y**2) match a hand computation", () => {
    const x = [[0.5, -1, 2], [1.5, 0.25, -0.75]];
    const kernel = [[0.2, -0.4], [0.1, 0.3], [-0.5, 0.25]];
    const bias = [0.05, -0.1];
    const layer = new tf.layers.Dense(2, { activation: "tanh" });
    layer.build([null, 3]);
    layer.setWeights([kernel, bias]);
    const tape = new tf.GradientTape();
    let y;
    const loss = tape.record(() => {
      y = layer.apply(tf.constant(x));
      return tf.reduceSum(tf.square(y));
    });
    const [dKernel, dBias] = tape.gradient(loss, layer.trainableVariables);
    // z = x @ kernel + bias, y = tanh(z), loss = sum(y^2), dloss/dz = 2 y (1 - y^2).
    const yRef = x.map((row) => bias.map((b, j) => Math.tanh(row.reduce((s, v, i) => s + v * kernel[i][j], b))));
    const dz = yRef.map((row) => row.map((v) => 2 * v * (1 - v * v)));
    const dKernelRef = kernel.map((_, i) => bias.map((_, j) => x.reduce((s, row, n) => s + row[i] * dz[n][j], 0)));
    const dBiasRef = bias.map((_, j) => dz.reduce((s, row) => s + row[j], 0));
    expectEqual(layer.trainableVariables.map((v) => v.shape), [[3, 2], [2]], "variable shapes");
    expectClose(y.array(), yRef, "y");
    expectClose(loss.item(), yRef.flat().reduce((s, v) => s + v * v, 0), "loss");
    expectClose(dKernel.array(), dKernelRef, "dloss/dkernel");
    expectClose(dBias.array(), dBiasRef, "dloss/dbias");
  });
  check("Sequential, tf.losses.meanSquaredError and tf.metrics.Mean: 50 Adam steps lower the loss", () => {
    const model = new tf.Sequential([
      new tf.layers.Dense(8, { activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      new tf.layers.Dense(1, { kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ]);
    const xs = tf.constant([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.25, 0.75]]);
    const ys = tf.constant([[0], [1], [1], [2], [1], [1]]);
    const lossFn = tf.losses.meanSquaredError();
    const optimizer = new tf.optimizers.Adam({ learningRate: 0.05 });
    const mean = new tf.metrics.Mean();
    const losses = [];
    for (let step = 0; step < 50; step++) {
      const loss = optimizer.minimize(() => lossFn(ys, model.apply(xs)), model.trainableVariables);
      losses.push(loss.item());
      mean.updateState(loss);
    }
    const average = losses.reduce((s, v) => s + v, 0) / losses.length;
    expectClose(mean.result().item(), average, "Mean of the losses");
    if (!(losses[49] < losses[0] / 4)) throw new Error(`loss went from ${losses[0]} to ${losses[49]}, not below a quarter`);
  });
  check("tf.io safetensors: save, read the header by hand, load back every dtype", () => {
    const record = {
      weights: tf.constant([[1.5, -2], [3, 0.25]]),
      steps: tf.constant([1, -2, 3], "int32"),
      precise: new tf.Variable(tf.constant([0.1, 0.2], "float64")),
      mask: tf.constant([true, false]),
    };
    const bytes = tf.io.saveSafetensors(record, { format: "pt" });
    if (!(bytes instanceof Uint8Array)) throw new Error(`saveSafetensors returned ${Object.prototype.toString.call(bytes)}`);
    // The format: an 8-byte little-endian header length, a JSON header, then the raw data.
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expectEqual(header.__metadata__, { format: "pt" }, "metadata");
    const fileDtypes = { weights: ["F32", [2, 2]], steps: ["I32", [3]], precise: ["F64", [2]], mask: ["BOOL", [2]] };
    for (const [name, [dtype, shape]] of Object.entries(fileDtypes)) {
      expectEqual([header[name].dtype, header[name].shape], [dtype, shape], `header of ${name}`);
    }
    const loaded = tf.io.loadSafetensors(bytes.slice().buffer);
    expectEqual(Object.keys(loaded).sort(), Object.keys(record).sort(), "names");
    for (const [name, original] of Object.entries(record)) {
      const t = original instanceof tf.Variable ? original.tensor : original;
      expectEqual([loaded[name].dtype, loaded[name].shape], [t.dtype, t.shape], `dtype and shape of ${name}`);
      expectEqual(Array.from(loaded[name].data()), Array.from(t.data()), `values of ${name}`);
    }
  });
  return { results };
}

function map2(m, row, f) {
  return m.map((r) => r.map((v, j) => f(v, row[j])));
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** Nested arrays (or numbers) equal within a relative tolerance (float32 by default). */
function expectClose(actual, expected, what, tolerance = 1e-5) {
  const flatActual = [actual].flat(Infinity);
  const flatExpected = [expected].flat(Infinity);
  if (JSON.stringify(shapeOf(actual)) !== JSON.stringify(shapeOf(expected))) {
    throw new Error(`${what}: got shape ${JSON.stringify(shapeOf(actual))}, expected ${JSON.stringify(shapeOf(expected))}`);
  }
  flatExpected.forEach((e, i) => {
    const v = flatActual[i];
    const close = Number.isNaN(e) ? Number.isNaN(v) : Math.abs(v - e) <= tolerance * Math.max(1, Math.abs(e));
    if (!close) throw new Error(`${what}: element ${i} is ${v}, expected ${e} (got ${JSON.stringify(actual)})`);
  });
}

function shapeOf(x) {
  return Array.isArray(x) ? [x.length, ...(x.length > 0 ? shapeOf(x[0]) : [])] : [];
}

function expectThrows(run, message) {
  try {
    run();
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (!message.test(text)) throw new Error(`threw "${text}", which does not match ${message}`);
    return;
  }
  throw new Error(`did not throw (expected ${message})`);
}
