// What every measured library offers the workloads: the same few ops behind one interface, so a
// workload is written once and run on gradtape and on each TensorFlow.js backend.

export type EngineName = "gradtape" | "tfjs-wasm" | "tfjs-cpu";
export type OpName = "add" | "relu" | "exp" | "matmul";

export interface Engine<T> {
  readonly name: EngineName;
  /** Makes this engine current (TensorFlow.js has one global backend). */
  activate(): Promise<void>;
  /** False when this build of the library lacks the op. */
  has(op: OpName): boolean;
  fromValues(values: Float32Array, shape: number[]): T;
  /** A copy of the values. */
  read(t: T): Float32Array;
  dispose(t: T): void;
  add(a: T, b: T): T;
  relu(x: T): T;
  exp(x: T): T;
  matmul(a: T, b: T, transposeA: boolean, transposeB: boolean): T;
  /**
   * Starts from a scalar 0 and runs `x = add(x, one)` `count` times, written the way a user of the
   * library would write it (inside `tidy`); returns the final value.
   */
  chainAdds(count: number): number;
}
