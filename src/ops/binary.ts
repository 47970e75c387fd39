// Element-wise binary ops with NumPy broadcasting: arithmetic and comparisons.
import { releaseIfConverted, type TensorInput, toTensor } from "../convert.js";
import type { DType } from "../dtype.js";
import { I32 } from "../engine/heap.js";
import { KernelFamily, NUMERIC } from "../engine/kernels.js";
import { broadcastShapes, formatShape, shapesEqual, sizeOf } from "../shape.js";
import type { PrimitiveOp } from "../grad/rules.js";
import { observeOutput, recording, recordOp } from "../tape/recorder.js";
import { allocTensor, Tensor } from "../tensor.js";
import { A_SCALAR, B_SCALAR, isPlain, SAME, STRIDED, writeStridedArgs } from "./broadcast.js";
import { checkSameDType } from "./check.js";

interface BinaryOp {
  readonly name: string;
  /** The tape node arithmetic records; comparisons (bool outputs) record nothing. */
  readonly recordAs: PrimitiveOp | null;
  /** Comparisons give bool. */
  readonly compare: boolean;
  readonly kernels: KernelFamily;
}

const EQUALITY: readonly DType[] = ["float32", "float64", "int32", "bool"];

function binaryOp(name: PrimitiveOp, dtypes: readonly DType[]): BinaryOp {
  return { name, recordAs: name, compare: false, kernels: new KernelFamily(name, dtypes) };
}

function comparison(name: string, dtypes: readonly DType[]): BinaryOp {
  return { name, recordAs: null, compare: true, kernels: new KernelFamily(name, dtypes) };
}

const ADD = binaryOp("add", NUMERIC);
const SUB = binaryOp("sub", NUMERIC);
const MUL = binaryOp("mul", NUMERIC);
const DIV = binaryOp("div", NUMERIC);
const POW = binaryOp("pow", NUMERIC);
const MAXIMUM = binaryOp("maximum", NUMERIC);
const MINIMUM = binaryOp("minimum", NUMERIC);
const EQUAL = comparison("equal", EQUALITY);
const NOT_EQUAL = comparison("notEqual", EQUALITY);
const GREATER = comparison("greater", NUMERIC);
const GREATER_EQUAL = comparison("greaterEqual", NUMERIC);
const LESS = comparison("less", NUMERIC);
const LESS_EQUAL = comparison("lessEqual", NUMERIC);

/** a + b, element-wise with broadcasting; int32 wraps on overflow. */
export function add(a: TensorInput, b: TensorInput): Tensor {
  return apply(ADD, a, b);
}

/** a - b, element-wise with broadcasting. */
export function sub(a: TensorInput, b: TensorInput): Tensor {
  return apply(SUB, a, b);
}

/** a * b, element-wise with broadcasting; int32 wraps on overflow. */
export function mul(a: TensorInput, b: TensorInput): Tensor {
  return apply(MUL, a, b);
}

/** a / b, element-wise with broadcasting. int32 operands give float64, as TensorFlow's truediv. */
export function div(a: TensorInput, b: TensorInput): Tensor {
  return apply(DIV, a, b);
}

/** a ** b, element-wise with broadcasting. int32 exponents must not be negative. */
export function pow(a: TensorInput, b: TensorInput): Tensor {
  return apply(POW, a, b);
}

/** The larger of a and b, element-wise with broadcasting; NaN wins. */
export function maximum(a: TensorInput, b: TensorInput): Tensor {
  return apply(MAXIMUM, a, b);
}

/** The smaller of a and b, element-wise with broadcasting; NaN wins. */
export function minimum(a: TensorInput, b: TensorInput): Tensor {
  return apply(MINIMUM, a, b);
}

/** a == b as a bool tensor (NaN equals nothing). */
export function equal(a: TensorInput, b: TensorInput): Tensor {
  return apply(EQUAL, a, b);
}

/** a != b as a bool tensor (NaN differs from everything). */
export function notEqual(a: TensorInput, b: TensorInput): Tensor {
  return apply(NOT_EQUAL, a, b);
}

/** a > b as a bool tensor. */
export function greater(a: TensorInput, b: TensorInput): Tensor {
  return apply(GREATER, a, b);
}

/** a >= b as a bool tensor. */
export function greaterEqual(a: TensorInput, b: TensorInput): Tensor {
  return apply(GREATER_EQUAL, a, b);
}

/** a < b as a bool tensor. */
export function less(a: TensorInput, b: TensorInput): Tensor {
  return apply(LESS, a, b);
}

/** a <= b as a bool tensor. */
export function lessEqual(a: TensorInput, b: TensorInput): Tensor {
  return apply(LESS_EQUAL, a, b);
}

/** Validates, allocates the output and runs the kernel; the only code path of every op above. */
function apply(op: BinaryOp, x: TensorInput, y: TensorInput): Tensor {
  const name = op.name;
  // A plain value (number, array) takes the dtype of the tensor operand, so mul(x64, 2) stays float64.
  let a = isPlain(x) && !isPlain(y) ? null : toTensor(x, name, "a");
  let b: Tensor | null = null;
  try {
    b = toTensor(y, name, "b", a === null ? undefined : a.dtype);
    a ??= toTensor(x, name, "a", b.dtype);
    return compute(op, a, b);
  } catch (err) {
    releaseIfConverted(x, a);
    releaseIfConverted(y, b);
    throw err;
  }
}

function compute(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const name = op.name;
  if (a.dtype !== b.dtype) checkSameDType(name, a, b);
  const kernel = op.kernels.forTensor(a);

  let shape: number[];
  let layout: number;
  if (shapesEqual(a.shape, b.shape)) {
    shape = a.shape.slice();
    layout = SAME;
  } else {
    shape = broadcastShapes(a.shape, b.shape, name);
    const n = sizeOf(shape);
    if (b.size === 1) layout = B_SCALAR;
    else if (a.size === 1) layout = A_SCALAR;
    else if (a.size === n && b.size === n) layout = SAME;
    else layout = STRIDED;
    if (layout === STRIDED && n > 0) writeStridedArgs(name, shape, a.shape, b.shape);
  }
  if (op === POW && a.dtype === "int32") checkExponents(b);

  const out = allocTensor(shape, outputDType(op, a.dtype), op.name);
  if (out.size > 0) kernel(a.ptr, b.ptr, out.ptr, out.size, layout);
  if (recording()) {
    if (op.recordAs !== null) recordOp(op.recordAs, [a, b], out);
    else observeOutput(name, [a, b], out);
  }
  return out;
}

function outputDType(op: BinaryOp, dtype: DType): DType {
  if (op.compare) return "bool";
  return op === DIV && dtype === "int32" ? "float64" : dtype;
}

/** TensorFlow rejects negative integer exponents rather than truncating 1/x^n to 0. */
function checkExponents(exponents: Tensor): void {
  const base = exponents.ptr >>> 2;
  for (let i = 0; i < exponents.size; i++) {
    if (I32[base + i] < 0) {
      throw new RangeError(
        `pow: Integers to negative integer powers are not allowed: the int32 exponent ${formatShape(exponents.shape)} ` +
          `holds ${I32[base + i]}; cast both to float first with tf.cast(x, "float32")`,
      );
    }
  }
}
