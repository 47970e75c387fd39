// The public surface, enumerated from the namespaces themselves so that a new export is covered
// without a line here: every function, every class constructor, and the methods of one instance of
// each kind of object the API hands out.
import * as tf from "../../src/index.js";

export interface Callable {
  /** "tf.add", "new tf.layers.Dense", "Tensor#matmul". */
  readonly label: string;
  /** Names an error message may use for it (the function's own name, the op it aliases, its class). */
  readonly names: readonly string[];
  /** How many argument positions to try. */
  readonly positions: number;
  /** Makes the object a method is called on (if any) and returns the call. */
  readonly prepare: () => (args: unknown[]) => unknown;
}

/**
 * Not swept: they legitimately take anything, change global state every later test sees, or touch
 * the file system (their hostile cases are in test/node/io).
 */
export const SKIPPED = new Set([
  "tf.init", // re-instantiates the engine from the given bytes
  "tf.Tensor", // the constructor is internal (ops pass it memory they allocated); tf.tensor makes tensors
  "tf.debugging.enableCheckNumerics",
  "tf.debugging.disableCheckNumerics",
  "tf.layers.clearSession",
  "tf.io.saveCheckpoint",
  "tf.io.loadCheckpoint",
]);

/** Functions that forward to another public function and report errors under its name. */
const FORWARDS: Record<string, string[]> = {
  "tf.losses.kld": ["klDivergence"],
  "tf.math.divide": ["div"],
  "tf.math.multiply": ["mul"],
  "tf.math.subtract": ["sub"],
  "tf.math.negative": ["neg"],
  "CategoricalAccuracy#updateState": ["categoricalAccuracy"],
};

type AnyFunction = (...args: unknown[]) => unknown;
type AnyClass = new (...args: unknown[]) => unknown;

function isClass(f: unknown): f is AnyClass {
  return typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));
}

function positionsOf(f: { length: number }): number {
  return Math.min(Math.max(f.length, 1) + 1, 4);
}

const NAMESPACES: Record<string, Record<string, unknown>> = {
  tf: tf as unknown as Record<string, unknown>,
  "tf.math": tf.math,
  "tf.random": tf.random,
  "tf.io": tf.io,
  "tf.losses": tf.losses,
  "tf.metrics": tf.metrics,
  "tf.layers": tf.layers,
  "tf.initializers": tf.initializers,
  "tf.debugging": tf.debugging,
  "tf.optimizers": tf.optimizers,
  "tf.optimizers.schedules": tf.optimizers.schedules as unknown as Record<string, unknown>,
};

/** Every exported function and class constructor. */
export function exportedCallables(): Callable[] {
  const out: Callable[] = [];
  for (const [prefix, ns] of Object.entries(NAMESPACES)) {
    for (const [key, value] of Object.entries(ns)) {
      const label = `${prefix}.${key}`;
      if (typeof value !== "function" || SKIPPED.has(label) || (prefix !== "tf" && SKIPPED.has(`tf.${key}`))) continue;
      if (isClass(value)) {
        const C = value;
        out.push({ label: `new ${label}`, names: [key, C.name], positions: positionsOf(C), prepare: () => (args) => new C(...args) });
      } else {
        const f = value as AnyFunction;
        out.push({ label, names: [key, f.name, ...(FORWARDS[label] ?? [])], positions: positionsOf(f), prepare: () => (args) => f(...args) });
      }
    }
  }
  return out;
}

/** One instance of each kind of object the API hands out, made fresh for every call. */
const SUBJECTS: Record<string, () => object> = {
  Tensor: () => tf.tensor([[1, 2], [3, 4]]),
  Variable: () => new tf.Variable(tf.tensor([[1, 2], [3, 4]])),
  IndexedSlices: () => new tf.IndexedSlices(tf.tensor([[1, 2]]), tf.tensor([1], [1], "int32"), [3, 2]),
  Dense: () => {
    const layer = new tf.layers.Dense(2);
    layer.build([null, 2]);
    return layer;
  },
  Sequential: () => new tf.Sequential({ layers: [new tf.layers.Dense(2, { inputShape: [2] })] }),
  SGD: () => new tf.optimizers.SGD({ learningRate: 0.1 }),
  Adam: () => new tf.optimizers.Adam(),
  Mean: () => new tf.metrics.Mean(),
  CategoricalAccuracy: () => new tf.metrics.CategoricalAccuracy(),
  GradientTape: () => new tf.GradientTape(),
  ForwardAccumulator: () => new tf.ForwardAccumulator(tf.tensor([1, 2]), tf.tensor([1, 0])),
};

/**
 * Not public API: methods documented @internal or declared protected or private in TypeScript (they
 * exist at run time all the same), and summary, which prints with any printer.
 */
const INTERNAL_METHODS = new Set([
  "constructor",
  "assertAlive",
  "offer",
  "variableRead",
  "checkInputShape",
  "summaryRow",
  "trackedLayers",
  "inputDType",
  "checkWeights",
  "accumulate",
  "addOptimizerVariables",
  "buildSlots",
  "checked",
  "computeGradients",
  "gradientOf",
  "untracked",
  "updateAll",
  "updateRows",
  "updateStep",
  "watchVariable",
  "ForwardAccumulator#watch", // private (GradientTape#watch is public)
  "call", // the hook a layer overrides; apply converts and checks the inputs, then calls it
  "summary",
]);

function methodNames(kind: string, obj: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (d !== undefined && typeof d.value === "function" && !INTERNAL_METHODS.has(name) && !INTERNAL_METHODS.has(`${kind}#${name}`)) {
        names.add(name);
      }
    }
  }
  return [...names].sort();
}

/** Every public method of every subject. */
export function methodCallables(): Callable[] {
  const out: Callable[] = [];
  for (const [kind, make] of Object.entries(SUBJECTS)) {
    const sample = make();
    for (const name of methodNames(kind, sample)) {
      const method = (sample as Record<string, AnyFunction>)[name];
      out.push({
        label: `${kind}#${name}`,
        names: [name, kind, ...(FORWARDS[`${kind}#${name}`] ?? [])],
        positions: positionsOf(method),
        prepare: () => {
          const subject = make() as Record<string, AnyFunction>;
          return (args) => subject[name](...args);
        },
      });
    }
  }
  return out;
}
