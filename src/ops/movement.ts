// Shape and movement ops. Each lives in a movement-*.ts file by kind; this file names the public ones.
export { gather, oneHot } from "./movement-gather.js";
export { concat, slice, stack } from "./movement-join.js";
export { expandDims, reshape, squeeze, transpose } from "./movement-shape.js";
export { pad, tile } from "./movement-tile.js";
