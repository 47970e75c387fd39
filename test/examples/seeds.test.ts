// Each seed script in examples/seeds prints what the original prints (where the original's numbers do
// not depend on unseeded random values).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

let printed: string[] = [];
beforeEach(() => {
  printed = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

const variable = (numpy: string) => `<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=${numpy}>`;

describe("examples/seeds", () => {
  it("000: a training step lowers the loss; the gradient of w * w at 1 is 2.0", async () => {
    await import("../../examples/seeds/000-gradient-of-w-squared.js");
    const [first, last] = printed[0].split(" ").slice(-2).map(Number);
    expect(last).toBeLessThan(first);
    expect(printed[1]).toBe("2.0");
  });

  it("001: Gradients of w: -4.0, Gradients of b: -2.0", async () => {
    await import("../../examples/seeds/001-gradients-of-w-and-b.js");
    expect(printed).toEqual(["Gradients of w:  -4.0", "Gradients of b:  -2.0"]);
  });

  it("002: Adam reaches 0.09999931 after one step, 5.000001 after 1000, and 0.7 for [5, -7, 13]", async () => {
    await import("../../examples/seeds/002-adam-on-a-quadratic.js");
    expect(printed).toEqual([
      variable("0.0"),
      "(1, 'a')",
      "(2, 'b')",
      "(3, 'c')",
      variable("0.09999931"),
      variable("5.000001"),
      variable("0.0"),
      variable("0.09999931"),
      variable("5.000001"),
      variable("0.7"),
    ]);
  });

  it("003: 6.0 twice, a fitted line, a falling loss, and a second derivative of 6.0", async () => {
    await import("../../examples/seeds/003-what-the-tape-records.js");
    expect(printed[0]).toBe("6.0");
    expect(printed[1]).toBe("6.0");
    expect(printed[2]).toMatch(/^y = -?\d\.\d+ \* x \+ -?\d\.\d+$/);
    const [first, last] = [...printed[3].matchAll(/(\d+\.\d+)/g)].map((m) => Number(m[1]));
    expect(last).toBeLessThan(first);
    expect(printed[4]).toBe("6.0");
  });

  it("004: dl/dw = x^T dl/db; kernel (3, 2) and bias (2,); only x0 gets a gradient; 6.0", async () => {
    await import("../../examples/seeds/004-gradients-of-a-model.js");
    const numbers = (text: string) => [...text.matchAll(/-?\d+\.\d*(?:e[-+]\d+)?/g)].map((m) => Number(m[0]));
    const dw = numbers(printed[0].replace(/shape=.*$/s, ""));
    const db = numbers(printed[1].replace(/shape=.*$/s, ""));
    expect(dw).toHaveLength(6);
    expect(db).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) expect(dw[2 * i + j]).toBeCloseTo((i + 1) * db[j], 4);
    }
    expect(printed.slice(2)).toEqual([
      "kernel, shape: (3, 2)",
      "bias, shape: (2,)",
      "tf.Tensor(6.0, shape=(), dtype=float32)",
      "None",
      "None",
      "None",
      "6.0",
    ]);
  });
});
