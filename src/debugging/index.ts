// tf.debugging: finding where NaN and Infinity come from.
export { checkNumerics } from "./check-numerics.js";
export { disableCheckNumerics, enableCheckNumerics, isCheckNumericsEnabled } from "./check-every-op.js";
