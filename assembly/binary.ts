// Element-wise binary kernels with NumPy broadcasting. Every kernel takes
// (a, b, out, n, layout): pointers to the operands and the output, the output size, and the
// operand layout (SAME, B_SCALAR, A_SCALAR or STRIDED; see binary-strided.ts).
import { binary, ADD, SUB, MUL, DIV, TRUE_DIV, POW, MAXIMUM, MINIMUM } from "./binary-kernel";
import { EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL } from "./binary-kernel";

export function add_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(ADD, a, b, out, n, layout); }
export function add_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(ADD, a, b, out, n, layout); }
export function add_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(ADD, a, b, out, n, layout); }

export function sub_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(SUB, a, b, out, n, layout); }
export function sub_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(SUB, a, b, out, n, layout); }
export function sub_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(SUB, a, b, out, n, layout); }

export function mul_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(MUL, a, b, out, n, layout); }
export function mul_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(MUL, a, b, out, n, layout); }
export function mul_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(MUL, a, b, out, n, layout); }

export function div_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(DIV, a, b, out, n, layout); }
export function div_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(DIV, a, b, out, n, layout); }
/** int32 operands, float64 output. */
export function div_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, f64>(TRUE_DIV, a, b, out, n, layout); }

export function pow_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(POW, a, b, out, n, layout); }
export function pow_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(POW, a, b, out, n, layout); }
export function pow_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(POW, a, b, out, n, layout); }

export function maximum_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(MAXIMUM, a, b, out, n, layout); }
export function maximum_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(MAXIMUM, a, b, out, n, layout); }
export function maximum_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(MAXIMUM, a, b, out, n, layout); }

export function minimum_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, f32>(MINIMUM, a, b, out, n, layout); }
export function minimum_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, f64>(MINIMUM, a, b, out, n, layout); }
export function minimum_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, i32>(MINIMUM, a, b, out, n, layout); }

// Comparisons write bool (u8 0/1).
export function equal_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(EQUAL, a, b, out, n, layout); }
export function equal_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(EQUAL, a, b, out, n, layout); }
export function equal_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(EQUAL, a, b, out, n, layout); }
export function equal_u8(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<u8, u8>(EQUAL, a, b, out, n, layout); }

export function notEqual_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(NOT_EQUAL, a, b, out, n, layout); }
export function notEqual_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(NOT_EQUAL, a, b, out, n, layout); }
export function notEqual_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(NOT_EQUAL, a, b, out, n, layout); }
export function notEqual_u8(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<u8, u8>(NOT_EQUAL, a, b, out, n, layout); }

export function greater_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(GREATER, a, b, out, n, layout); }
export function greater_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(GREATER, a, b, out, n, layout); }
export function greater_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(GREATER, a, b, out, n, layout); }

export function greaterEqual_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(GREATER_EQUAL, a, b, out, n, layout); }
export function greaterEqual_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(GREATER_EQUAL, a, b, out, n, layout); }
export function greaterEqual_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(GREATER_EQUAL, a, b, out, n, layout); }

export function less_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(LESS, a, b, out, n, layout); }
export function less_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(LESS, a, b, out, n, layout); }
export function less_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(LESS, a, b, out, n, layout); }

export function lessEqual_f32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f32, u8>(LESS_EQUAL, a, b, out, n, layout); }
export function lessEqual_f64(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<f64, u8>(LESS_EQUAL, a, b, out, n, layout); }
export function lessEqual_i32(a: usize, b: usize, out: usize, n: i32, layout: i32): void { binary<i32, u8>(LESS_EQUAL, a, b, out, n, layout); }
