// One static block through which the host passes shapes, strides and other small integer arguments
// to strided kernels. 64 i32 slots: enough for rank-8 shapes plus two rank-8 stride vectors and more.
export const ARGS_SLOTS: i32 = 64;
const args = memory.data(ARGS_SLOTS * 4, 16);

export function argsPtr(): usize {
  return args;
}

export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline export function arg(i: i32): i32 {
  return load<i32>(args + (<usize>i << 2));
}
