// GradientTape.jacobian and batchJacobian, built on the tape's public gradient.
//
// Both view the target as [batch, rows] and each source as [batch, cols] (batch is 1 for the full
// Jacobian) and compute the blocks J[b, r, c] = d target[b, r] / d source[b, c]. Two ways:
// - by rows: one gradient per target row r, seeded with a one-hot over r (in every batch entry).
//   Needs a persistent tape, as TensorFlow's loop does.
// - by columns: ONE gradient of the tape with a seed w watched by a private persistent tape; the
//   result J^T w is linear in w, and the private tape's gradients of its entries with respect to w
//   give J's columns. The user's tape is used once, so this works on a non-persistent tape (as
//   TensorFlow's vectorized jacobian does). It costs a backward pass of the backward pass per column.
// A persistent tape takes whichever loop is shorter. Everything is written with public ops, so a
// tape recording around the call differentiates the Jacobian again (Hessians).
import { withinStep } from "../lifetime.js";
import { tidy } from "../lifetime.js";
import { fill, zeros } from "../ops/create.js";
import { oneHot, reshape, stack } from "../ops/movement.js";
import { checkOptionsObject, describe, formatShape, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Variable } from "../variable.js";
import { GradientTape, type UnconnectedGradients } from "./gradient-tape.js";
import { activeTapes } from "./recorder.js";
import { flatten, type Gradients, type Source, type Sources, tensorOf, unflatten } from "./structure.js";

export interface JacobianOptions {
  unconnectedGradients?: UnconnectedGradients;
}

/** d target / d source for each source, shape target.shape ++ source.shape, in the structure of `sources`. */
export function jacobian<S extends Sources>(
  tape: GradientTape,
  target: Source,
  sources: S,
  options: JacobianOptions = {},
): Gradients<S> {
  const method = "GradientTape.jacobian";
  checkOptionsObject(options, method);
  const unconnected = checkUnconnected(options.unconnectedGradients, method);
  const y = checkTarget(target, method);
  const list = flatten(sources, "sources", method).map(tensorOf);
  const flat = runOutsideTapes(() => {
    const blocks = jacobianBlocks(tape, y, list, false);
    return blocks.map((block, i) => {
      const shape = [...y.shape, ...list[i].shape];
      if (block !== null) return reshape(block, shape);
      return unconnected === "zero" ? zeros(shape, list[i].dtype) : null;
    });
  });
  return unflatten(sources, flat) as Gradients<S>;
}

/**
 * Per-example Jacobians: `target[i]` depends only on `source[i]`; the result has shape
 * [batch, ...target.shape[1:], ...source.shape[1:]]. As in TensorFlow, an unconnected source gives zeros.
 */
export function batchJacobian(tape: GradientTape, target: Source, source: Source, options: JacobianOptions = {}): Tensor {
  const method = "GradientTape.batchJacobian";
  checkOptionsObject(options, method);
  checkUnconnected(options.unconnectedGradients, method);
  const y = checkTarget(target, method);
  if (!(source instanceof Tensor || source instanceof Variable)) {
    throw new TypeError(`${method}: source is ${describe(source)}, not a tf.Tensor or tf.Variable`);
  }
  const x = tensorOf(source);
  x.assertAlive(method);
  for (const [t, name] of [[y, "target"], [x, "source"]] as const) {
    if (t.rank < 2) {
      throw new Error(
        `${method}: ${name} shape ${formatShape(t.shape)} must have rank at least 2 (the first dimension is the batch); ` +
          `Need first dimension of target shape ${formatShape(y.shape)} and source shape ${formatShape(x.shape)} to match`,
      );
    }
  }
  if (y.shape[0] !== x.shape[0]) {
    throw new Error(
      `${method}: Need first dimension of target shape ${formatShape(y.shape)} and source shape ${formatShape(x.shape)} ` +
        `to match: it is the batch size, ${y.shape[0]} vs ${x.shape[0]}`,
    );
  }
  return runOutsideTapes(() => {
    const [block] = jacobianBlocks(tape, y, [x], true);
    const shape = [...y.shape, ...x.shape.slice(1)];
    return block === null ? zeros(shape, x.dtype) : reshape(block, shape);
  });
}

