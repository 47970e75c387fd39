// The Optimizer API: iterations, learningRate, variables in Keras's order, build, weight decay
// exclusions, weights for checkpoints, tf.zip, minimize, and the errors.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const { SGD, Adam, AdamW, RMSprop, Adagrad } = tf.optimizers;

describe("iterations and learningRate", () => {
  it("iterations is a non-trainable int32 variable named iteration", () => {
    const opt = new Adam();
    expect(opt.iterations).toBeInstanceOf(tf.Variable);
    expect([opt.iterations.name, opt.iterations.dtype, opt.iterations.trainable, opt.iterations.item()]).toEqual(["iteration", "int32", false, 0]);
  });

  it("a fixed learning rate reads and sets as float32, and the next step uses the new rate", () => {
    const opt = new SGD({ learningRate: 0.1 });
    expect(opt.learningRate).toBe(Math.fround(0.1));
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    const w = new tf.Variable(1);
    opt.applyGradients([[tf.constant(1), w]]);
    expect(w.item()).toBe(0.5);
    expect(opt.variables()[1].item()).toBe(0.5);
  });

  it("defaults are Keras's", () => {
    expect(new SGD().learningRate).toBe(Math.fround(0.01));
    const adam = new Adam();
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon, adam.amsgrad]).toEqual([Math.fround(0.001), 0.9, 0.999, 1e-7, false]);
    expect(new AdamW().weightDecay).toBe(0.004);
    const rms = new RMSprop();
    expect([rms.learningRate, rms.rho, rms.momentum, rms.epsilon, rms.centered]).toEqual([Math.fround(0.001), 0.9, 0, 1e-7, false]);
    const adagrad = new Adagrad();
    expect([adagrad.learningRate, adagrad.initialAccumulatorValue, adagrad.epsilon]).toEqual([Math.fround(0.001), 0.1, 1e-7]);
    expect([adam.weightDecay, adam.clipnorm, adam.clipvalue, adam.globalClipnorm]).toEqual([null, null, null, null]);
  });

  it("names are Keras's: the class in snake case, then _1, _2, ...; or the given name", () => {
    const first = new RMSprop().name;
    expect(first).toMatch(/^rm_sprop(_\d+)?$/);
    const next = new RMSprop().name;
    expect(next).not.toBe(first);
    expect(new AdamW({ name: "mine" }).name).toBe("mine");
    expect(new AdamW().name).toMatch(/^adam_w(_\d+)?$/);
  });
});

describe("variables() in Keras's order", () => {
  const a = (): tf.Variable => new tf.Variable([1, 2], { name: "a" });
  const b = (): tf.Variable => new tf.Variable([[1, 2, 3]], { name: "dense/b" });
  const cases: [string, () => tf.optimizers.Optimizer, string[]][] = [
    ["SGD", () => new SGD(), ["iteration", "learning_rate"]],
    ["SGD momentum", () => new SGD({ momentum: 0.9 }), ["iteration", "learning_rate", "a_momentum", "dense_b_momentum"]],
    ["Adam", () => new Adam(), ["iteration", "learning_rate", "a_momentum", "a_velocity", "dense_b_momentum", "dense_b_velocity"]],
    [
      "Adam amsgrad",
      () => new Adam({ amsgrad: true }),
      ["iteration", "learning_rate", "a_momentum", "a_velocity", "dense_b_momentum", "dense_b_velocity", "a_velocity_hat", "dense_b_velocity_hat"],
    ],
    [
      "RMSprop centered with momentum",
      () => new RMSprop({ momentum: 0.5, centered: true }),
      ["iteration", "learning_rate", "a_velocity", "dense_b_velocity", "a_momentum", "dense_b_momentum", "a_average_gradient", "dense_b_average_gradient"],
    ],
    ["Adagrad", () => new Adagrad(), ["iteration", "learning_rate", "a_accumulator", "dense_b_accumulator"]],
  ];

  it.each(cases)("%s", (_name, make, names) => {
    const opt = make();
    const vars = [a(), b()];
    expect(opt.built).toBe(false);
    opt.build(vars);
    expect(opt.built).toBe(true);
    expect(opt.variables().map((v) => v.name)).toEqual(names);
    for (const slot of opt.variables().slice(2)) {
      expect(slot.trainable).toBe(false);
      expect(slot.shape).toEqual(slot.name.startsWith("a_") ? [2] : [1, 3]);
    }
    opt.build([a()]); // a second build does nothing, as in Keras
    expect(opt.variables().length).toBe(names.length);
  });

  it("slots take the variable's dtype; Adagrad's accumulators start at initialAccumulatorValue", () => {
    const opt = new Adagrad({ initialAccumulatorValue: 0.25 });
    opt.build([new tf.Variable(tf.zeros([3], "float64"))]);
    const acc = opt.variables()[2];
    expect(acc.dtype).toBe("float64");
    expect(acc.array()).toEqual([0.25, 0.25, 0.25]);
  });

  it("applyGradients builds on its first call, with every variable it is given", () => {
    const opt = new Adam();
    const x = new tf.Variable([1]);
    const y = new tf.Variable([2]);
    opt.applyGradients([
      [tf.tensor([1]), x],
      [null, y],
    ]);
    expect(opt.variables().length).toBe(6);
    expect(y.array()).toEqual([2]);
  });
});

