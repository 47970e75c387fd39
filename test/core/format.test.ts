import { describe, expect, it } from "vitest";
import * as tf from "../../src/index.js";
import type { DType, TypedArray } from "../../src/dtype.js";
import { formatTensor } from "../../src/format.js";

// Expected strings are what TensorFlow prints: `tf.Tensor(<NumPy str of the value>, shape=..., dtype=...)`,
// with NumPy's default print options (NumPy >= 2.3). Float32 values are given as the float64
// numbers they are exactly.
interface Row {
  name: string;
  values: number[];
  shape: number[];
  dtype: DType;
  expected: string;
}

const rows: Row[] = [
  { name: "float32 scalar", values: [6.0], shape: [], dtype: "float32",
    expected: "tf.Tensor(6.0, shape=(), dtype=float32)" },
  { name: "float32 pair", values: [4.3425726890563965, 0.2698078453540802], shape: [2], dtype: "float32",
    expected: "tf.Tensor([4.3425727  0.26980785], shape=(2,), dtype=float32)" },
  { name: "float32 3x2", values: [4.3425726890563965, 0.2698078453540802, 8.685145378112793, 0.5396156907081604, 13.027717590332031, 0.809423565864563], shape: [3, 2], dtype: "float32",
    expected: "tf.Tensor(\n[[ 4.3425727   0.26980785]\n [ 8.685145    0.5396157 ]\n [13.027718    0.80942357]], shape=(3, 2), dtype=float32)" },
  { name: "float32 shortest digits", values: [0.0999993085861206, 1.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([0.09999931 1.        ], shape=(2,), dtype=float32)" },
  { name: "float32 scalar shortest digits", values: [0.0999993085861206], shape: [], dtype: "float32",
    expected: "tf.Tensor(0.09999931, shape=(), dtype=float32)" },
  { name: "whole numbers keep the point", values: [1.0, 2.0, 3.0], shape: [3], dtype: "float32",
    expected: "tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)" },
  { name: "common fraction width", values: [1.5, 2.0, 3.0], shape: [3], dtype: "float32",
    expected: "tf.Tensor([1.5 2.  3. ], shape=(3,), dtype=float32)" },
  { name: "negative alignment", values: [-1.25, 10.0, 3.0, -400.5], shape: [2, 2], dtype: "float32",
    expected: "tf.Tensor(\n[[  -1.25   10.  ]\n [   3.   -400.5 ]], shape=(2, 2), dtype=float32)" },
  { name: "float64 keeps 8 fraction digits in arrays", values: [0.1234567890123, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([0.12345679 1.        ], shape=(2,), dtype=float64)" },
  { name: "float64 scalar keeps every digit", values: [0.1234567890123], shape: [], dtype: "float64",
    expected: "tf.Tensor(0.1234567890123, shape=(), dtype=float64)" },
  { name: "ties round to even at the 8th digit", values: [0.001953125, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([0.00195312 1.        ], shape=(2,), dtype=float64)" },
  { name: "0.1 in float32 and float64", values: [0.10000000149011612, 0.20000000298023224, 0.30000001192092896], shape: [3], dtype: "float32",
    expected: "tf.Tensor([0.1 0.2 0.3], shape=(3,), dtype=float32)" },
  { name: "0.1 in float64", values: [0.1, 0.2, 0.30000000000000004], shape: [3], dtype: "float64",
    expected: "tf.Tensor([0.1 0.2 0.3], shape=(3,), dtype=float64)" },
  { name: "negative zero scalar", values: [-0], shape: [], dtype: "float32",
    expected: "tf.Tensor(-0.0, shape=(), dtype=float32)" },
  { name: "negative zero in an array", values: [-0, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([-0.  1.], shape=(2,), dtype=float64)" },
  { name: "all zeros", values: [0.0, 0.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([0. 0.], shape=(2,), dtype=float32)" },
  { name: "nan and -inf", values: [NaN, -Infinity], shape: [2], dtype: "float64",
    expected: "tf.Tensor([ nan -inf], shape=(2,), dtype=float64)" },
  { name: "nan beside a fraction", values: [1.5, NaN], shape: [2], dtype: "float32",
    expected: "tf.Tensor([1.5 nan], shape=(2,), dtype=float32)" },
  { name: "inf beside scientific", values: [1e-05, NaN, Infinity], shape: [3], dtype: "float64",
    expected: "tf.Tensor([1.e-05    nan    inf], shape=(3,), dtype=float64)" },
  { name: "nan scalar", values: [NaN], shape: [], dtype: "float32",
    expected: "tf.Tensor(nan, shape=(), dtype=float32)" },
  { name: "-inf scalar", values: [-Infinity], shape: [], dtype: "float64",
    expected: "tf.Tensor(-inf, shape=(), dtype=float64)" },
  { name: "small values switch to scientific", values: [1e-05, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([1.e-05 1.e+00], shape=(2,), dtype=float64)" },
  { name: "ratio above 1e3 switches to scientific", values: [1.0, 1001.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([1.000e+00 1.001e+03], shape=(2,), dtype=float32)" },
  { name: "ratio of exactly 1e3 stays positional", values: [1.0, 1000.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([   1. 1000.], shape=(2,), dtype=float32)" },
  { name: "float32 from 1e6 is scientific", values: [1000000.0, 1.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([1.e+06 1.e+00], shape=(2,), dtype=float32)" },
  { name: "float32 just below 1e6", values: [999999.9375, 1.0], shape: [2], dtype: "float32",
    expected: "tf.Tensor([9.9999994e+05 1.0000000e+00], shape=(2,), dtype=float32)" },
  { name: "float64 from 1e8 is scientific", values: [100000000.0, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([1.e+08 1.e+00], shape=(2,), dtype=float64)" },
  { name: "float64 below 1e8", values: [99999999.0, 1.5], shape: [2], dtype: "float64",
    expected: "tf.Tensor([9.9999999e+07 1.5000000e+00], shape=(2,), dtype=float64)" },
  { name: "scientific pads to common digits", values: [1.23456789e-05, 1.0, -25000000000.0], shape: [3], dtype: "float64",
    expected: "tf.Tensor([ 1.23456789e-05  1.00000000e+00 -2.50000000e+10], shape=(3,), dtype=float64)" },
  { name: "scientific float32 prints exact digits to the common width", values: [0.6914563775062561, 269986.03125, 87.72283172607422], shape: [3], dtype: "float32",
    expected: "tf.Tensor([6.9145638e-01 2.6998603e+05 8.7722832e+01], shape=(3,), dtype=float32)" },
  { name: "three-digit exponents", values: [1e-100, 1.0], shape: [2], dtype: "float64",
    expected: "tf.Tensor([1.e-100 1.e+000], shape=(2,), dtype=float64)" },
  { name: "float32 scalar 1e6", values: [1000000.0], shape: [], dtype: "float32",
    expected: "tf.Tensor(1e+06, shape=(), dtype=float32)" },
  { name: "float32 scalar below 1e6", values: [999999.0], shape: [], dtype: "float32",
    expected: "tf.Tensor(999999.0, shape=(), dtype=float32)" },
  { name: "float32 scalar 123456789", values: [123456792.0], shape: [], dtype: "float32",
    expected: "tf.Tensor(1.2345679e+08, shape=(), dtype=float32)" },
  { name: "float32 scalar 1.5e-5", values: [1.4999999621068127e-05], shape: [], dtype: "float32",
    expected: "tf.Tensor(1.5e-05, shape=(), dtype=float32)" },
  { name: "float32 scalar nearest 1e-4", values: [9.999999747378752e-05], shape: [], dtype: "float32",
    expected: "tf.Tensor(1e-04, shape=(), dtype=float32)" },
  { name: "float64 scalar 1e-4", values: [0.0001], shape: [], dtype: "float64",
    expected: "tf.Tensor(0.0001, shape=(), dtype=float64)" },
  { name: "float64 scalar 1e15", values: [1000000000000000.0], shape: [], dtype: "float64",
    expected: "tf.Tensor(1000000000000000.0, shape=(), dtype=float64)" },
  { name: "float64 scalar 1e16", values: [1e+16], shape: [], dtype: "float64",
    expected: "tf.Tensor(1e+16, shape=(), dtype=float64)" },
  { name: "float32 smallest subnormal", values: [1.401298464324817e-45], shape: [], dtype: "float32",
    expected: "tf.Tensor(1e-45, shape=(), dtype=float32)" },
  { name: "float64 smallest subnormal", values: [5e-324], shape: [], dtype: "float64",
    expected: "tf.Tensor(5e-324, shape=(), dtype=float64)" },
  { name: "float32 largest", values: [3.4028234663852886e+38], shape: [], dtype: "float32",
    expected: "tf.Tensor(3.4028235e+38, shape=(), dtype=float32)" },
  { name: "float64 largest", values: [1.7976931348623157e+308], shape: [], dtype: "float64",
    expected: "tf.Tensor(1.7976931348623157e+308, shape=(), dtype=float64)" },
  { name: "int32 scalar", values: [-7.0], shape: [], dtype: "int32",
    expected: "tf.Tensor(-7, shape=(), dtype=int32)" },
  { name: "int32 vector", values: [1.0, 2.0, 3.0], shape: [3], dtype: "int32",
    expected: "tf.Tensor([1 2 3], shape=(3,), dtype=int32)" },
  { name: "int32 common width", values: [1.0, -20.0, 300.0, 4.0], shape: [2, 2], dtype: "int32",
    expected: "tf.Tensor(\n[[  1 -20]\n [300   4]], shape=(2, 2), dtype=int32)" },
  { name: "int32 extremes", values: [-2147483648.0, 2147483647.0], shape: [2], dtype: "int32",
    expected: "tf.Tensor([-2147483648  2147483647], shape=(2,), dtype=int32)" },
  { name: "bool scalar", values: [1.0], shape: [], dtype: "bool",
    expected: "tf.Tensor(True, shape=(), dtype=bool)" },
  { name: "bool vector", values: [1.0, 0.0], shape: [2], dtype: "bool",
    expected: "tf.Tensor([ True False], shape=(2,), dtype=bool)" },
  { name: "bool matrix", values: [1.0, 1.0, 0.0, 1.0], shape: [2, 2], dtype: "bool",
    expected: "tf.Tensor(\n[[ True  True]\n [False  True]], shape=(2, 2), dtype=bool)" },
  { name: "3-D blocks are separated by a blank line", values: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0], shape: [2, 3, 4], dtype: "int32",
    expected: "tf.Tensor(\n[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]], shape=(2, 3, 4), dtype=int32)" },
  { name: "4-D single element", values: [2.5], shape: [1, 1, 1, 1], dtype: "float32",
    expected: "tf.Tensor([[[[2.5]]]], shape=(1, 1, 1, 1), dtype=float32)" },
  { name: "long rows wrap at 75 characters", values: Array.from({ length: 30 }, (_, i) => i), shape: [30], dtype: "float32",
    expected: "tf.Tensor(\n[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.], shape=(30,), dtype=float32)" },
  { name: "wrapped float64 rows", values: Array.from({ length: 12 }, (_, i) => i * 1.37), shape: [12], dtype: "float64",
    expected: "tf.Tensor([ 0.    1.37  2.74  4.11  5.48  6.85  8.22  9.59 10.96 12.33 13.7  15.07], shape=(12,), dtype=float64)" },
  { name: "wrapped int32 rows in a matrix", values: Array.from({ length: 60 }, (_, i) => i * 9973), shape: [2, 30], dtype: "int32",
    expected: "tf.Tensor(\n[[     0   9973  19946  29919  39892  49865  59838  69811  79784  89757\n   99730 109703 119676 129649 139622 149595 159568 169541 179514 189487\n  199460 209433 219406 229379 239352 249325 259298 269271 279244 289217]\n [299190 309163 319136 329109 339082 349055 359028 369001 378974 388947\n  398920 408893 418866 428839 438812 448785 458758 468731 478704 488677\n  498650 508623 518596 528569 538542 548515 558488 568461 578434 588407]], shape=(2, 30), dtype=int32)" },
  { name: "1000 elements are printed in full", values: Array.from({ length: 1000 }, (_, i) => i % 10), shape: [1000], dtype: "int32",
    expected: "tf.Tensor(\n[0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6\n 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3\n 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0\n 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7\n 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4\n 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8\n 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5\n 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2\n 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9\n 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6\n 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3\n 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0\n 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7\n 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4\n 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8\n 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5\n 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2\n 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9\n 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6\n 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3\n 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0\n 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7\n 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4\n 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8\n 9], shape=(1000,), dtype=int32)" },
  { name: "more than 1000 elements are summarized", values: Array.from({ length: 1001 }, (_, i) => i), shape: [1001], dtype: "float32",
    expected: "tf.Tensor([   0.    1.    2. ...  998.  999. 1000.], shape=(1001,), dtype=float32)" },
  { name: "summarized matrix", values: Array.from({ length: 2000 }, (_, i) => i), shape: [2, 1000], dtype: "int32",
    expected: "tf.Tensor(\n[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]], shape=(2, 1000), dtype=int32)" },
  { name: "summarized rows and columns", values: Array.from({ length: 2400 }, (_, i) => i / 8), shape: [40, 60], dtype: "float32",
    expected: "tf.Tensor(\n[[0.00000e+00 1.25000e-01 2.50000e-01 ... 7.12500e+00 7.25000e+00\n  7.37500e+00]\n [7.50000e+00 7.62500e+00 7.75000e+00 ... 1.46250e+01 1.47500e+01\n  1.48750e+01]\n [1.50000e+01 1.51250e+01 1.52500e+01 ... 2.21250e+01 2.22500e+01\n  2.23750e+01]\n ...\n [2.77500e+02 2.77625e+02 2.77750e+02 ... 2.84625e+02 2.84750e+02\n  2.84875e+02]\n [2.85000e+02 2.85125e+02 2.85250e+02 ... 2.92125e+02 2.92250e+02\n  2.92375e+02]\n [2.92500e+02 2.92625e+02 2.92750e+02 ... 2.99625e+02 2.99750e+02\n  2.99875e+02]], shape=(40, 60), dtype=float32)" },
  { name: "summarized 3-D", values: Array.from({ length: 1232 }, (_, i) => (i % 13) - 6), shape: [8, 7, 22], dtype: "int32",
    expected: "tf.Tensor(\n[[[-6 -5 -4 ...  0  1  2]\n  [ 3  4  5 ... -4 -3 -2]\n  [-1  0  1 ...  5  6 -6]\n  ...\n  [ 4  5  6 ... -3 -2 -1]\n  [ 0  1  2 ...  6 -6 -5]\n  [-4 -3 -2 ...  2  3  4]]\n\n [[ 5  6 -6 ... -2 -1  0]\n  [ 1  2  3 ... -6 -5 -4]\n  [-3 -2 -1 ...  3  4  5]\n  ...\n  [ 2  3  4 ... -5 -4 -3]\n  [-2 -1  0 ...  4  5  6]\n  [-6 -5 -4 ...  0  1  2]]\n\n [[ 3  4  5 ... -4 -3 -2]\n  [-1  0  1 ...  5  6 -6]\n  [-5 -4 -3 ...  1  2  3]\n  ...\n  [ 0  1  2 ...  6 -6 -5]\n  [-4 -3 -2 ...  2  3  4]\n  [ 5  6 -6 ... -2 -1  0]]\n\n ...\n\n [[-3 -2 -1 ...  3  4  5]\n  [ 6 -6 -5 ... -1  0  1]\n  [ 2  3  4 ... -5 -4 -3]\n  ...\n  [-6 -5 -4 ...  0  1  2]\n  [ 3  4  5 ... -4 -3 -2]\n  [-1  0  1 ...  5  6 -6]]\n\n [[-5 -4 -3 ...  1  2  3]\n  [ 4  5  6 ... -3 -2 -1]\n  [ 0  1  2 ...  6 -6 -5]\n  ...\n  [ 5  6 -6 ... -2 -1  0]\n  [ 1  2  3 ... -6 -5 -4]\n  [-3 -2 -1 ...  3  4  5]]\n\n [[ 6 -6 -5 ... -1  0  1]\n  [ 2  3  4 ... -5 -4 -3]\n  [-2 -1  0 ...  4  5  6]\n  ...\n  [ 3  4  5 ... -4 -3 -2]\n  [-1  0  1 ...  5  6 -6]\n  [-5 -4 -3 ...  1  2  3]]], shape=(8, 7, 22), dtype=int32)" },
  { name: "summarized bool", values: Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? 1 : 0)), shape: [1500], dtype: "bool",
    expected: "tf.Tensor([ True False False ...  True False False], shape=(1500,), dtype=bool)" },
  { name: "empty matrix", values: [], shape: [0, 3], dtype: "float32",
    expected: "tf.Tensor([], shape=(0, 3), dtype=float32)" },
  { name: "empty vector", values: [], shape: [0], dtype: "int32",
    expected: "tf.Tensor([], shape=(0,), dtype=int32)" },
  { name: "empty inner dimension", values: [], shape: [2, 0], dtype: "bool",
    expected: "tf.Tensor([], shape=(2, 0), dtype=bool)" },
];

function typed(values: number[], dtype: DType): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(values);
    case "float64":
      return new Float64Array(values);
    case "int32":
      return new Int32Array(values);
    case "bool":
      return new Uint8Array(values);
  }
}

describe("formatTensor", () => {
  for (const row of rows) {
    it(row.name, () => {
      expect(formatTensor(row.shape, row.dtype, typed(row.values, row.dtype))).toBe(row.expected);
    });
  }
});

describe("String(tensor)", () => {
  it("prints through the tensor's values in Wasm memory", () => {
    const t = tf.tensor([4.3425727, 0.26980785, 8.685145, 0.5396157, 13.027718, 0.80942357], [3, 2]);
    expect(String(t)).toBe(rows[2].expected);
    expect(`${tf.constant(6)}`).toBe("tf.Tensor(6.0, shape=(), dtype=float32)");
    expect(String(tf.constant([true, false]))).toBe("tf.Tensor([ True False], shape=(2,), dtype=bool)");
    expect(String(tf.zeros([0, 3]))).toBe("tf.Tensor([], shape=(0, 3), dtype=float32)");
  });
});
