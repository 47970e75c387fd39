// What every measured library offers the workloads: the same few ops behind one interface, so a
// workload is written once and run on gradtape and on each TensorFlow.js backend.

export type EngineName = "gradtape" | "tfjs-wasm" | "tfjs-cpu";
export type OpName = "add" | "relu" | "exp" | "matmul" | "train";

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
  /**
   * The same chain recorded for differentiation, from a trainable scalar variable w = 0 (a
   * GradientTape in gradtape; `variableGrads` in tfjs, which has no tape), then the gradient taken.
   * Returns [final value, d value / d w].
   */
  tapedChainAdds(count: number): [number, number];
  /**
   * A classifier on fixed data, trained the way the library's users train: dense layers (relu between
   * them), softmax cross-entropy from logits averaged over the batch, Adam with Keras's defaults.
   */
  mlpTraining(spec: MlpSpec): TrainingRun;
  /** The seed loop: Adam (learning rate 0.1) on w**2 - 10w + 25 from w = 0, `steps` times; returns w. */
  seedAdamLoop(steps: number): number;
}

export interface MlpSpec {
  /** Layer widths, input first: [784, 128, 10]. */
  sizes: number[];
  batch: number;
  /** Initial kernel ([in, out], row-major) and bias of each layer, in order. */
  weights: Float32Array[];
  /**
   * Rows of sizes[0] values, one per label. With exactly `batch` rows every step trains on all of
   * them; with more (an epoch of data), each step slices the next `batch` rows out of them, in order
   * and wrapping around, as a user's epoch loop does.
   */
  images: Float32Array;
  labels: Int32Array;
  learningRate: number;
}

export interface TrainingRun {
  /** One training step on the batch: forward, backward, optimizer update. */
  step(): void;
  /** The loss the last step computed. */
  loss(): number;
  dispose(): void;
}