describe("excludeFromWeightDecay", () => {
  it("varNames match as parts of the name; a later call replaces the exclusions", () => {
    const kernel = new tf.Variable(1, { name: "dense/kernel" });
    const bias = new tf.Variable(1, { name: "dense/bias" });
    const other = new tf.Variable(1, { name: "other" });
    const opt = new SGD({ learningRate: 1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay({ varNames: ["bias"], vars: [other] });
    const zero = tf.constant(0);
    opt.applyGradients(tf.zip([zero, zero, zero], [kernel, bias, other]));
    expect([kernel.item(), bias.item(), other.item()]).toEqual([0.5, 1, 1]);
    opt.excludeFromWeightDecay({ varNames: ["kern"] });
    opt.applyGradients(tf.zip([zero, zero, zero], [kernel, bias, other]));
    expect([kernel.item(), bias.item(), other.item()]).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("getWeights and setWeights", () => {
  function trained(opt: tf.optimizers.Optimizer, w: tf.Variable, steps: number, seed: number): void {
    for (let i = 0; i < steps; i++) opt.applyGradients([[tf.random.normal(w.shape, { seed: seed + i }), w]]);
  }

  it("getWeights returns copies: later steps do not change them; setWeights restores them", () => {
    const w = new tf.Variable(tf.random.normal([3, 4], { seed: 1 }));
    const opt = new Adam({ learningRate: 0.01 });
    trained(opt, w, 3, 10);
    const saved = opt.getWeights();
    const savedValues = saved.map((t) => t.array());
    const savedW = w.value().array();
    trained(opt, w, 2, 20);
    expect(saved.map((t) => t.array())).toEqual(savedValues);
    expect(opt.iterations.item()).toBe(5);
    opt.setWeights(saved);
    w.assign(savedW as number[][]);
    expect(opt.getWeights().map((t) => t.array())).toEqual(savedValues);
    expect(opt.iterations.item()).toBe(3);
    // The restored optimizer continues exactly as the original did.
    const again = new tf.Variable(savedW as number[][]);
    const twin = new Adam({ learningRate: 0.01 });
    twin.build([again]);
    twin.setWeights(saved);
    trained(opt, w, 2, 20);
    trained(twin, again, 2, 20);
    expect(again.array()).toEqual(w.array());
  });

  it.each([
    ["Adam", () => new Adam({ learningRate: 0.01, amsgrad: true })],
    ["RMSprop", () => new RMSprop({ learningRate: 0.01, momentum: 0.9, centered: true })],
    ["Adagrad", () => new Adagrad({ learningRate: 0.1 })],
    ["SGD", () => new SGD({ learningRate: 0.1, momentum: 0.9 })],
  ] as const)("%s: setWeights before the first step restores a checkpoint into a fresh optimizer", (_name, make) => {
    const initial = tf.random.normal([5], { seed: 3 });
    const w1 = new tf.Variable(initial);
    const first = make();
    trained(first, w1, 4, 30);
    const checkpoint = first.getWeights().map((t) => t.data());
    const w2 = new tf.Variable(w1.value());
    const fresh = make();
    fresh.setWeights(checkpoint.map((d, i) => tf.tensor(Array.from(d), first.variables()[i].shape, first.variables()[i].dtype)));
    expect(fresh.built).toBe(false);
    expect(fresh.iterations.item()).toBe(4); // iteration and learning_rate are restored at once
    trained(first, w1, 3, 40);
    trained(fresh, w2, 3, 40);
    expect(w2.array()).toEqual(w1.array());
    expect(fresh.getWeights().map((t) => t.array())).toEqual(first.getWeights().map((t) => t.array()));
  });

  it("weights that do not fit throw clear errors, and the optimizer keeps working", () => {
    const w = new tf.Variable([1, 2]);
    const opt = new Adam();
    opt.build([w]);
    expect(() => opt.setWeights([0, 0.001])).toThrow(/Adam\.setWeights: got 2 weights, but this optimizer has 4 \(iteration, learning_rate, Variable_momentum, Variable_velocity\)/);
    expect(() => opt.setWeights([0, 0.001, [1, 2, 3], [0, 0]])).toThrow(
      /Adam\.setWeights: weights\[2\] has shape \[3\] but optimizer variable 'Variable_momentum' has shape \[2\]/,
    );
    expect(() => opt.setWeights([0, 0.001, tf.tensor([1, 2], [2], "float64"), [0, 0]])).toThrow(
      /weights\[2\] is float64 but optimizer variable 'Variable_momentum' is float32; cast it/,
    );
    expect(() => opt.setWeights([1.5, 0.001, [1, 2], [0, 0]])).not.toThrow(); // an int32 iteration from a number
    expect(opt.iterations.item()).toBe(1);
    opt.applyGradients([[tf.tensor([1, 1]), w]]);
    expect(opt.iterations.item()).toBe(2);
  });

  it("slot weights given before build that do not fit throw at build, and build can be retried", () => {
    const w = new tf.Variable([1, 2]);
    const opt = new Adam();
    opt.setWeights([3, 0.5, [1, 1, 1]]);
    expect(opt.iterations.item()).toBe(3);
    expect(opt.learningRate).toBe(0.5);
    expect(() => opt.applyGradients([[tf.tensor([1, 1]), w]])).toThrow(
      /Adam\.build: setWeights was given 3 weights before the first step, but built on these variables this optimizer has 4/,
    );
    expect(opt.built).toBe(false);
    expect(w.array()).toEqual([1, 2]);
    opt.setWeights([3, 0.5, [0.5, 0.5], [1, 1]]);
    opt.applyGradients([[tf.tensor([1, 1]), w]]);
    expect(opt.built).toBe(true);
    expect(opt.variables()[2].array()).toEqual([0.55, 0.55].map(Math.fround));
    expect(opt.iterations.item()).toBe(4);
  });
});

describe("tf.zip", () => {
  it("pairs like Python's zip, stopping at the shorter", () => {
    expect(tf.zip([1, 2, 3], ["a", "b", "c"])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(tf.zip([1, 2, 3], ["a"])).toEqual([[1, "a"]]);
    expect(tf.zip(new Set([1, 2]), [true, false], "xy")).toEqual([
      [1, true, "x"],
      [2, false, "y"],
    ]);
    expect(tf.zip()).toEqual([]);
    expect(() => tf.zip([1], 5 as never)).toThrow(/zip: argument 1 is not iterable/);
    expect(() => tf.zip(undefined as never)).toThrow(/zip: argument 0 is not iterable/);
  });

  it("applyGradients takes any iterable of pairs, e.g. a generator", () => {
    const w = new tf.Variable(1);
    function* pairs(): Generator<[tf.Tensor, tf.Variable]> {
      yield [tf.constant(1), w];
    }
    new SGD({ learningRate: 0.5 }).applyGradients(pairs());
    expect(w.item()).toBe(0.5);
  });
});

describe("minimize", () => {
  it("records the loss on a tape, applies the gradients and returns the loss", () => {
    const w = new tf.Variable(3);
    const opt = new SGD({ learningRate: 0.25 });
    const loss = opt.minimize(() => tf.square(w), [w]);
    expect(loss.item()).toBe(9);
    expect(w.item()).toBe(1.5);
    expect(opt.iterations.item()).toBe(1);
  });

  it("a variable the loss does not read is left alone (with a warning), one it reads is updated", () => {
    const used = new tf.Variable(2);
    const unused = new tf.Variable(5, { name: "unused_in_minimize" });
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      new SGD({ learningRate: 0.5 }).minimize(() => tf.mul(used, 3), [used, unused]);
    } finally {
      console.warn = warn;
    }
    expect([used.item(), unused.item()]).toEqual([0.5, 5]);
    expect(warnings.join("\n")).toMatch(/Gradients do not exist for variables \['unused_in_minimize'\]/);
  });
});

describe("errors name the method, the variable, the shapes and the fix; the engine keeps working", () => {
  const w = (): tf.Variable => new tf.Variable([[1, 2, 3]], { name: "kernel" });

  it.each([
    ["a tensor instead of a variable", () => new SGD().applyGradients([[tf.ones([2]), tf.ones([2]) as never]]), /SGD\.applyGradients: pairs\[0\]\[1\] must be a tf\.Variable, got Tensor#\d+ \(float32 \[2\]\); optimizers update variables in place/],
    ["an int32 variable", () => new Adam().applyGradients([[tf.ones([2], "int32"), new tf.Variable([1, 2], { dtype: "int32", name: "count" })]]), /Adam\.applyGradients: variable 'count' is int32 \[2\], but optimizers only update float32 and float64 variables/],
    ["a gradient of another shape", () => new Adam().applyGradients([[tf.ones([3, 1]), w()]]), /Adam\.applyGradients: the gradient for variable 'kernel' has shape \[3,1\] but the variable has shape \[1,3\]; each gradient must have its variable's shape/],
    ["a pair that is not a pair", () => new RMSprop().applyGradients([tf.ones([2]) as never]), /RMSprop\.applyGradients: pairs\[0\] must be a \[gradient, variable\] pair, got Tensor; build the pairs with tf\.zip/],
    ["not an iterable", () => new RMSprop().applyGradients(5 as never), /expected an iterable of \[gradient, variable\] pairs, got number 5/],
    ["a freed gradient", () => {
      const g = tf.ones([1, 3]);
      g.dispose();
      new Adagrad().applyGradients([[g, w()]]);
    }, /disposed by dispose\(\)/],
    ["an unknown option", () => new Adam({ learning_rate: 0.1 } as never), /Adam: Argument\(s\) not recognized: learning_rate; the options are learningRate, weightDecay/],
    ["a learning rate that is not a number or schedule", () => new Adam({ learningRate: "0.1" } as never), /Adam: Argument learningRate should be a number, a tf\.optimizers\.schedules\.LearningRateSchedule/],
    ["setting a rate that is not a number", () => {
      const opt = new SGD();
      (opt as { learningRate: unknown }).learningRate = "fast";
    }, /SGD\.learningRate: the learning rate must be a number/],
    ["minimize without a function", () => new SGD().minimize(5 as never, [w()]), /SGD\.minimize: lossFn must be a function/],
    ["minimize with a tensor in varList", () => new SGD().minimize(() => tf.ones([]), [tf.ones([]) as never]), /SGD\.minimize: varList\[0\] must be a tf\.Variable/],
    ["excludeFromWeightDecay names that are not strings", () => new SGD().excludeFromWeightDecay({ varNames: [1 as never] }), /varNames must be an array of strings/],
  ] as const)("%s", (_name, fn, message) => {
    expect(fn).toThrow(message as RegExp);
    const v = new tf.Variable([1, 2]);
    new SGD({ learningRate: 1 }).applyGradients([[tf.tensor([0.5, 0.5]), v]]);
    expect(v.array()).toEqual([0.5, 1.5]);
  });

  it("a variable the optimizer was not built with: Keras's Unknown variable message", () => {
    const opt = new Adam();
    opt.applyGradients([[tf.ones([1, 3]), w()]]);
    expect(() => opt.applyGradients([[tf.ones([2]), new tf.Variable([1, 2], { name: "late" })]])).toThrow(
      /Adam\.applyGradients: Unknown variable: <tf\.Variable 'late:0' shape=\(2,\) dtype=float32, numpy=\[1\. 2\.\]>\. This optimizer can only be called for the variables it was originally built with/,
    );
  });

  it("an error in any pair leaves every variable and the step count unchanged", () => {
    const a = new tf.Variable([1, 2]);
    const b = new tf.Variable([3]);
    const opt = new SGD({ learningRate: 1 });
    expect(() => opt.applyGradients([
      [tf.tensor([1, 1]), a],
      [tf.tensor([1, 1]), b],
    ])).toThrow(/gradient for variable 'Variable' has shape \[2\] but the variable has shape \[1\]/);
    expect([a.array(), b.array(), opt.iterations.item(), opt.built]).toEqual([[1, 2], [3], 0, false]);
  });

  it("build with a bad entry builds nothing; a later build uses the whole list", () => {
    const a = new tf.Variable([1]);
    const b = new tf.Variable([2]);
    const opt = new tf.optimizers.Adam();
    expect(() => opt.build([a, b, tf.ones([1]) as never])).toThrow(/Adam\.build: varList\[2\] must be a tf\.Variable/);
    expect(opt.built).toBe(false);
    opt.build([a, b]);
    expect(opt.variables().length).toBe(6);
  });

  it("an empty list of pairs is a no-op, as in Keras", () => {
    const opt = new Adam();
    opt.applyGradients([]);
    expect([opt.iterations.item(), opt.built]).toEqual([0, false]);
  });
});

describe("details of the step", () => {
  it("a gradient of another float dtype is cast to the variable's, as Keras casts it", () => {
    const w = new tf.Variable(tf.tensor([1, 2], [2], "float64"));
    new SGD({ learningRate: 0.5 }).applyGradients([[tf.tensor([1, 1], [2], "float32"), w]]);
    expect(w.array()).toEqual([0.5, 1.5]);
    expect(w.dtype).toBe("float64");
  });

  it("gradients may be plain arrays or variables", () => {
    const w = new tf.Variable([1, 2]);
    const opt = new SGD({ learningRate: 1 });
    opt.applyGradients([[[0.5, 0.5], w]]);
    opt.applyGradients([[new tf.Variable([0.25, 0.25]), w]]);
    expect(w.array()).toEqual([0.25, 1.25]);
  });

  it("a variable listed twice gets both steps, one after the other", () => {
    const w = new tf.Variable(1);
    new SGD({ learningRate: 0.25 }).applyGradients([
      [tf.constant(1), w],
      [tf.constant(1), w],
    ]);
    expect(w.item()).toBe(0.5);
  });

  it("a tape that still holds the variable keeps the values it read (copy on write)", () => {
    const w = new tf.Variable(2);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => tf.mul(w, w));
    const opt = new SGD({ learningRate: 0.5 });
    opt.applyGradients([[tape.gradient(y, w), w]]);
    expect(w.item()).toBe(0);
    expect(tape.gradient(y, w)!.item()).toBe(4); // still d(w*w)/dw at the value the tape read
  });
});
