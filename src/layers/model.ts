// tf.Model: subclass it, assign layers to properties and override call (Keras's subclassed Model).
// The layers are tracked from the properties, so `model.trainableVariables` is theirs in property
// order. Inputs are not cast: each layer casts what it receives to its own dtype.
import { tidy } from "../lifetime.js";
import { zeros } from "../ops/create.js";
import { show } from "../shape.js";
import type { Tensor } from "../tensor.js";
import type { ShapeLike } from "./checks.js";
import { type CallOptions, Layer, type LayerOptions, withUnknownBatch } from "./layer.js";
import type { SummaryRow } from "./summary.js";

export class Model extends Layer {
  static override readonly className: string = "Model";
  constructor(options: LayerOptions = {}) {
    super({ autocast: false, ...options });
  }

  /** The layers held in this model's properties, in property order. */
  get layers(): Layer[] {
    return this.trackedLayers();
  }

  /** The layer with this name, or at this index of `layers`. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    const found = typeof nameOrIndex === "number" ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (found === undefined) {
      throw new Error(
        `${this.describe()}.getLayer: no layer ${typeof nameOrIndex === "number" ? `at index ${nameOrIndex}` : `named ${show(nameOrIndex)}`}; ` +
          `the layers are ${layers.map((l) => JSON.stringify(l.name)).join(", ") || "none"}`,
      );
    }
    return found;
  }

  /**
   * Creates the weights before the first real call (to restore a checkpoint, or for summary): runs
   * `call` once on zeros of `inputShape` (an unknown batch dimension counts as 1), so that every
   * layer it calls builds itself. Override it to build the layers directly instead. (On a first
   * apply, the call builds them: nothing runs twice.)
   */
  override build(inputShape: ShapeLike): void {
    if (this.buildingFromCall) return;
    withUnknownBatch(inputShape[0] === null, () => {
      tidy(() => {
        this.call(zeros(inputShape.map((d) => d ?? 1), this.dtype), { training: false });
      });
    });
  }

  protected override summaryTitle(): string {
    return `Model: "${this.name}"`;
  }

  protected override summaryRows(): SummaryRow[] {
    return this.layers.map((layer) => layer.summaryRow(null));
  }

  /** For a model that has not overridden call. */
  override call(inputs: Tensor, options: CallOptions): Tensor {
    throw new Error(
      `${this.describe()}.call: a Model subclass must override call(inputs, options), e.g. ` +
        `call(x) { return this.dense2.apply(this.dense1.apply(x)); }; or use tf.Sequential([layers])`,
    );
  }
}
