// Peak memory of the measuring child processes, without loading anything else into them.
import { readFileSync } from "node:fs";

/**
 * The calling process's peak resident set. Linux's VmHWM is this process's own; getrusage's maxRSS
 * (process.resourceUsage) also counts the parent's peak, which a child inherits through fork/exec.
 */
export function ownPeakRssBytes(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm !== null) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux: getrusage is the best there is
  }
  return process.resourceUsage().maxRSS * 1024;
}