/** The blocks [batch, rows, cols] for each source, null where the target does not depend on it. */
function jacobianBlocks(tape: GradientTape, y: Tensor, xs: readonly Tensor[], batched: boolean): (Tensor | null)[] {
  const batch = batched ? y.shape[0] : 1;
  const rows = batched ? sizeOf(y.shape.slice(1)) : y.size;
  const cols = xs.map((x) => (batched ? sizeOf(x.shape.slice(1)) : x.size));
  if (rows === 0) {
    // No rows to loop over: one gradient says which sources are connected.
    const grads = tape.gradient(y, xs, { outputGradients: zeros(y.shape, y.dtype) });
    return grads.map((g, i) => (g === null ? null : zeros([batch, rows, cols[i]], xs[i].dtype)));
  }
  const useRows = tape.persistent && rows <= 2 * cols.reduce((a, b) => a + b, 0);
  return useRows ? byRows(tape, y, xs, batch, rows, cols) : byColumns(tape, y, xs, batch, rows, cols);
}

function byRows(
  tape: GradientTape,
  y: Tensor,
  xs: readonly Tensor[],
  batch: number,
  rows: number,
  cols: readonly number[],
): (Tensor | null)[] {
  const parts: Tensor[][] = xs.map(() => []);
  let connected: boolean[] = [];
  for (let r = 0; r < rows; r++) {
    const grads = tape.gradient(y, xs, { outputGradients: unitSeed(y, batch, rows, r) });
    connected = grads.map((g) => g !== null);
    grads.forEach((g, i) => {
      if (g !== null) parts[i].push(reshape(g, [batch, cols[i]]));
    });
  }
  return xs.map((_, i) => (connected[i] ? stack(parts[i], 1) : null));
}

function byColumns(
  tape: GradientTape,
  y: Tensor,
  xs: readonly Tensor[],
  batch: number,
  rows: number,
  cols: readonly number[],
): (Tensor | null)[] {
  const seedTape = new GradientTape({ persistent: true });
  const w = zeros(y.shape, y.dtype);
  // The seed tape is internal: it must not begin a training step, which would free the user's tape.
  const products = withinStep(() =>
    seedTape.record(() => {
      seedTape.watch(w);
      return tape.gradient(y, xs, { outputGradients: w });
    }),
  );
  const blocks = products.map((p, i) => {
    if (p === null) return null;
    if (cols[i] === 0) return zeros([batch, rows, 0], p.dtype);
    const columns: Tensor[] = [];
    for (let c = 0; c < cols[i]; c++) {
      const column = seedTape.gradient(p, w, { outputGradients: unitSeed(p, batch, cols[i], c), unconnectedGradients: "zero" });
      columns.push(reshape(column as Tensor, [batch, rows]));
    }
    return stack(columns, 2);
  });
  // Done with the seed tape: what it saved can go with the call's other temporaries.
  seedTape.reset();
  return blocks;
}

/** A tensor shaped like `like` whose [batch, n] view is one at position k of every batch entry. */
function unitSeed(like: Tensor, batch: number, n: number, k: number): Tensor {
  return reshape(oneHot(fill([batch], k, "int32"), n, 1, 0, like.dtype), like.shape);
}

/** With no tape recording the call, its temporaries can go as soon as it returns. */
function runOutsideTapes<T>(fn: () => T): T {
  return activeTapes.length === 0 ? tidy(fn) : fn();
}

function checkTarget(target: Source, method: string): Tensor {
  if (!(target instanceof Tensor || target instanceof Variable)) {
    throw new TypeError(`${method}: target is ${describe(target)}, not a tf.Tensor or tf.Variable`);
  }
  const y = tensorOf(target);
  y.assertAlive(method);
  return y;
}

function checkUnconnected(value: unknown, method: string): UnconnectedGradients {
  const v = value ?? "none";
  if (v !== "none" && v !== "zero") {
    throw new Error(`${method}: Unknown value for unconnected_gradients: ${String(v)}; use "none" or "zero"`);
  }
  return v;
}
