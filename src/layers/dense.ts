// Dense: activation(x @ kernel + bias), with kernel [inputDim, units] applied along the last axis
// of inputs of any rank >= 2 (Keras's core layer).
import { isFloat } from "../dtype.js";
import type { Initializer } from "../initializers.js";
import { add } from "../ops/binary.js";
import { cast } from "../ops/cast.js";
import { matmul } from "../ops/matmul.js";
import { reshape } from "../ops/movement-shape.js";
import { describe } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { Variable } from "../variable.js";
import { type ActivationFn, type ActivationSpec, getActivation } from "./activations.js";
import { checkOptions, checkShapeLike, formatShapeLike, isPositiveInteger, type ShapeLike } from "./checks.js";
import { getInitializer, type InitializerSpec } from "./initializer-lookup.js";
import { Layer, LAYER_OPTIONS, type LayerOptions } from "./layer.js";

export interface DenseOptions extends LayerOptions {
  /** A name ("relu", "softmax", ...) or a function; none (linear) by default. */
  activation?: ActivationSpec | null;
  /** Default true. */
  useBias?: boolean;
  /** Default "glorotUniform". */
  kernelInitializer?: InitializerSpec;
  /** Default "zeros". */
  biasInitializer?: InitializerSpec;
}

const DENSE_OPTIONS = [...LAYER_OPTIONS, "activation", "useBias", "kernelInitializer", "biasInitializer"] as const;

export class Dense extends Layer {
  static override readonly className: string = "Dense";
  /** Size of the output's last dimension. */
  readonly units: number;
  readonly activation: ActivationFn | null;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  #kernel: Variable | null = null;
  #bias: Variable | null = null;

  constructor(units: number, options: DenseOptions = {}) {
    checkOptions(options, "Dense", DENSE_OPTIONS);
    if (!isPositiveInteger(units)) {
      throw new TypeError(`Dense: units must be a positive integer (the output size), got ${describe(units)}`);
    }
    const { activation, useBias, kernelInitializer, biasInitializer, ...layerOptions } = options;
    super(layerOptions);
    this.units = units;
    this.activation = getActivation(activation, "Dense");
    if (useBias !== undefined && typeof useBias !== "boolean") {
      throw new TypeError(`Dense: useBias must be true or false, got ${describe(useBias)}`);
    }
    this.useBias = useBias ?? true;
    this.kernelInitializer = getInitializer(kernelInitializer ?? "glorotUniform", "Dense");
    this.biasInitializer = getInitializer(biasInitializer ?? "zeros", "Dense");
    this.inputSpec = { minNdim: 2 };
  }

  /** The weight matrix, [inputDim, units]. */
  get kernel(): Variable {
    if (this.#kernel === null) {
      throw new Error(`${this.describe()}.kernel: the layer is not built yet; apply it to an input or call build(inputShape) first`);
    }
    return this.#kernel;
  }

  /** The bias vector, [units], or null with useBias: false. */
  get bias(): Variable | null {
    if (!this.built) {
      throw new Error(`${this.describe()}.bias: the layer is not built yet; apply it to an input or call build(inputShape) first`);
    }
    return this.#bias;
  }

  override build(inputShape: ShapeLike): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === undefined || inputDim === null) {
      throw new Error(
        `${this.describe()}.build: the last dimension of the input shape must be known, got ${formatShapeLike(inputShape)}`,
      );
    }
    this.#kernel = this.addWeight({ name: "kernel", shape: [inputDim, this.units], initializer: this.kernelInitializer });
    if (this.useBias) this.#bias = this.addWeight({ name: "bias", shape: [this.units], initializer: this.biasInitializer });
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
  }

  override call(inputs: Tensor): Tensor {
    const kernel = this.kernel;
    // Integer inputs take the kernel's dtype, as Keras's dtype promotion gives them.
    const x = isFloat(inputs.dtype) ? inputs : cast(inputs, kernel.dtype);
    const flat = x.rank === 2 ? x : reshape(x, [-1, x.shape[x.rank - 1]]);
    let y = matmul(flat, kernel);
    if (this.#bias !== null) y = add(y, this.#bias);
    if (this.activation !== null) y = this.activation(y);
    return x.rank === 2 ? y : reshape(y, [...x.shape.slice(0, -1), this.units]);
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    const shape = checkShapeLike(inputShape, `${this.describe()}.computeOutputShape`);
    return [...shape.slice(0, -1), this.units];
  }
}
