// gradtape behind the benchmark's engine interface. The measured ops are looked up by name, so
// the benchmark also runs on a build that does not have all of them yet.
import * as gt from "../src/index.js";
import type { Engine, OpName } from "./engine.js";

type Tensor = gt.Tensor;

interface MeasuredOps {
  add?: (a: Tensor, b: Tensor) => Tensor;
  relu?: (x: Tensor) => Tensor;
  exp?: (x: Tensor) => Tensor;
  matmul?: (a: Tensor, b: Tensor, options?: { transposeA?: boolean; transposeB?: boolean }) => Tensor;
}

const ops = gt as unknown as MeasuredOps;

function required<Name extends OpName>(name: Name): NonNullable<MeasuredOps[Name]> {
  const op = ops[name];
  if (typeof op !== "function") throw new Error(`gradtape has no ${name} op in this build`);
  return op as NonNullable<MeasuredOps[Name]>;
}

export const gradtape: Engine<Tensor> = {
  name: "gradtape",
  activate: () => gt.ready(),
  has: (op) => typeof ops[op] === "function",
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
};
