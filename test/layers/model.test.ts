// Models: variable tracking and its order (subclassed Model, Sequential, nested layers), freezing,
// explicit build, getWeights/setWeights, the training flag, names.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";

const summarize = (vars: tf.Variable[]): string[] => vars.map((v) => `${v.name} ${JSON.stringify(v.shape)}`);

class TwoDense extends tf.Model {
  dense1 = new tf.layers.Dense(8, { activation: "relu" });
  dense2 = new tf.layers.Dense(3);

  override call(x: tf.Tensor): tf.Tensor {
    return this.dense2.apply(this.dense1.apply(x));
  }
}

/** A layer with its own weights (addWeight and a Variable property) and a list of sublayers. */
class Block extends tf.Layer {
  scale = new tf.Variable(2, { name: "scale" });
  stack: [tf.layers.Dense, { head: tf.layers.Dense }] = [new tf.layers.Dense(4), { head: new tf.layers.Dense(2) }];
  offset: tf.Variable | null = null;

  override build(inputShape: tf.layers.ShapeLike): void {
    this.offset = this.addWeight({ name: "offset", shape: [inputShape[inputShape.length - 1]!], initializer: "ones", trainable: false });
  }

  override call(x: tf.Tensor): tf.Tensor {
    return this.stack[1].head.apply(this.stack[0].apply(tf.mul(tf.add(x, this.offset!), this.scale)));
  }
}

describe("variable tracking", () => {
  it("a subclassed Model tracks the layers of its properties in property order, built by the first call", () => {
    const model = new TwoDense();
    expect(model.layers).toEqual([model.dense1, model.dense2]);
    expect(model.variables).toEqual([]);
    const y = model.apply(tf.ones([2, 5]));
    expect(y.shape).toEqual([2, 3]);
    expect(summarize(model.trainableVariables)).toEqual(["kernel [5,8]", "bias [8]", "kernel [8,3]", "bias [3]"]);
    expect(model.trainableVariables[0]).toBe(model.dense1.kernel);
    expect(model.nonTrainableVariables).toEqual([]);
    expect(model.countParams()).toBe(5 * 8 + 8 + 8 * 3 + 3);
  });

  it("a layer's own weights come first (creation order, then properties), then its sublayers', in arrays and objects too", () => {
    const block = new Block();
    block.apply(tf.ones([1, 3]));
    expect(summarize(block.variables)).toEqual(["offset [3]", "scale []", "kernel [3,4]", "bias [4]", "kernel [4,2]", "bias [2]"]);
    expect(summarize(block.trainableVariables)).toEqual(["scale []", "kernel [3,4]", "bias [4]", "kernel [4,2]", "bias [2]"]);
    expect(summarize(block.nonTrainableVariables)).toEqual(["offset [3]"]);
    expect(block.weights).toEqual(block.variables);
  });

  it("nested models list each variable once, depth first", () => {
    class Outer extends tf.Model {
      inner = new TwoDense();
      head = new tf.layers.Dense(1);
      again = this.head; // the same layer twice is tracked once
      override call(x: tf.Tensor): tf.Tensor {
        return this.head.apply(this.inner.apply(x));
      }
    }
    const model = new Outer();
    model.apply(tf.ones([1, 2]));
    expect(summarize(model.variables)).toEqual(["kernel [2,8]", "bias [8]", "kernel [8,3]", "bias [3]", "kernel [3,1]", "bias [1]"]);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(["TwoDense", "Dense"]);
  });

  it("Sequential tracks its layers in order", () => {
    const model = new tf.Sequential([new tf.layers.Dense(4, { inputShape: [2] }), new tf.layers.Dropout(0.5), new tf.layers.Dense(1)]);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(["Dense", "Dropout", "Dense"]);
    expect(summarize(model.variables)).toEqual(["kernel [2,4]", "bias [4]", "kernel [4,1]", "bias [1]"]);
  });
});

describe("trainable", () => {
  it("freezing a sublayer moves its weights to nonTrainableVariables, and tapes stop watching them", () => {
    const model = new TwoDense();
    model.build([null, 2]);
    model.dense1.trainable = false;
    expect(summarize(model.trainableVariables)).toEqual(["kernel [8,3]", "bias [3]"]);
    expect(summarize(model.nonTrainableVariables)).toEqual(["kernel [2,8]", "bias [8]"]);
    expect(model.dense1.kernel.trainable).toBe(false);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceSum(model.apply([[1, 2]])));
    const [frozen, live] = tape.gradient(loss, [model.dense1.kernel, model.dense2.kernel]);
    expect(frozen).toBeNull();
    expect(live).not.toBeNull();
    model.dense1.trainable = true;
    expect(model.trainableVariables.length).toBe(4);
  });

  it("freezing a model freezes every layer in it; a weight made non-trainable stays so when thawed", () => {
    const block = new Block();
    block.apply(tf.ones([1, 3]));
    const model = new tf.Sequential([block]);
    model.trainable = false;
    expect(model.trainableVariables).toEqual([]);
    expect(model.nonTrainableVariables.length).toBe(6);
    expect(block.stack[0] instanceof tf.layers.Dense && block.stack[0].trainable).toBe(false);
    model.trainable = true;
    expect(summarize(model.nonTrainableVariables)).toEqual(["offset [3]"]);
  });

  it("a layer made with trainable: false creates non-trainable weights", () => {
    const layer = new tf.layers.Dense(2, { trainable: false });
    layer.apply([[1]]);
    expect([layer.trainableVariables.length, layer.nonTrainableVariables.length, layer.kernel.trainable]).toEqual([0, 2, false]);
    layer.trainable = true;
    expect(layer.trainableVariables.length).toBe(2);
  });
});

