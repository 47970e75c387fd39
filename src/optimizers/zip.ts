// tf.zip: Python's zip, for `optimizer.applyGradients(tf.zip(grads, variables))`.

type Zipped<T extends readonly unknown[]> = { [K in keyof T]: T[K] extends Iterable<infer E> ? E : never };

/**
 * Tuples of the i-th elements of each iterable, stopping at the shortest, like Python's zip:
 * `tf.zip([g1, g2], [w1, w2])` is `[[g1, w1], [g2, w2]]`.
 */
export function zip<T extends readonly Iterable<unknown>[]>(...iterables: T): Zipped<T>[] {
  const lists = iterables.map((it, i) => {
    if (Array.isArray(it)) return it as readonly unknown[];
    if (it == null || typeof (it as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
      throw new TypeError(`zip: argument ${i} is not iterable; pass arrays (or other iterables) to pair up`);
    }
    return Array.from(it);
  });
  let length = lists.length === 0 ? 0 : Infinity;
  for (const list of lists) length = Math.min(length, list.length);
  const out = new Array<Zipped<T>>(length);
  for (let i = 0; i < length; i++) {
    const tuple = new Array<unknown>(lists.length);
    for (let k = 0; k < lists.length; k++) tuple[k] = lists[k][i];
    out[i] = tuple as unknown as Zipped<T>;
  }
  return out;
}
