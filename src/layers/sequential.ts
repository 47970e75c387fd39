// tf.Sequential: a model that applies its layers one after another (Keras's Sequential). It builds
// itself, and every layer, from an input shape: on its first call, with build(inputShape), or at
// once when its first layer was given `inputShape`.
import type { DType } from "../dtype.js";
import { describe } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkOptions, checkShapeLike, formatShapeLike, kerasShape, type ShapeLike } from "./checks.js";
import { type CallOptions, Layer } from "./layer.js";
import { Model } from "./model.js";
import type { SummaryRow } from "./summary.js";

export interface SequentialOptions {
  layers?: Layer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override readonly className: string = "Sequential";
  #layers: Layer[] = [];
  /** The shape it was built for (batch dimension included), kept to rebuild when a layer is added. */
  #buildShape: (number | null)[] | null = null;
  /** Output shape of each layer for that input shape. */
  #outputShapes: (number | null)[][] = [];

  /** `new Sequential([layers], { name })`, or `new Sequential({ layers, name })`. */
  constructor(layers?: readonly Layer[] | SequentialOptions, options: SequentialOptions = {}) {
    const opts = Array.isArray(layers) ? options : ((layers as SequentialOptions | undefined) ?? {});
    checkOptions(opts, "Sequential", ["layers", "name", "trainable"]);
    const list = Array.isArray(layers) ? (layers as readonly Layer[]) : (opts.layers ?? []);
    if (!Array.isArray(list)) throw new TypeError(`Sequential: layers must be an array of layers, got ${describe(list)}`);
    super({ name: opts.name, trainable: opts.trainable });
    for (const layer of list) this.#append(layer);
    if (this.#layers.length > 0) this.#maybeRebuild();
  }

  /** The layers, in order. */
  override get layers(): Layer[] {
    return this.#layers.slice();
  }

  /** Adds a layer on top; a model built already builds it at once. */
  add(layer: Layer): void {
    this.#append(layer);
    this.#maybeRebuild();
  }

  /** Removes the last layer and returns it. */
  pop(): Layer {
    const layer = this.#layers.pop();
    if (layer === undefined) throw new Error(`${this.describe()}.pop: there are no layers to remove`);
    this.#maybeRebuild();
    return layer;
  }

  override build(inputShape: ShapeLike): void {
    if (this.#layers.length === 0) {
      throw new Error(`Sequential model '${this.name}' cannot be built because it has no layers; call model.add(layer) first`);
    }
    const configured = this.#layers[0].inputShapeOption;
    if (configured !== null && !matches(inputShape.slice(1), configured)) {
      throw new Error(
        `${this.describe()}.build: Sequential model '${this.name}' has already been configured to use input shape ` +
          `${formatShapeLike([null, ...configured])} (the inputShape of its first layer); you cannot build it with input shape ` +
          `${formatShapeLike(inputShape)}`,
      );
    }
    let shape = inputShape.slice();
    const outputs: (number | null)[][] = [];
    for (const layer of this.#layers) {
      layer.checkInputShape(shape, "build");
      if (!layer.built) layer.build(shape);
      layer.checkInputShape(shape, "build");
      shape = layer.computeOutputShape(shape);
      outputs.push(shape);
    }
    this.#buildShape = inputShape.slice();
    this.#outputShapes = outputs;
  }

  override call(inputs: Tensor, options: CallOptions): Tensor {
    let x = inputs;
    for (const layer of this.#layers) x = layer.apply(x, options);
    return x;
  }

  override computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    let shape = checkShapeLike(inputShape, `${this.describe()}.computeOutputShape`);
    for (const layer of this.#layers) shape = layer.computeOutputShape(shape);
    return shape;
  }

  /** @internal Plain values given to apply take the first layer's dtype (a float64 model gets float64 inputs). */
  override inputDType(): DType {
    return this.#layers[0]?.inputDType() ?? this.dtype;
  }

  /** @internal */
  override trackedLayers(): Layer[] {
    return this.#layers.slice();
  }

  protected override summaryRows(): SummaryRow[] {
    return this.#layers.map((layer, i) => {
      const shape = this.#outputShapes[i];
      return layer.summaryRow(shape === undefined ? null : kerasShape(shape));
    });
  }

  #append(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new TypeError(`${this.describe()}.add: only layers can be added to a Sequential model, got ${describe(layer)}`);
    }
    if (this.#layers.some((l) => l !== layer && l.name === layer.name)) {
      throw new Error(
        `${this.describe()}.add: all layers added to a Sequential model should have unique names. Name '${layer.name}' is ` +
          `already the name of a layer in this model; pass another { name } to the layer`,
      );
    }
    this.#layers.push(layer);
  }

  /** After a change of layers: rebuilds for the known input shape, if any (Keras's _maybe_rebuild). */
  #maybeRebuild(): void {
    this.built = false;
    this.#outputShapes = [];
    const first = this.#layers[0]?.inputShapeOption ?? null;
    const shape = this.#buildShape ?? (first === null ? null : [null, ...first]);
    if (shape !== null && this.#layers.length > 0) this.build(shape);
  }
}

function matches(shape: ShapeLike, expected: ShapeLike): boolean {
  return shape.length === expected.length && shape.every((d, i) => d === null || expected[i] === null || d === expected[i]);
}
