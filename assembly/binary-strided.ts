// The broadcast iteration shared by strided element-wise kernels. The host collapses the output
// shape (dropping size-1 dims, merging neighbours that broadcast alike) and writes it to the args
// block with each operand's element strides, which are 0 along the dims that operand broadcasts:
//
//   slot RANK                          rank r (1..MAX_RANK), dims outermost first
//   slot SHAPE + d                     output size along dim d
//   slot STRIDES + k * MAX_RANK + d    operand k's stride along dim d (k = 0, 1, 2)
//   slot COUNTERS + d                  kernel scratch: the position along dim d
//
// The innermost dim is walked by a contiguous loop; the outer dims by an odometer over the counters.
import { arg, argsPtr } from "./args";

export const MAX_RANK: i32 = 12;
export const RANK: i32 = 0;
export const SHAPE: i32 = 1;
export const STRIDES: i32 = SHAPE + MAX_RANK;
export const COUNTERS: i32 = STRIDES + 3 * MAX_RANK;

/** Operands line up with the output element for element. */
export const SAME: i32 = 0;
/** The second operand is one element, paired with every element of the first. */
export const B_SCALAR: i32 = 1;
/** The first operand is one element, paired with every element of the second. */
export const A_SCALAR: i32 = 2;
/** Shapes and strides are in the args block. */
export const STRIDED: i32 = 3;

// @ts-ignore: decorator
@inline function setArg(i: i32, value: i32): void {
  store<i32>(argsPtr() + (<usize>i << 2), value);
}

/** Operand k's stride along the innermost dim: 1, or 0 where it broadcasts. */
// @ts-ignore: decorator
@inline export function innerStride(k: i32, rank: i32): i32 {
  return arg(STRIDES + k * MAX_RANK + rank - 1);
}

/** Resets the odometer and returns the number of rows (the product of the outer dims). */
// @ts-ignore: decorator
@inline export function startRows(rank: i32): i32 {
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) {
    rows *= arg(SHAPE + d);
    setArg(COUNTERS + d, 0);
  }
  return rows;
}

/** Element offset of operand k at the start of the current row. */
// @ts-ignore: decorator
@inline export function rowOffset(k: i32, rank: i32): usize {
  const strides = STRIDES + k * MAX_RANK;
  let offset = 0;
  for (let d = 0; d < rank - 1; d++) offset += arg(COUNTERS + d) * arg(strides + d);
  return <usize>offset;
}

/** Advances the odometer to the next row. */
// @ts-ignore: decorator
@inline export function nextRow(rank: i32): void {
  for (let d = rank - 2; d >= 0; d--) {
    const position = arg(COUNTERS + d) + 1;
    if (position < arg(SHAPE + d)) {
      setArg(COUNTERS + d, position);
      return;
    }
    setArg(COUNTERS + d, 0);
  }
}
