// An independent reverse-mode differentiator for the tape-program fuzzer: rank-2 float64 arrays,
// its own broadcasting and its own derivative of each op. It imports nothing from src/.

export type Shape = [number, number];

export interface Value {
  shape: Shape;
  data: Float64Array;
}

/** A node of the reference graph: a leaf (a source) or an op's output with its input edges. */
export interface Node {
  value: Value;
  /** The source a leaf stands for; -1 for op outputs and for values the tape does not see. */
  leaf: number;
  edges: { from: Node; vjp: (g: Value) => Value }[];
  /** For maximum: the smallest gap between its two sides, where its derivative jumps. */
  margin?: number;
}

export type UnaryName = "neg" | "tanh" | "sigmoid" | "sin" | "sum0" | "sum1";
export type BinaryName = "add" | "sub" | "mul" | "maximum" | "matmul";

const at = (v: Value, i: number, j: number): number =>
  v.data[(v.shape[0] === 1 ? 0 : i) * v.shape[1] + (v.shape[1] === 1 ? 0 : j)];

function make(shape: Shape, f: (i: number, j: number) => number): Value {
  const data = new Float64Array(shape[0] * shape[1]);
  for (let i = 0; i < shape[0]; i++) for (let j = 0; j < shape[1]; j++) data[i * shape[1] + j] = f(i, j);
  return { shape, data };
}

export function broadcastShape(a: Shape, b: Shape): Shape | null {
  const dims = [0, 1].map((k) => (a[k] === b[k] || b[k] === 1 ? a[k] : a[k] === 1 ? b[k] : -1));
  return dims.includes(-1) ? null : [dims[0], dims[1]];
}

/** Sums `g` down to `shape`, undoing a broadcast. */
function sumTo(g: Value, shape: Shape): Value {
  const out = new Float64Array(shape[0] * shape[1]);
  for (let i = 0; i < g.shape[0]; i++) {
    for (let j = 0; j < g.shape[1]; j++) {
      out[(shape[0] === 1 ? 0 : i) * shape[1] + (shape[1] === 1 ? 0 : j)] += g.data[i * g.shape[1] + j];
    }
  }
  return { shape, data: out };
}

export function unary(name: UnaryName, x: Node): Node {
  const v = x.value;
  const [m, n] = v.shape;
  const y = (f: (t: number) => number): Value => make(v.shape, (i, j) => f(at(v, i, j)));
  switch (name) {
    case "neg":
      return op(y((t) => -t), [[x, (g) => make(g.shape, (i, j) => -at(g, i, j))]]);
    case "tanh": {
      const out = y(Math.tanh);
      return op(out, [[x, (g) => make(v.shape, (i, j) => at(g, i, j) * (1 - at(out, i, j) ** 2))]]);
    }
    case "sigmoid": {
      const out = y((t) => 1 / (1 + Math.exp(-t)));
      return op(out, [[x, (g) => make(v.shape, (i, j) => at(g, i, j) * at(out, i, j) * (1 - at(out, i, j)))]]);
    }
    case "sin":
      return op(y(Math.sin), [[x, (g) => make(v.shape, (i, j) => at(g, i, j) * Math.cos(at(v, i, j)))]]);
    case "sum0":
    case "sum1": {
      const axis = name === "sum0" ? 0 : 1;
      const shape: Shape = axis === 0 ? [1, n] : [m, 1];
      return op(sumTo(v, shape), [[x, (g) => make(v.shape, (i, j) => at(g, i, j))]]);
    }
  }
}

/** A cast: to float32 rounds the values; its derivative is 1 either way. */
export function cast(x: Node, toFloat32: boolean): Node {
  const v = x.value;
  return op(make(v.shape, (i, j) => (toFloat32 ? Math.fround(at(v, i, j)) : at(v, i, j))), [[x, (g) => g]]);
}

export function binary(name: BinaryName, a: Node, b: Node): Node {
  const x = a.value;
  const z = b.value;
  if (name === "matmul") {
    const [m, k] = x.shape;
    const n = z.shape[1];
    const dot = (p: Value, q: Value, rows: number, inner: number, cols: number, pt: boolean, qt: boolean): Value =>
      make([rows, cols], (i, j) => {
        let s = 0;
        for (let t = 0; t < inner; t++) s += (pt ? at(p, t, i) : at(p, i, t)) * (qt ? at(q, j, t) : at(q, t, j));
        return s;
      });
    return op(dot(x, z, m, k, n, false, false), [
      [a, (g) => dot(g, z, m, n, k, false, true)],
      [b, (g) => dot(x, g, k, m, n, true, false)],
    ]);
  }
  const shape = broadcastShape(x.shape, z.shape);
  if (shape === null) throw new Error(`reference ${name}: shapes ${x.shape} and ${z.shape} do not broadcast`);
  const f = { add: (p: number, q: number) => p + q, sub: (p: number, q: number) => p - q, mul: (p: number, q: number) => p * q, maximum: Math.max }[name];
  const out = make(shape, (i, j) => f(at(x, i, j), at(z, i, j)));
  const first = (i: number, j: number): number => (at(x, i, j) >= at(z, i, j) ? 1 : 0);
  const da = { add: () => 1, sub: () => 1, mul: (i: number, j: number) => at(z, i, j), maximum: first }[name];
  const db = { add: () => 1, sub: () => -1, mul: (i: number, j: number) => at(x, i, j), maximum: (i: number, j: number) => 1 - first(i, j) }[name];
  const node = op(out, [
    [a, (g) => sumTo(make(shape, (i, j) => at(g, i, j) * da(i, j)), x.shape)],
    [b, (g) => sumTo(make(shape, (i, j) => at(g, i, j) * db(i, j)), z.shape)],
  ]);
  if (name === "maximum") node.margin = Math.min(...make(shape, (i, j) => Math.abs(at(x, i, j) - at(z, i, j))).data);
  return node;
}

function op(value: Value, edges: [Node, (g: Value) => Value][]): Node {
  return { value, leaf: -1, edges: edges.map(([from, vjp]) => ({ from, vjp })) };
}

/** The same value with no edges: what an unrecorded op or a value from before a reset is to the tape. */
export const detached = (n: Node): Node => ({ value: n.value, leaf: -1, edges: [] });

/**
 * d(sum of every target's elements, weighted by `seeds` if given) / d(each leaf); null for a leaf no
 * edge path reaches.
 */
export function gradients(targets: Node[], leaves: number, seeds?: Value[]): (Value | null)[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const e of n.edges) visit(e.from);
    order.push(n);
  };
  for (const t of targets) visit(t);
  const grad = new Map<Node, Value>();
  const accumulate = (n: Node, g: Value): void => {
    const had = grad.get(n);
    grad.set(n, had === undefined ? g : make(g.shape, (i, j) => at(had, i, j) + at(g, i, j)));
  };
  targets.forEach((t, k) => accumulate(t, seeds?.[k] ?? make(t.value.shape, () => 1)));
  const result: (Value | null)[] = new Array(leaves).fill(null);
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k];
    const g = grad.get(n);
    if (g === undefined) continue;
    if (n.leaf >= 0) {
      const had = result[n.leaf];
      result[n.leaf] = had === null ? g : make(g.shape, (i, j) => at(had, i, j) + at(g, i, j));
    }
    for (const e of n.edges) accumulate(e.from, e.vjp(g));
  }
  return result;
}