describe("build", () => {
  it("Model.build runs call on zeros so that every layer builds; the batch dimension may be null", () => {
    const model = new TwoDense();
    model.build([null, 6]);
    expect(model.built).toBe(true);
    expect(summarize(model.variables)).toEqual(["kernel [6,8]", "bias [8]", "kernel [8,3]", "bias [3]"]);
  });

  it("Sequential.build creates the weights before any call; inputShape on the first layer builds at once", () => {
    const model = new tf.Sequential([new tf.layers.Dense(4), new tf.layers.Dense(2)]);
    expect(model.built).toBe(false);
    model.build([null, 3]);
    expect(summarize(model.variables)).toEqual(["kernel [3,4]", "bias [4]", "kernel [4,2]", "bias [2]"]);
    const eager = new tf.Sequential([new tf.layers.Dense(4, { inputDim: 3 })]);
    expect(eager.built).toBe(true);
    eager.add(new tf.layers.Dense(5));
    expect(summarize(eager.variables)).toEqual(["kernel [3,4]", "bias [4]", "kernel [4,5]", "bias [5]"]);
    expect(eager.apply(tf.ones([2, 3])).shape).toEqual([2, 5]);
    expect(() => eager.build([null, 7])).toThrow(/has already been configured to use input shape \[null,3\].*you cannot build it with input shape \[null,7\]/);
  });

  it("Sequential is built by its first call, applies its layers in order, and add/pop change it", () => {
    const model = new tf.Sequential();
    expect(() => model.build([null, 2])).toThrow(/cannot be built because it has no layers/);
    model.add(new tf.layers.Dense(3, { kernelInitializer: "ones" }));
    model.add(new tf.layers.Dense(1, { kernelInitializer: "ones" }));
    expect(model.apply([[1, 2]]).array()).toEqual([[9]]);
    model.add(new tf.layers.Activation((x) => tf.neg(x)));
    expect(model.apply([[1, 2]]).array()).toEqual([[-9]]);
    expect(model.pop().constructor.name).toBe("Activation");
    expect(model.apply([[1, 2]]).array()).toEqual([[9]]);
    expect(() => model.add(new tf.layers.Dense(1, { name: model.layers[0].name }))).toThrow(/should have unique names/);
    expect(() => model.add({} as tf.Layer)).toThrow(/only layers can be added/);
    expect(() => model.apply([[1, 2, 3]])).toThrow(/expected axis -1 of input shape to have value 2, but received input with shape \[1,3\]/);
  });

  it("nested arrays given to a float64 Sequential become float64, without a float32 rounding", () => {
    const model = new tf.Sequential([new tf.layers.Dense(1, { dtype: "float64", kernelInitializer: "ones", useBias: false })]);
    expect(model.apply([[0.1, 0.2]]).item()).toBe(0.1 + 0.2);
  });

  it("new Sequential({ layers, name }) is accepted as in TensorFlow.js", () => {
    const model = new tf.Sequential({ layers: [new tf.layers.Dense(2)], name: "mlp" });
    expect([model.name, model.layers.length]).toEqual(["mlp", 1]);
  });

  it("a custom layer's build is wrapped: calling it marks the layer built", () => {
    const block = new Block();
    block.build([null, 5]);
    expect(block.built).toBe(true);
    expect(block.offset!.shape).toEqual([5]);
    expect(() => new tf.Layer().apply([[1]])).toThrow(/Layer '.*'\.call: the layer has no call method/);
    expect(() => new tf.Model().apply([[1]])).toThrow(/a Model subclass must override call/);
  });

  it("getLayer finds a layer by name or index", () => {
    const model = new TwoDense();
    expect(model.getLayer(1)).toBe(model.dense2);
    expect(model.getLayer(model.dense1.name)).toBe(model.dense1);
    expect(() => model.getLayer("nope")).toThrow(/no layer named "nope"/);
  });
});

