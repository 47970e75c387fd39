// tf.Layer: Keras 3's Layer in TypeScript. A layer owns weights (Variables it creates with addWeight
// in build), is built on its first call from the input's shape, and finds the layers and variables
// assigned to its properties (as Keras tracks attributes), so a model's variables are its own then
// its sublayers', in property order.
import { isTensorLike, type TensorInput, toTensor } from "../convert.js";
import { assertDType, type DType, isFloat } from "../dtype.js";
import { freedIfThrows, tidy } from "../lifetime.js";
import { cast } from "../ops/cast.js";
import { zeros } from "../ops/create.js";
import { checkShape, describe, formatShape, show } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { checkOptions, checkShapeLike, formatShapeLike, kerasShape, type ShapeLike } from "./checks.js";
import { getInitializer, type InitializerSpec } from "./initializer-lookup.js";
import { checkInputSpec, type InputSpec } from "./input-spec.js";
import { autoName } from "./naming.js";
import { summaryText, type SummaryRow } from "./summary.js";
import { scanProperties } from "./tracking.js";
import { assignAll, withValues } from "./weights.js";

export interface LayerOptions {
  /** Unique by default: the class name in snake_case plus a counter (dense, dense_1, ...). */
  name?: string;
  /** false freezes the layer's weights (default true). */
  trainable?: boolean;
  /** dtype of the weights and of the computation: "float32" (default) or "float64". */
  dtype?: DType;
  /** Shape of one input example, without the batch dimension: a Sequential model starting with this layer is built at once. */
  inputShape?: ShapeLike;
  /** Same as `inputShape: [inputDim]`. */
  inputDim?: number;
  /** Cast float inputs of another float dtype to the layer's dtype (default true). */
  autocast?: boolean;
}

export const LAYER_OPTIONS = ["name", "trainable", "dtype", "inputShape", "inputDim", "autocast"] as const;

export interface CallOptions {
  /** Whether the call is a training step (Dropout drops only then). Inherited by the layers it calls; default false. */
  training?: boolean;
}

export interface AddWeightOptions {
  /** The variable's name (Keras names them "kernel", "bias", ...). */
  name?: string;
  shape?: readonly number[];
  /** Default "glorotUniform" for float weights, "zeros" otherwise. */
  initializer?: InitializerSpec;
  trainable?: boolean;
  /** Default: the layer's dtype. */
  dtype?: DType;
}

const TRAINING: CallOptions = Object.freeze({ training: true });
const INFERENCE: CallOptions = Object.freeze({ training: false });

/** The training flag of the call running now, which the layers it calls inherit. */
let callTraining: boolean | undefined;
/** True while a model builds itself by running on a placeholder input whose batch size is unknown. */
let unknownBatch = false;

export class Layer {
  static readonly className: string = "Layer";
  readonly name: string;
  /** Whether the weights exist (build ran). */
  built = false;
  /** dtype of the weights and of the computation. */
  readonly dtype: DType;
  #trainable: boolean;
  #autocast: boolean;
  #inputShapeArg: (number | null)[] | null = null;
  #inputSpec: InputSpec | null = null;
  /** Own weights in creation order (addWeight), then variables found in properties. */
  #weights: Variable[] = [];
  /** Own weights that were trainable when tracked: `trainable = false` freezes them, `true` thaws them. */
  #thawable = new Set<Variable>();
  /** Shape the layer was built for, or first called with (for summary). */
  #inputShape: (number | null)[] | null = null;
  #buildingFromCall = false;

