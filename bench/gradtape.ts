// gradtape behind the benchmark's engine interface. The measured ops are looked up by name, so
// the benchmark also runs on a build that does not have all of them yet.
import * as gt from "../src/index.js";
import type { Engine, MlpSpec, OpName, TrainingRun } from "./engine.js";

type Tensor = gt.Tensor;

interface MeasuredOps {
  add?: (a: Tensor, b: Tensor) => Tensor;
  relu?: (x: Tensor) => Tensor;
  exp?: (x: Tensor) => Tensor;
  matmul?: (a: Tensor, b: Tensor, options?: { transposeA?: boolean; transposeB?: boolean }) => Tensor;
}

const ops = gt as unknown as MeasuredOps;

function required<Name extends Exclude<OpName, "train">>(name: Name): NonNullable<MeasuredOps[Name]> {
  const op = ops[name];
  if (typeof op !== "function") throw new Error(`gradtape has no ${name} op in this build`);
  return op as NonNullable<MeasuredOps[Name]>;
}

let chainState: { w: gt.Variable; one: Tensor } | undefined;

export const gradtape: Engine<Tensor> = {
  name: "gradtape",
  activate: () => gt.ready(),
  has: (op) => (op === "train" ? typeof gt.optimizers?.Adam === "function" : typeof ops[op] === "function"),
  fromValues: (values, shape) => gt.tensor(values, shape, "float32"),
  read: (t) => t.data() as Float32Array,
  dispose: (t) => t.dispose(),
  add: (a, b) => required("add")(a, b),
  relu: (x) => required("relu")(x),
  exp: (x) => required("exp")(x),
  matmul: (a, b, transposeA, transposeB) =>
    transposeA || transposeB ? required("matmul")(a, b, { transposeA, transposeB }) : required("matmul")(a, b),
  chainAdds(count) {
    const add = required("add");
    return gt.tidy(() => {
      const one = gt.constant(1);
      let x = gt.constant(0);
      for (let i = 0; i < count; i++) x = add(x, one);
      return x.item();
    });
  },
  tapedChainAdds(count) {
    const add = required("add");
    // Variables have no dispose: one, made once, serves every run (its value stays 0).
    const { w, one } = (chainState ??= { w: new gt.Variable(0), one: gt.keep(gt.constant(1)) });
    const tape = new gt.GradientTape();
    const y = tape.record(() => {
      let x = gt.add(w, one);
      for (let i = 1; i < count; i++) x = add(x, one);
      return x;
    });
    const [dw] = tape.gradient(y, [w]);
    return [y.item(), dw!.item()];
  },
  mlpTraining: (spec) => mlpTraining(spec),
  seedAdamLoop(steps) {
    const w = new gt.Variable(0);
    const optimizer = new gt.optimizers.Adam({ learningRate: 0.1 });
    for (let i = 0; i < steps; i++) {
      const tape = new gt.GradientTape();
      const cost = tape.record(() => gt.add(gt.sub(gt.pow(w, 2), gt.mul(10, w)), 25));
      const grads = tape.gradient(cost, [w]);
      optimizer.applyGradients(gt.zip(grads, [w]));
    }
    return w.item();
  },
};

/** A Sequential of Dense layers trained with a GradientTape step, as examples/mnist does. */
function mlpTraining(spec: MlpSpec): TrainingRun {
  const layers = spec.sizes.length - 1;
  const model = new gt.Sequential(
    spec.sizes.slice(1).map((units, l) => new gt.layers.Dense(units, { activation: l + 1 < layers ? "relu" : "linear" })),
  );
  model.build([null, spec.sizes[0]]);
  model.setWeights(spec.weights.map((w, i) => {
    const l = i >> 1;
    return gt.tensor(w, i % 2 === 0 ? [spec.sizes[l], spec.sizes[l + 1]] : [spec.sizes[l + 1]]);
  }));
  const examples = spec.labels.length;
  const images = gt.keep(gt.tensor(spec.images, [examples, spec.sizes[0]]));
  const labels = gt.keep(gt.tensor(spec.labels, [examples], "int32"));
  // An epoch of data: each step slices its batch out of the whole, as examples/mnist does.
  const batches = Math.floor(examples / spec.batch);
  let next = 0;
  const lossObject = gt.losses.sparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = new gt.optimizers.Adam({ learningRate: spec.learningRate });
  let lastLoss: Tensor | null = null;
  return {
    step() {
      let x = images;
      let y = labels;
      if (batches > 1) {
        const begin = (next++ % batches) * spec.batch;
        x = gt.slice(images, [begin, 0], [spec.batch, spec.sizes[0]]);
        y = gt.slice(labels, [begin], [spec.batch]);
      }
      const tape = new gt.GradientTape();
      const loss = tape.record(() => lossObject(y, model.apply(x)));
      const grads = tape.gradient(loss, model.trainableVariables);
      optimizer.applyGradients(gt.zip(grads, model.trainableVariables));
      lastLoss = loss;
    },
    loss: () => lastLoss!.item(),
    dispose() {
      images.dispose();
      labels.dispose();
    },
  };
}
