// A generated sweep of the whole public surface: every exported function, class constructor and
// method (enumerated from the namespaces, see surface.ts) is called with each hostile value
// (hostile-values.ts) in each argument position, the other arguments being a valid 2x2 float32
// tensor. Each call must either return a valid result or throw a clear Error naming the function,
// never a Wasm trap or JavaScript's own TypeError, and a failed call must leave no tensor behind
// (tf.memory().numTensors unchanged: what it converted from plain values is freed too). After each
// callable the engine must still compute correctly.
// Deterministic enumeration, no randomness: every callable (453 at this writing: 216 functions and
// constructors, 237 methods) x 2 to 4 argument positions x 28 hostile values, about 30,000 calls.
import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import { expectEngineHealthy, unclearError } from "./engine-health.js";
import { HOSTILE_VALUES } from "./hostile-values.js";
import { type Callable, exportedCallables, methodCallables } from "./surface.js";

const DTYPES = ["float32", "float64", "int32", "bool"];

/** Why `value` is not a valid result, or null: tensors must be alive-and-readable or deliberately freed. */
function invalidResult(value: unknown, depth = 0): string | null {
  if (value instanceof tf.Tensor) {
    if (value.freedBecause !== null) return null;
    if (!DTYPES.includes(value.dtype)) return `a tensor of dtype ${String(value.dtype)}`;
    if (!value.shape.every((d) => Number.isInteger(d) && d >= 0)) return `a tensor of shape ${String(value.shape)}`;
    if (value.data().length !== value.size) return `a tensor whose data() has the wrong length`;
    return null;
  }
  if (Array.isArray(value) && depth < 3) {
    for (const v of value) {
      const why = invalidResult(v, depth + 1);
      if (why !== null) return why;
    }
  }
  return null;
}

interface Failure {
  call: string;
  problem: string;
}

function sweep(callable: Callable): Failure[] {
  const failures: Failure[] = [];
  for (let pos = 0; pos < callable.positions; pos++) {
    for (const hostile of HOSTILE_VALUES) {
      tf.tidy(() => {
        const invoke = callable.prepare();
        const args: unknown[] = Array.from({ length: callable.positions }, () => tf.tensor([[1, 2], [3, 4]]));
        args[pos] = hostile.make();
        const call = `${callable.label} with ${hostile.name} as argument ${pos}`;
        const before = tf.memory().numTensors;
        let result: unknown;
        try {
          result = invoke(args);
        } catch (err) {
          const why = unclearError(err, callable.names);
          if (why !== null) failures.push({ call, problem: why });
          const left = tf.memory().numTensors - before;
          if (left > 0) failures.push({ call, problem: `left ${left} tensors behind` });
          return;
        }
        if (result instanceof Promise) {
          result.catch(() => undefined);
          return;
        }
        const why = invalidResult(result);
        if (why !== null) failures.push({ call, problem: `returned ${why}` });
      });
    }
  }
  return failures;
}

describe("every public function, constructor and method given hostile arguments", () => {
  const groups: [string, Callable[]][] = [
    ["exported functions and constructors", exportedCallables()],
    ["methods", methodCallables()],
  ];
  for (const [group, callables] of groups) {
    it(`${group} (${callables.length}) throw clear errors or return valid results`, () => {
      expect(callables.length).toBeGreaterThan(40);
      const failures: Failure[] = [];
      for (const callable of callables) {
        failures.push(...sweep(callable));
        expectEngineHealthy();
      }
      expect(failures.map((f) => `${f.call}: ${f.problem.replace(/\s+/g, " ").slice(0, 200)}`)).toEqual([]);
    });
  }
});