  constructor(options: LayerOptions = {}) {
    const where = classNameOf(new.target);
    checkOptions(options, where, LAYER_OPTIONS);
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === "" || options.name.includes("/"))) {
      throw new TypeError(`${where}: name must be a non-empty string without "/", got ${describe(options.name)}`);
    }
    this.name = options.name ?? autoName(where);
    this.dtype = options.dtype === undefined ? "float32" : assertDType(options.dtype, where);
    if (!isFloat(this.dtype)) {
      throw new TypeError(`${where}: dtype must be "float32" or "float64", got ${show(this.dtype)}`);
    }
    this.#trainable = options.trainable ?? true;
    this.#autocast = options.autocast ?? true;
    if (options.inputDim !== undefined) this.#inputShapeArg = checkShapeLike([options.inputDim], `${where}: inputDim`);
    if (options.inputShape !== undefined) this.#inputShapeArg = checkShapeLike(options.inputShape, `${where}: inputShape`);
    // Like Keras's build wrapper: whichever build a subclass defines, calling it marks the layer
    // built and records the shape.
    const build = this.build;
    Object.defineProperty(this, "build", {
      value: (inputShape: ShapeLike) => this.#runBuild(build, inputShape),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  /** Creates the weights for inputs of `inputShape` (batch dimension first, null where unknown). Override it. */
  build(inputShape: ShapeLike): void {
  }

  /** The computation. Override it; call layers with `apply`, which builds them first. */
  call(inputs: Tensor, options: CallOptions): Tensor {
    throw new Error(`${this.describe()}.call: the layer has no call method; override call(inputs, options) in its class`);
  }

  /**
   * Python's `layer(x)`: builds the layer from x's shape on the first call, checks x against what
   * the layer accepts, then runs `call`. `training` (default: that of the calling layer, else false)
   * reaches every layer called inside.
   */
  apply(inputs: TensorInput, options?: CallOptions): Tensor {
    // A rejected call frees the input it converted and any temporaries.
    return freedIfThrows(() => this.#applied(inputs, options));
  }

  #applied(inputs: TensorInput, options: CallOptions | undefined): Tensor {
    const x = this.#convertInput(inputs);
    const training = options === undefined ? callTraining : trainingOption(options, this);
    this.#checkInput(x.shape, "apply");
    if (!this.built) {
      this.#buildingFromCall = true;
      try {
        this.build(recordedShape(x));
      } finally {
        this.#buildingFromCall = false;
      }
      this.#checkInput(x.shape, "apply");
    } else if (this.#inputShape === null) {
      this.#inputShape = recordedShape(x);
    }
    const outer = callTraining;
    callTraining = training ?? false;
    try {
      return this.call(x, callTraining ? TRAINING : INFERENCE);
    } finally {
      callTraining = outer;
    }
  }

  /**
   * Output shape for inputs of `inputShape`. By default the layer runs on zeros of that shape (an
   * unknown batch dimension counts as 1 and stays unknown); layers that know better override it.
   */
  computeOutputShape(inputShape: ShapeLike): (number | null)[] {
    const shape = checkShapeLike(inputShape, `${this.describe()}.computeOutputShape`);
    const batchUnknown = shape[0] === null;
    return withUnknownBatch(batchUnknown, () =>
      tidy(() => {
        const out: (number | null)[] = this.apply(zeros(shape.map((d) => d ?? 1), this.dtype), INFERENCE).shape.slice();
        if (batchUnknown && out.length > 0) out[0] = null;
        return out;
      }),
    );
  }

  /** Creates a weight variable of this layer (call it in `build`). */
  addWeight(options: AddWeightOptions = {}): Variable {
    const where = `${this.describe()}.addWeight`;
    checkOptions(options, where, ["name", "shape", "initializer", "trainable", "dtype"]);
    const shape = options.shape === undefined ? [] : checkShape(options.shape, where);
    const dtype = options.dtype === undefined ? this.dtype : assertDType(options.dtype, where);
    const initializer = getInitializer(options.initializer ?? (isFloat(dtype) ? "glorotUniform" : "zeros"), where);
    const trainable = options.trainable ?? true;
    const name = options.name ?? "variable";
    // tidy frees the initial values (the variable holds a copy), not a tensor the initializer returns from outside.
    const variable = tidy(() => {
      const initial = initializer(shape, dtype);
      if (!(initial instanceof Tensor) || formatShape(initial.shape) !== formatShape(shape) || initial.dtype !== dtype) {
        throw new Error(
          `${where}: the initializer of '${name}' returned ${initial instanceof Tensor ? initial.describe() : describe(initial)}; ` +
            `it must return a ${dtype} tensor of shape ${formatShape(shape)}`,
        );
      }
      return new Variable(initial, { name, trainable: trainable && this.#trainable, dtype });
    });
    this.#weights.push(variable);
    if (trainable) this.#thawable.add(variable);
    return variable;
  }

  /** Settable: false freezes the weights of this layer and of its sublayers (their variables become non-trainable). */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(value: boolean) {
    if (typeof value !== "boolean") throw new TypeError(`${this.describe()}.trainable must be true or false, got ${describe(value)}`);
    for (const layer of this.#selfAndSublayers()) {
      layer.#trainable = value;
      layer.#ownVariables();
      for (const v of layer.#thawable) v.trainable = value;
    }
  }

  /** Every variable: the layer's own (in creation order), then each sublayer's, depth first in property order. */
  get variables(): Variable[] {
    const out: Variable[] = [];
    const seen = new Set<Variable>();
    for (const layer of this.#selfAndSublayers()) {
      for (const v of layer.#ownVariables()) {
        if (!seen.has(v)) {
          seen.add(v);
          out.push(v);
        }
      }
    }
    return out;
  }

  /** The variables an optimizer updates (none if the layer is frozen). */
  get trainableVariables(): Variable[] {
    return this.#trainable ? this.variables.filter((v) => v.trainable) : [];
  }

  get nonTrainableVariables(): Variable[] {
    return this.#trainable ? this.variables.filter((v) => !v.trainable) : this.variables;
  }

  /** Keras's names: the weights are the variables. */
  get weights(): Variable[] {
    return this.variables;
  }

  get trainableWeights(): Variable[] {
    return this.trainableVariables;
  }

  get nonTrainableWeights(): Variable[] {
    return this.nonTrainableVariables;
  }

  /** What `apply` checks inputs against; layers set it in their constructor and in build. */
  protected get inputSpec(): InputSpec | null {
    return this.#inputSpec;
  }

  protected set inputSpec(spec: InputSpec | null) {
    this.#inputSpec = spec;
  }

  /** Number of weight values. */
  countParams(): number {
    if (!this.built) {
      throw new Error(
        `${this.describe()}.countParams: the layer is not built, so it has no weights yet; ` +
          `build it with layer.build(inputShape) or apply it to an input first`,
      );
    }
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** Copies of the weights' values, in the order of `variables` (for checkpoints). */
  getWeights(): Tensor[] {
    return this.variables.map((v) => v.tensor.clone());
  }

  /** Copies values into the weights, in the order of `getWeights()`; checks the count, shapes and dtypes first. */
  setWeights(weights: readonly TensorInput[]): void {
    const where = `${this.describe()}.setWeights`;
    if (!Array.isArray(weights)) throw new TypeError(`${where}: weights must be an array with one value per weight, got ${describe(weights)}`);
    const hint = this.built ? "" : ". The layer is not built yet: build it with layer.build(inputShape) first";
    assignAll(where, this.variables, weights, hint);
  }

  /**
   * Runs the layer with the given values in place of its variables (Keras's stateless_call), for
   * functional-style training or to differentiate with respect to the values: `trainableValues`
   * match `trainableVariables` and `nonTrainableValues` match `nonTrainableVariables`. Returns the
   * output and the non-trainable values (no layer here updates them during a call).
   */
  statelessCall(
    trainableValues: readonly TensorInput[],
    nonTrainableValues: readonly TensorInput[],
    inputs: TensorInput,
    options?: CallOptions,
  ): [Tensor, Tensor[]] {
    const where = `${this.describe()}.statelessCall`;
    if (!this.built) throw new Error(`${where}: the layer must be built first; call layer.build(inputShape) or apply it once`);
    const trainable = this.trainableVariables;
    const nonTrainable = this.nonTrainableVariables;
    return withValues(where, trainable, trainableValues, () =>
      withValues(where, nonTrainable, nonTrainableValues, () => [this.apply(inputs, options), nonTrainable.map((v) => v.tensor)]),
    );
  }

  /** Prints a table of the layers, their output shapes and parameter counts, as Keras's summary(). */
  summary(printFn: (text: string) => void = console.log): void {
    printFn(summaryText(this.summaryTitle(), this.summaryRows(), this.trainableVariables, this.nonTrainableVariables));
  }

  toString(): string {
    return `<${this.className} name=${this.name}, built=${this.built}>`;
  }

  /** The class name, as summary prints it ("Dense"; a subclass's own name). */
  get className(): string {
    return classNameOf(this.constructor);
  }

  /** @internal "Dense 'dense'", for messages. */
  describe(): string {
    return `${this.className} '${this.name}'`;
  }

  /** @internal The `inputShape`/`inputDim` option, batch dimension excluded. */
  get inputShapeOption(): (number | null)[] | null {
    return this.#inputShapeArg;
  }

  /** @internal Whether build is running because apply was given a first input (the call itself then builds the sublayers). */
  get buildingFromCall(): boolean {
    return this.#buildingFromCall;
  }

  /** @internal Layers held in properties (arrays and plain objects included), in property order. */
  trackedLayers(): Layer[] {
    const layers: Layer[] = [];
    scanProperties(this, isTracked, (value) => {
      if (value instanceof Layer && !layers.includes(value)) layers.push(value);
    });
    return layers;
  }

  /** @internal The dtype that numbers and nested arrays given to apply become. */
  inputDType(): DType {
    return this.dtype;
  }

  /** @internal Checks an input shape (null dimensions pass) against the input spec. */
  checkInputShape(shape: ShapeLike, method: string): void {
    this.#checkInput(shape, method);
  }

  /** @internal Title line of the summary. */
  protected summaryTitle(): string {
    return `Layer: "${this.name}"`;
  }

  /** @internal Rows of the summary. */
  protected summaryRows(): SummaryRow[] {
    return [this.summaryRow(null)];
  }

  /** @internal This layer's summary row, with its output shape if known. */
  summaryRow(outputShape: string | null): SummaryRow {
    return {
      name: this.name,
      className: this.className,
      outputShape: outputShape ?? (this.#inputShape === null ? "?" : this.#outputShapeText(this.#inputShape)),
      params: this.built ? this.variables.reduce((n, v) => n + v.size, 0) : null,
    };
  }

  #outputShapeText(inputShape: ShapeLike): string {
    try {
      return kerasShape(this.computeOutputShape(inputShape));
    } catch {
      return "?";
    }
  }

  #runBuild(build: (inputShape: ShapeLike) => void, inputShape: ShapeLike): void {
    const shape = checkShapeLike(inputShape, `${this.describe()}.build`);
    // Building a layer that has made its weights would add a second set beside the first.
    if (this.built && this.#weights.length > 0) {
      throw new Error(
        `${this.describe()}.build: the layer is already built` +
          `${this.#inputShape === null ? "" : ` for input shape ${formatShapeLike(this.#inputShape)}`}; make a new layer for other inputs`,
      );
    }
    build.call(this, shape);
    this.built = true;
    this.#inputShape ??= shape;
  }

  /** This layer, then its sublayers depth first (each once, even if layers refer to each other). */
  #selfAndSublayers(): Layer[] {
    const order: Layer[] = [];
    const visit = (layer: Layer): void => {
      if (order.includes(layer)) return;
      order.push(layer);
      for (const sub of layer.trackedLayers()) visit(sub);
    };
    visit(this);
    return order;
  }

  #ownVariables(): Variable[] {
    scanProperties(this, isTracked, (value) => {
      if (value instanceof Variable && !this.#weights.includes(value)) {
        this.#weights.push(value);
        if (value.trainable) this.#thawable.add(value);
      }
    });
    return this.#weights;
  }

  #convertInput(inputs: TensorInput): Tensor {
    if (inputs instanceof Tensor || isTensorLike(inputs)) {
      const x = toTensor(inputs, `${this.describe()}.apply`, "inputs");
      return this.#autocast && isFloat(x.dtype) && x.dtype !== this.dtype ? cast(x, this.dtype) : x;
    }
    return toTensor(inputs, `${this.describe()}.apply`, "inputs", this.inputDType());
  }

  #checkInput(shape: ShapeLike, method: string): void {
    if (this.#inputSpec !== null) checkInputSpec(this.#inputSpec, shape, `${this.describe()}.${method}`, this.name, this.#inputShape);
  }
}

/** @internal Runs `fn` with layers recording an unknown (null) batch dimension if `unknown`. */
export function withUnknownBatch<T>(unknown: boolean, fn: () => T): T {
  const outer = unknownBatch;
  unknownBatch = unknown;
  try {
    return fn();
  } finally {
    unknownBatch = outer;
  }
}

/** The shape a layer records for its input: unknown batch size while a model builds from a placeholder. */
function recordedShape(x: Tensor): (number | null)[] {
  return unknownBatch && x.rank > 0 ? [null, ...x.shape.slice(1)] : x.shape.slice();
}

function trainingOption(options: CallOptions, layer: Layer): boolean | undefined {
  checkOptions(options, `${layer.describe()}.apply`, ["training"]);
  const training = options.training;
  if (training !== undefined && typeof training !== "boolean") {
    throw new TypeError(`${layer.describe()}.apply: training must be true or false, got ${describe(training)}`);
  }
  return training ?? callTraining;
}

/**
 * A class's name: its own static `className` if it declares one (the built-in layers do, so that
 * their names survive minifiers), else its JavaScript name.
 */
function classNameOf(layerClass: object): string {
  if (Object.hasOwn(layerClass, "className")) return (layerClass as { className: string }).className;
  return (layerClass as { name?: string }).name || "Layer";
}

function isTracked(value: object): boolean {
  return value instanceof Layer || value instanceof Variable;
}
