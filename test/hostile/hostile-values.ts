// Arguments no public function should accept silently: wrong types, bad numbers, bad shapes, bad
// arrays and bad tensors. Each factory makes a fresh value (tensors are made when called).
import * as tf from "../../src/index.js";

export interface HostileValue {
  readonly name: string;
  readonly make: () => unknown;
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

const hostile = (name: string, make: () => unknown): HostileValue => ({ name, make });

export const HOSTILE_VALUES: readonly HostileValue[] = [
  hostile("undefined", () => undefined),
  hostile("null", () => null),
  hostile("string", () => "abc"),
  hostile("object", () => ({})),
  hostile("symbol", () => Symbol("s")),
  hostile("bigint", () => 10n),
  hostile("function", () => () => 1),
  hostile("true", () => true),
  hostile("NaN", () => NaN),
  hostile("Infinity", () => Infinity),
  hostile("-1", () => -1),
  hostile("1.5", () => 1.5),
  hostile("2**31", () => 2 ** 31),
  hostile("2**53", () => 2 ** 53),
  hostile("[2**31]", () => [2 ** 31]),
  hostile("[1e6,1e6,1e6]", () => [1e6, 1e6, 1e6]),
  hostile("[2**27,2**27]", () => [2 ** 27, 2 ** 27]),
  hostile("[-1,2]", () => [-1, 2]),
  hostile("[[2**31, 0]]", () => [[2 ** 31, 0]]),
  hostile("cyclic array", cyclic),
  hostile("ragged array", () => [[1], [1, 2]]),
  // eslint-disable-next-line no-sparse-arrays
  hostile("sparse array", () => [1, , 3]),
  hostile("disposed tensor", disposed),
  hostile("int32 tensor", () => tf.tensor([1, 2], [2], "int32")),
  hostile("bool tensor", () => tf.tensor([true, false])),
  hostile("rank-3 tensor", () => tf.ones([2, 3, 4])),
  hostile("scalar tensor", () => tf.tensor(1)),
  hostile("empty tensor", () => tf.zeros([0, 2])),
];
