// Flatten: [batch, d1, d2, ...] -> [batch, d1 * d2 * ...].
import { reshape } from "../ops/movement-shape.js";
import type { Tensor } from "../tensor.js";
import type { ShapeLike } from "./checks.js";
import { Layer, type LayerOptions } from "./layer.js";

export class Flatten extends Layer {
  static override readonly className: string = "Flatten";
  constructor(options: LayerOptions = {}) {
    super(options);
    this.inputSpec = { minNdim: 1 };
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    const shape = inputs.shape;
    let features = 1;
    for (let i = 1; i < shape.length; i++) features *= shape[i];
    return reshape(inputs, [shape[0], features]);
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    let features: number | null = 1;
    for (let i = 1; i < inputShape.length; i++) {
      const d = inputShape[i];
      features = features === null || d === null ? null : features * d;
    }
    return [inputShape[0], features];
  }
}
