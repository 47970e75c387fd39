// summary(): the text Keras 3 prints for the same models (box table at Keras's default 76 columns,
// parameter totals with their size in B/KB/MB).
import { beforeEach, describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

function summaryOf(layer: tf.Layer): string {
  const printed: string[] = [];
  layer.summary((text) => printed.push(text));
  expect(printed.length).toBe(1);
  return printed[0];
}

/** A layer with BatchNormalization's weights (gamma, beta trainable; moving mean and variance not), computing nothing. */
class BatchNormalization extends tf.Layer {
  override build(inputShape: tf.layers.ShapeLike): void {
    const shape = [inputShape[inputShape.length - 1]!];
    this.addWeight({ name: "gamma", shape, initializer: "ones" });
    this.addWeight({ name: "beta", shape, initializer: "zeros" });
    this.addWeight({ name: "moving_mean", shape, initializer: "zeros", trainable: false });
    this.addWeight({ name: "moving_variance", shape, initializer: "ones", trainable: false });
  }

  override call(x: tf.Tensor): tf.Tensor {
    return x;
  }

  override computeOutputShape(inputShape: tf.layers.ShapeLike): (number | null)[] {
    return inputShape.slice();
  }
}

describe("summary", () => {
  beforeEach(() => tf.layers.clearSession());

  it("prints what Keras 3 prints for Flatten, Dense, ReLU and a named Activation", () => {
    const model = new tf.Sequential([
      new tf.layers.Flatten({ inputShape: [28, 28] }),
      new tf.layers.Dense(128),
      new tf.layers.ReLU(),
      new tf.layers.Dense(32),
      new tf.layers.ReLU(),
      new tf.layers.Dense(10),
      new tf.layers.Activation("softmax", { name: "Softmax1" }),
    ]);
    // Keras 3.x output of the same model (keras.Sequential with input_shape=(28, 28) on Flatten).
    expect(summaryOf(model)).toBe(
      `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ flatten (Flatten)               │ (None, 784)            │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 128)            │       100,480 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ re_lu (ReLU)                    │ (None, 128)            │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 32)             │         4,128 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ re_lu_1 (ReLU)                  │ (None, 32)             │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_2 (Dense)                 │ (None, 10)             │           330 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ Softmax1 (Activation)           │ (None, 10)             │             0 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 104,938 (409.91 KB)
 Trainable params: 104,938 (409.91 KB)
 Non-trainable params: 0 (0.00 B)`,
    );
  });

  it("wraps a long name over two lines and counts non-trainable weights, as Keras does", () => {
    const model = new tf.Sequential([new tf.layers.Dense(256, { inputShape: [128] }), new BatchNormalization({ name: "batch_normalization_4" })]);
    expect(summaryOf(model)).toBe(
      `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 256)            │        33,024 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ batch_normalization_4           │ (None, 256)            │         1,024 │
│ (BatchNormalization)            │                        │               │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 34,048 (133.00 KB)
 Trainable params: 33,536 (131.00 KB)
 Non-trainable params: 512 (2.00 KB)`,
    );
  });

  it("rounds sizes half to even like Python's format (1152 B is 1.12 KB) and counts float64 as 8 bytes", () => {
    const model = new tf.Sequential([new tf.layers.Dense(32, { inputShape: [8] })]);
    expect(summaryOf(model).split("\n").slice(-3)).toEqual([
      " Total params: 288 (1.12 KB)",
      " Trainable params: 288 (1.12 KB)",
      " Non-trainable params: 0 (0.00 B)",
    ]);
    const wide = new tf.Sequential([new tf.layers.Dense(1000, { inputShape: [1000], dtype: "float64" })]);
    expect(summaryOf(wide).split("\n").slice(-3)).toEqual([
      " Total params: 1,001,000 (7.64 MB)",
      " Trainable params: 1,001,000 (7.64 MB)",
      " Non-trainable params: 0 (0.00 B)",
    ]);
  });

  it("an unbuilt model shows ? and 0 (unbuilt); a subclassed model shows the shapes its layers were built for", () => {
    class MyModel extends tf.Model {
      dense1 = new tf.layers.Dense(64, { activation: "relu" });
      dense2 = new tf.layers.Dense(10);
      override call(x: tf.Tensor): tf.Tensor {
        return this.dense2.apply(this.dense1.apply(x));
      }
    }
    const model = new MyModel();
    const header = `Model: "my_model"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩`;
    expect(summaryOf(model)).toBe(
      `${header}
│ dense (Dense)                   │ ?                      │   0 (unbuilt) │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ ?                      │   0 (unbuilt) │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)`,
    );
    model.build([null, 784]);
    expect(summaryOf(model)).toBe(
      `${header}
│ dense (Dense)                   │ (None, 64)             │        50,240 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 10)             │           650 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 50,890 (198.79 KB)
 Trainable params: 50,890 (198.79 KB)
 Non-trainable params: 0 (0.00 B)`,
    );
  });

  it("a model built by a call shows that call's batch size, as Keras 3 does", () => {
    const model = new tf.Sequential([new tf.layers.Dense(3), new tf.layers.Dropout(0.1)]);
    model.apply(tf.zeros([32, 2]));
    const rows = summaryOf(model).split("\n").filter((line) => line.startsWith("│"));
    expect(rows).toEqual([
      "│ dense (Dense)                   │ (32, 3)                │             9 │",
      "│ dropout (Dropout)               │ (32, 3)                │             0 │",
    ]);
  });

  it("a model without layers prints an empty table; a plain layer prints itself", () => {
    expect(summaryOf(new tf.Sequential({ name: "empty" })).split("\n").slice(0, 4)).toEqual([
      'Model: "empty"',
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
      "└─────────────────────────────────┴────────────────────────┴───────────────┘",
    ]);
    const layer = new tf.layers.Dense(2);
    layer.apply([[1, 2, 3]]);
    expect(summaryOf(layer).split("\n")[0]).toBe('Layer: "dense"');
    expect(summaryOf(layer)).toContain("│ dense (Dense)                   │ (1, 2)                 │             8 │");
  });
});
