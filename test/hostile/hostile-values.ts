// Arguments no public function should accept silently: wrong types, bad numbers, bad shapes, bad
// arrays and bad tensors. Each factory makes a fresh value (tensors are made when called).
import * as tf from "../../src/index.js";

export interface HostileValue {
  readonly name: string;
  readonly make: () => unknown;
  /** Plain values an op may convert into a tensor before it rejects the call. */
  readonly convertible: boolean;
}

function cyclic(): unknown[] {
  const a: unknown[] = [1];
  a.push(a);
  return a;
}

function disposed(): tf.Tensor {
  const t = tf.tensor([1, 2]);
  t.dispose();
  return t;
}

const plain = (name: string, make: () => unknown): HostileValue => ({ name, make, convertible: true });
const other = (name: string, make: () => unknown): HostileValue => ({ name, make, convertible: false });

export const HOSTILE_VALUES: readonly HostileValue[] = [
  other("undefined", () => undefined),
  other("null", () => null),
  other("string", () => "abc"),
  other("object", () => ({})),
  other("symbol", () => Symbol("s")),
  other("bigint", () => 10n),
  other("function", () => () => 1),
  plain("true", () => true),
  plain("NaN", () => NaN),
  plain("Infinity", () => Infinity),
  plain("-1", () => -1),
  plain("1.5", () => 1.5),
  plain("2**31", () => 2 ** 31),
  plain("2**53", () => 2 ** 53),
  plain("[2**31]", () => [2 ** 31]),
  plain("[1e6,1e6,1e6]", () => [1e6, 1e6, 1e6]),
  plain("[2**27,2**27]", () => [2 ** 27, 2 ** 27]),
  plain("[-1,2]", () => [-1, 2]),
  plain("[[2**31, 0]]", () => [[2 ** 31, 0]]),
  other("cyclic array", cyclic),
  plain("ragged array", () => [[1], [1, 2]]),
  // eslint-disable-next-line no-sparse-arrays
  plain("sparse array", () => [1, , 3]),
  other("disposed tensor", disposed),
  other("int32 tensor", () => tf.tensor([1, 2], [2], "int32")),
  other("bool tensor", () => tf.tensor([true, false])),
  other("rank-3 tensor", () => tf.ones([2, 3, 4])),
  other("scalar tensor", () => tf.tensor(1)),
  other("empty tensor", () => tf.zeros([0, 2])),
];
