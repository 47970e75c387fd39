// Copying one contiguous run of elements, the innermost step of every movement kernel.

// Runs shorter than this many bytes are copied element by element rather than with memory.copy.
const SHORT_RUN: usize = 32;

/** Copies `n` consecutive elements of type T. */
// @ts-ignore: decorator
@inline export function copyRun<T>(dst: usize, src: usize, n: i32): void {
  const bytes = <usize>n * sizeof<T>();
  if (bytes >= SHORT_RUN) {
    memory.copy(dst, src, bytes);
    return;
  }
  for (let k: usize = 0; k < bytes; k += sizeof<T>()) store<T>(dst + k, load<T>(src + k));
}
