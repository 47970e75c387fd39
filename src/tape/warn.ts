// Warnings go through console.warn, once per cause.
const warned = new Set<string>();

export function warnOnce(cause: string, message: string): void {
  if (warned.has(cause)) return;
  warned.add(cause);
  console.warn(message);
}
