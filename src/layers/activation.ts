// Layers that apply an activation function: Activation("relu"), and ReLU.
import { relu } from "../ops/unary.js";
import type { Tensor } from "../tensor.js";
import { type ActivationFn, type ActivationSpec, getActivation } from "./activations.js";
import type { ShapeLike } from "./checks.js";
import { Layer, type LayerOptions } from "./layer.js";

/** Applies an activation function, given by name ("relu", "softmax", ...) or as a function. */
export class Activation extends Layer {
  static override readonly className: string = "Activation";
  readonly activation: ActivationFn;

  constructor(activation: ActivationSpec, options: LayerOptions = {}) {
    super(options);
    const fn = getActivation(activation, "Activation");
    this.activation = fn ?? ((x) => x);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return this.activation(inputs);
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    return inputShape.slice();
  }
}

/** max(x, 0), as a layer. */
export class ReLU extends Layer {
  static override readonly className: string = "ReLU";
  constructor(options: LayerOptions = {}) {
    super(options);
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    return relu(inputs);
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    return inputShape.slice();
  }
}
