// Keras 3's own optimizer tests (keras/src/optimizers/*_test.py), in float32 and float64: one step
// on fixed variables and gradients, weight decay with exclusions, several steps against Keras's
// golden values, and clipping. Keras's tolerances are kept.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectClose } from "../util/close.js";

type Dtype = "float32" | "float64";
const DTYPES = ["float32", "float64"] as const;
type Make = (options?: tf.optimizers.OptimizerOptions & Record<string, unknown>) => tf.optimizers.Optimizer;

interface KerasCase {
  name: string;
  make: Make;
  /** test_single_step: learningRate 0.5, variable [1, 2, 3, 4], gradient [1, 6, 7, 2]. */
  singleStep: number[];
  /** test_correctness_with_golden: the options, then the values after steps 1..5. */
  goldenOptions: Record<string, unknown>;
  golden: number[][];
}

const tile = (rows: number[]): number[][] => rows.map((v) => new Array<number>(10).fill(v));

const KERAS: KerasCase[] = [
  {
    name: "SGD",
    make: (o) => new tf.optimizers.SGD(o),
    singleStep: [0.5, -1.0, -0.5, 3.0],
    goldenOptions: { nesterov: true },
    golden: [
      [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
      [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
      [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
      [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
      [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ],
  },
  {
    name: "Adam",
    make: (o) => new tf.optimizers.Adam(o),
    singleStep: [0.5, 1.5, 2.5, 3.5],
    goldenOptions: { amsgrad: true },
    golden: tile([0.999, 0.9982, 0.9974, 0.9965, 0.9955]),
  },
  {
    name: "AdamW",
    make: (o) => new tf.optimizers.AdamW(o),
    singleStep: [0.498, 1.496, 2.494, 3.492],
    goldenOptions: { learningRate: 1.0, weightDecay: 0.5, epsilon: 2 },
    golden: [
      [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
      [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
      [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
      [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
      [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ],
  },
  {
    name: "RMSprop",
    make: (o) => new tf.optimizers.RMSprop(o),
    singleStep: [-0.5811, 0.4189, 1.4189, 2.4189],
    goldenOptions: { centered: true },
    golden: tile([0.9967, 0.9933, 0.9908, 0.9885, 0.9864]),
  },
  {
    name: "Adagrad",
    make: (o) => new tf.optimizers.Adagrad(o),
    singleStep: [0.5233, 1.5007, 2.5005, 3.5061],
    goldenOptions: { learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6 },
    golden: [
      [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
      [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
      [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
      [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
      [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ],
  },
];

describe.each(KERAS)("$name (Keras's tests)", (c) => {
  it.each(DTYPES)("%s: test_single_step", (dtype: Dtype) => {
    const opt = c.make({ learningRate: 0.5 });
    const v = new tf.Variable(tf.tensor([1, 2, 3, 4], [4], dtype));
    opt.applyGradients(tf.zip([tf.tensor([1, 6, 7, 2], [4], dtype)], [v]));
    expectClose(v.data(), c.singleStep, { rtol: 1e-4, atol: 1e-4 });
  });

  it.each(DTYPES)("%s: test_weight_decay, excluding by name and by variable", (dtype: Dtype) => {
    const grads = tf.zeros([], dtype);
    const var1 = new tf.Variable(tf.constant(2, dtype));
    const var2 = new tf.Variable(tf.constant(2, dtype), { name: "exclude" });
    const var3 = new tf.Variable(tf.constant(2, dtype));
    const optimizer1 = c.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer1.applyGradients(tf.zip([grads], [var1]));
    const optimizer2 = c.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer2.excludeFromWeightDecay({ varNames: ["exclude"] });
    optimizer2.applyGradients(tf.zip([grads, grads], [var1, var2]));
    const optimizer3 = c.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer3.excludeFromWeightDecay({ vars: [var3] });
    optimizer3.applyGradients(tf.zip([grads, grads], [var1, var3]));
    expect(var1.item()).toBeCloseTo(1.9760959, 6);
    expect(var2.item()).toBe(2);
    expect(var3.item()).toBe(2);
  });

  it.each(DTYPES)("%s: test_correctness_with_golden (5 steps after a first small gradient)", (dtype: Dtype) => {
    const opt = c.make(c.goldenOptions);
    const x = new tf.Variable(tf.ones([10], dtype));
    const grads = tf.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [10], dtype);
    const firstGrads = tf.fill([10], 0.01, dtype);
    opt.applyGradients(tf.zip([firstGrads], [x]));
    for (let i = 0; i < 5; i++) {
      expectClose(x.data(), c.golden[i], { rtol: 5e-4, atol: 5e-4 });
      opt.applyGradients(tf.zip([grads], [x]));
    }
  });

  it.each(DTYPES)("%s: test_clip_norm and test_clip_value: [100, 100] is applied as Keras's clipped gradient", (dtype: Dtype) => {
    for (const [options, clipped] of [
      [{ clipnorm: 1 }, [Math.SQRT1_2, Math.SQRT1_2]],
      [{ clipvalue: 1 }, [1, 1]],
    ] as const) {
      const a = new tf.Variable(tf.tensor([1, 2], [2], dtype));
      const b = new tf.Variable(tf.tensor([1, 2], [2], dtype));
      c.make({ learningRate: 0.5, ...options }).applyGradients([[tf.tensor([100, 100], [2], dtype), a]]);
      c.make({ learningRate: 0.5 }).applyGradients([[tf.tensor(clipped, [2], dtype), b]]);
      expectClose(a.data(), b.data(), { rtol: 1e-6, atol: 1e-6 });
    }
  });
});

describe("Keras's base optimizer tests", () => {
  it("SGD test_single_step: two variables (iteration, learning rate) before and after the step", () => {
    const optimizer = new tf.optimizers.SGD({ learningRate: 0.5 });
    expect(optimizer.variables().length).toBe(2);
    const vars = new tf.Variable([1.0, 2.0, 3.0, 4.0]);
    optimizer.build([vars]);
    optimizer.applyGradients(tf.zip([tf.tensor([1.0, 6.0, 7.0, 2.0])], [vars]));
    expectClose(vars.data(), [0.5, -1.0, -0.5, 3.0], { rtol: 1e-4, atol: 1e-4 });
    expect(optimizer.variables().length).toBe(2);
    expect(optimizer.variables()[0].item()).toBe(1);
    expect(optimizer.variables()[1].item()).toBe(0.5);
  });

  it("test_iterations_counter", () => {
    const v = new tf.Variable([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    const grads = tf.ones([2, 2]);
    const optimizer = new tf.optimizers.Adam({ learningRate: 1.0 });
    expect(optimizer.iterations.item()).toBe(0);
    optimizer.applyGradients([[grads, v]]);
    expect(optimizer.iterations.item()).toBe(1);
    optimizer.applyGradients([[grads, v]]);
    expect(optimizer.iterations.item()).toBe(2);
  });

  it("test_global_clip_norm: [50, 100] / its norm", () => {
    const v = new tf.Variable([0, 0]);
    new tf.optimizers.SGD({ learningRate: 1, globalClipnorm: 1 }).applyGradients([[tf.tensor([50, 100]), v]]);
    const norm = Math.hypot(50, 100);
    expectClose(v.data(), [-50 / norm, -100 / norm]);
  });

  it("test_empty_gradients: all null throws; one null is skipped with a warning", () => {
    const v = new tf.Variable([
      [3.0, 4.0],
      [5.0, 6.0],
    ]);
    expect(() => new tf.optimizers.SGD({ learningRate: 1.0 }).applyGradients([[null, v]])).toThrow(
      /SGD\.applyGradients: No gradients provided for any variable: \['Variable'\]/,
    );
    const v2 = new tf.Variable([
      [3.0, 4.0],
      [5.0, 6.0],
    ]);
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (message: unknown) => warnings.push(message);
    try {
      new tf.optimizers.SGD({ learningRate: 1.0 }).applyGradients([
        [null, v],
        [tf.ones([2, 2]), v2],
      ]);
    } finally {
      console.warn = warn;
    }
    expect(String(warnings[0])).toMatch(/Gradients do not exist for variables \['Variable'\]/);
    expect(v.array()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(v2.array()).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });

  it("test_clip_args: the values are kept, and at most one can be set", () => {
    expect(new tf.optimizers.SGD({ learningRate: 1.0, clipnorm: 0.1 }).clipnorm).toBe(0.1);
    expect(new tf.optimizers.SGD({ learningRate: 1.0, clipvalue: 0.1 }).clipvalue).toBe(0.1);
    expect(new tf.optimizers.SGD({ learningRate: 1.0, globalClipnorm: 0.1 }).globalClipnorm).toBe(0.1);
    const message = /Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set/;
    expect(() => new tf.optimizers.SGD({ learningRate: 1.0, clipnorm: 0.1, clipvalue: 0.1 })).toThrow(message);
    expect(() => new tf.optimizers.SGD({ learningRate: 1.0, clipnorm: 0.1, globalClipnorm: 0.1 })).toThrow(message);
  });

  it("test_set_weights: a second Adam takes the first one's variables", () => {
    const x = new tf.Variable([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    const optimizer1 = new tf.optimizers.Adam();
    optimizer1.applyGradients(tf.zip([tf.tensor([[1.0, 2.0], [3.0, 4.0]])], [x]));
    const optimizer2 = new tf.optimizers.Adam();
    optimizer2.build([x]);
    optimizer2.setWeights(optimizer1.variables());
    const a = optimizer1.variables();
    const b = optimizer2.variables();
    expect(b.length).toBe(a.length);
    a.forEach((v, i) => expect(b[i].array()).toEqual(v.array()));
  });

  it("test_callable_learning_rate", () => {
    const v = new tf.Variable([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    const optimizer = new tf.optimizers.SGD({ learningRate: () => 0.1 });
    optimizer.applyGradients([[tf.ones([2, 2]), v]]);
    expectClose(v.data(), [0.9, 1.9, 2.9, 3.9]);
    expect(optimizer.iterations.item()).toBe(1);
  });

  it("test_invalid_momentum (SGD)", () => {
    expect(() => new tf.optimizers.SGD({ momentum: -1.0 })).toThrow(/`momentum` must be a float between \[0, 1\]\./);
    expect(() => new tf.optimizers.SGD({ momentum: 2.0 })).toThrow(/`momentum` must be a float between \[0, 1\]\./);
  });

  it("test_weight_decay_is_none (AdamW)", () => {
    expect(() => new tf.optimizers.AdamW({ learningRate: 1.0, weightDecay: null })).toThrow(
      /Argument `weightDecay` must be a float\. Received: weightDecay=null/,
    );
  });

  it("the RMSprop docstring example: 10 -> 9.683772 after one minimize of var**2 / 2", () => {
    const opt = new tf.optimizers.RMSprop({ learningRate: 0.1 });
    const var1 = new tf.Variable(10.0);
    opt.minimize(() => tf.div(tf.square(var1), 2), [var1]);
    expect(String(var1)).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=9.683772>");
  });
});
