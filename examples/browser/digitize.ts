// A drawing turned into an input like the MNIST digits. MNIST scaled each digit to fit a 20x20 box,
// keeping its aspect ratio (the averaging gives grey levels), then placed it in a 28x28 image so that
// its centre of mass is the centre of the image. Here the same, from the ink of a drawing.
import { imageSide, imageSize } from "./data.js";

const boxSide = 20;

/** 784 grey levels in [0, 1], or null when there is no ink. */
export function toMnistImage(ink: Float32Array, width: number, height: number): Float32Array | null {
  const box = inkBounds(ink, width, height);
  if (box === null) return null;
  const scale = boxSide / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const small = new Float32Array(w * h);
  let mass = 0;
  let massX = 0;
  let massY = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = areaAverage(ink, width, height, box.left + x / scale, box.top + y / scale, 1 / scale);
      small[y * w + x] = v;
      mass += v;
      massX += v * (x + 0.5);
      massY += v * (y + 0.5);
    }
  }
  const shiftX = Math.round(imageSide / 2 - massX / mass);
  const shiftY = Math.round(imageSide / 2 - massY / mass);
  const image = new Float32Array(imageSize);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const tx = x + shiftX;
      const ty = y + shiftY;
      if (tx >= 0 && tx < imageSide && ty >= 0 && ty < imageSide) image[ty * imageSide + tx] = small[y * w + x];
    }
  }
  return image;
}

/** The smallest rectangle holding every pixel with ink. */
function inkBounds(ink: Float32Array, width: number, height: number) {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Mean ink of the pixels in the square of side `side` at (x, y) (at least one pixel, so that it also enlarges). */
function areaAverage(ink: Float32Array, width: number, height: number, x: number, y: number, side: number): number {
  const left = Math.floor(x);
  const top = Math.floor(y);
  const right = Math.min(width, Math.max(left + 1, Math.floor(x + side)));
  const bottom = Math.min(height, Math.max(top + 1, Math.floor(y + side)));
  let sum = 0;
  for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) sum += ink[y * width + x];
  return sum / ((right - left) * (bottom - top));
}