describe("getWeights and setWeights", () => {
  it("round trip: another model with the weights of the first computes the same", () => {
    const a = new TwoDense();
    const b = new TwoDense();
    const x = tf.random.normal([4, 3], { seed: 1 });
    a.apply(x);
    b.build([null, 3]);
    const weights = a.getWeights();
    expect(weights.map((w) => w.shape)).toEqual([[3, 8], [8], [8, 3], [3]]);
    b.setWeights(weights);
    expect(b.apply(x).array()).toEqual(a.apply(x).array());
    // Copies: changing the model does not change what getWeights returned.
    a.dense1.kernel.assign(tf.zerosLike(a.dense1.kernel));
    expect(weights[0].data()).toEqual(b.dense1.kernel.data());
  });

  it("nested arrays are accepted; count, shape and dtype are checked before anything is copied", () => {
    const layer = new tf.layers.Dense(2, { name: "d" });
    expect(() => layer.setWeights([[1]])).toThrow(/has 0 weights \(none\) but 1 values were given.*not built yet/);
    layer.build([null, 1]);
    layer.setWeights([[[1, 2]], [3, 4]]);
    expect([layer.kernel.numpy(), layer.bias!.numpy()]).toEqual([[[1, 2]], [3, 4]]);
    expect(() => layer.setWeights([[[5, 6]]])).toThrow(
      /Dense 'd'\.setWeights: the layer has 2 weights \(kernel \[1,2\], bias \[2\]\) but 1 values were given/,
    );
    expect(() => layer.setWeights([[[5, 6]], [7, 8, 9]])).toThrow(/weight 1 \('bias'\) has shape \[2\] but the value has shape \[3\]/);
    expect(() => layer.setWeights([tf.constant([[5, 6]], "float64"), [7, 8]])).toThrow(
      /weight 0 \('kernel'\) is float32 but the value is float64; cast it with tf\.cast/,
    );
    expect(() => layer.setWeights("x" as unknown as number[])).toThrow(/weights must be an array/);
    expect([layer.kernel.numpy(), layer.bias!.numpy()]).toEqual([[[1, 2]], [3, 4]]);
  });

  it("setWeights inside a tape's record: the tape keeps the values it read", () => {
    const layer = new tf.layers.Dense(1, { kernelInitializer: "ones", useBias: false });
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const out = tf.reduceSum(tf.mul(layer.apply([[3]]), layer.kernel));
      layer.setWeights([[[10]]]);
      return out;
    });
    expect(y.item()).toBe(3);
    expect(tape.gradient(y, layer.kernel)!.item()).toBe(6);
    expect(layer.kernel.item()).toBe(10);
  });
});

describe("the training flag", () => {
  it("reaches the layers a model calls, and defaults to false", () => {
    const model = new tf.Sequential([new tf.layers.Dropout(0.5, { seed: 1 })]);
    const x = tf.ones([1, 1000]);
    expect(model.apply(x)).toBe(x); // not training: the input itself
    const dropped = model.apply(x, { training: true }).data();
    const zeros = dropped.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
    expect(dropped.every((v) => v === 0 || v === 2)).toBe(true);
  });

  it("a subclassed model's call passes it on without naming it; an explicit training: false wins inside", () => {
    const seen: (boolean | undefined)[] = [];
    class Probe extends tf.Layer {
      override call(x: tf.Tensor, options: tf.layers.CallOptions): tf.Tensor {
        seen.push(options.training);
        return x;
      }
    }
    class Net extends tf.Model {
      a = new Probe();
      b = new Probe();
      override call(x: tf.Tensor): tf.Tensor {
        return this.b.apply(this.a.apply(x), { training: false });
      }
    }
    const net = new Net();
    net.apply([[1]], { training: true });
    net.apply([[1]]);
    expect(seen).toEqual([true, false, false, false]);
    expect(() => net.apply([[1]], { training: 1 } as unknown as tf.layers.CallOptions)).toThrow(/training must be true or false/);
    expect(() => net.apply([[1]], { trainable: true } as unknown as tf.layers.CallOptions)).toThrow(/unknown option "trainable"/);
  });
});

describe("names", () => {
  it("are unique per class name in snake_case, as Keras names them; clearSession starts again", () => {
    tf.layers.clearSession();
    expect([new tf.layers.Dense(1).name, new tf.layers.Dense(1).name, new tf.layers.ReLU().name, new tf.layers.ReLU().name]).toEqual([
      "dense",
      "dense_1",
      "re_lu",
      "re_lu_1",
    ]);
    class MyModel extends tf.Model {}
    expect([new MyModel().name, new tf.Sequential().name, new tf.layers.Dense(1, { name: "dense" }).name]).toEqual([
      "my_model",
      "sequential",
      "dense",
    ]);
    expect(new tf.layers.Dense(1).name).toBe("dense_2");
    tf.layers.clearSession();
    expect(new tf.layers.Dense(1).name).toBe("dense");
    expect(String(new tf.layers.Flatten({ name: "f" }))).toBe("<Flatten name=f, built=true>");
  });

  it("come from a static className when a class declares one (a minifier may rename classes), else from the class's name", () => {
    tf.layers.clearSession();
    class MyDense extends tf.layers.Dense {}
    expect([new MyDense(1).name, new MyDense(1).className]).toEqual(["my_dense", "MyDense"]);
    class Minified extends tf.Layer {
      static override readonly className: string = "Residual";
    }
    Object.defineProperty(Minified, "name", { value: "t" });
    expect([new Minified().name, new Minified().className]).toEqual(["residual", "Residual"]);
    expect(tf.layers.Dense.className).toBe("Dense");
  });
});
