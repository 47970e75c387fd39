// tf.io: safetensors files, and checkpoints of models and optimizers.
export { loadSafetensors, readSafetensorsHeader, saveSafetensors } from "./safetensors.js";
export type { SafetensorsEntry, SafetensorsHeader } from "./safetensors-header.js";
export { type Checkpointable, decodeCheckpoint, encodeCheckpoint, type WeightSpec } from "./checkpoint.js";
export { loadCheckpoint, saveCheckpoint } from "./checkpoint-file.js";
