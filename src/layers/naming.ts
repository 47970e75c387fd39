// Automatic layer names as Keras gives them: the class name in snake_case, then a per-name counter
// for the next ones (dense, dense_1, dense_2, ...). Names chosen by the user are left as they are.

const uses = new Map<string, number>();

/** "ReLU" -> "re_lu", "MyModel" -> "my_model", "GlobalAveragePooling2D" -> "global_average_pooling2d". */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** A unique name for a new object of the class `className`. */
export function autoName(className: string): string {
  const base = toSnakeCase(className) || "layer";
  const count = uses.get(base) ?? 0;
  uses.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/**
 * Resets the automatic names, so that the next Dense is named "dense" again (Keras's
 * `keras.backend.clear_session()`, which also does this). Layers already made keep their names.
 */
export function clearSession(): void {
  uses.clear();
}
