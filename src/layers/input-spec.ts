// What a layer accepts (Keras's InputSpec), checked on every call, with Keras's wording so that its
// error messages can be searched for.
import { formatShapeLike, type ShapeLike } from "./checks.js";

export interface InputSpec {
  minNdim?: number;
  /** Dimensions required at some axes, e.g. `{ [-1]: 3 }`: the last dimension must be 3. */
  axes?: Readonly<Record<number, number>>;
}

/**
 * Throws if `shape` (null dimensions pass) does not meet `spec`. `where` names the layer and method,
 * `layerName` the layer, `builtFor` the shape the layer was built for.
 */
export function checkInputSpec(spec: InputSpec, shape: ShapeLike, where: string, layerName: string, builtFor: ShapeLike | null): void {
  const prefix = `${where}: input 0 of layer '${layerName}' is incompatible with the layer`;
  if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
    throw new Error(
      `${prefix}: expected min_ndim=${spec.minNdim}, found ndim=${shape.length}. Full shape received: ${formatShapeLike(shape)}; ` +
        `add the missing dimensions (e.g. a batch dimension with tf.expandDims(x, 0))`,
    );
  }
  if (spec.axes === undefined) return;
  for (const key of Object.keys(spec.axes)) {
    const axis = Number(key);
    const expected = spec.axes[axis];
    const d = shape[axis < 0 ? shape.length + axis : axis];
    if (d !== null && d !== expected) {
      const which = axis === -1 ? "last dimension" : `dimension ${axis}`;
      throw new Error(
        `${prefix}: expected axis ${axis} of input shape to have value ${expected}, but received input with shape ` +
          `${formatShapeLike(shape)}. ` +
          (builtFor === null ? "" : `The layer was built for inputs of shape ${formatShapeLike(builtFor)}; `) +
          `pass inputs whose ${which} is ${expected}, or use a new layer for inputs of another size`,
      );
    }
  }
}
