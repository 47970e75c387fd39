// The MNIST digits as the page loads them: one binary file written by build.mjs,
//   bytes 0..7     train count, test count (uint32, little-endian)
//   then           train labels, test labels (one byte each)
//   then           train images, test images (784 grey levels each, 0..255, row-major)
// turned into the float32 rows (grey levels 0..1) and int32 labels the model trains on.

export const imageSide = 28;
export const imageSize = imageSide * imageSide;
export const numClasses = 10;

export interface Digits {
  /** `count` rows of 784 grey levels in [0, 1]. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

export interface MnistSplit {
  train: Digits;
  test: Digits;
}

export async function loadDigits(url: string): Promise<MnistSplit> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`loading ${url}: HTTP ${response.status}; build it with node examples/browser/build.mjs`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const header = new DataView(bytes.buffer, 0, Math.min(8, bytes.length));
  const trainCount = bytes.length >= 8 ? header.getUint32(0, true) : 0;
  const testCount = bytes.length >= 8 ? header.getUint32(4, true) : 0;
  const total = trainCount + testCount;
  if (bytes.length !== 8 + total * (1 + imageSize)) {
    const expected = `the ${trainCount} + ${testCount} digits its header announces`;
    throw new Error(`${url} holds ${bytes.length} bytes, not ${expected}; rebuild it with node examples/browser/build.mjs`);
  }
  const labels = bytes.subarray(8, 8 + total);
  const images = bytes.subarray(8 + total);
  return {
    train: unpack(labels.subarray(0, trainCount), images.subarray(0, trainCount * imageSize)),
    test: unpack(labels.subarray(trainCount), images.subarray(trainCount * imageSize)),
  };
}

function unpack(labels: Uint8Array, greyLevels: Uint8Array): Digits {
  const images = new Float32Array(greyLevels.length);
  for (let i = 0; i < greyLevels.length; i++) images[i] = greyLevels[i] / 255;
  return { images, labels: Int32Array.from(labels), count: labels.length };
}
