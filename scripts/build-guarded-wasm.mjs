// Writes build/gradtape.guarded.wasm: build/gradtape.wasm with every memory access routed through
// imported hooks, for the bounds-checking test engine (test/util/guarded-engine.ts). Debug only:
// never shipped (build-dist.mjs copies gradtape.wasm alone and package.json "files" is dist/).
//
// Coverage with binaryen 131 (checked on this module):
// - binaryen's instrument-memory pass covers every scalar load/store (i32/i64/f32/f64, all widths)
//   and plain v128.load / v128.store: env.load_ptr / env.store_ptr(id, bytes, offset, address)
//   return the address, value hooks env.load_val_* / store_val_* (i32, i64, f32, f64) the value.
// - It skips the SIMD loads that are their own expression class (v128.loadN_splat, loadNxM_s/u,
//   load32_zero / load64_zero) and the lane accesses (v128.loadN_lane / storeN_lane), and it skips
//   memory.copy and memory.fill. This script adds those:
//   - SIMD loads and lane loads/stores get the same load_ptr / store_ptr hook on their address,
//     with the bytes they really touch (1..8, or 16), ids from EXTRA_ID up;
//   - memory.copy(d, s, n) becomes memory.copy(copy_dest(d), copy_source(s), copy_size(n)) and
//     memory.fill(d, v, n) becomes memory.fill(fill_dest(d), v, fill_size(n)): Wasm evaluates the
//     operands in order, so the size hook sees the addresses the dest/source hooks just saw.
// Not covered: nothing else in this module touches memory (the walk below fails the build on any
// memory expression kind it does not know, such as atomics or memory.init).
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const EXTRA_ID = 1_000_000;

const SIMD_LOAD_BYTES = new Map([
  [binaryen.Load8SplatVec128, 1],
  [binaryen.Load16SplatVec128, 2],
  [binaryen.Load32SplatVec128, 4],
  [binaryen.Load64SplatVec128, 8],
  [binaryen.Load8x8SVec128, 8],
  [binaryen.Load8x8UVec128, 8],
  [binaryen.Load16x4SVec128, 8],
  [binaryen.Load16x4UVec128, 8],
  [binaryen.Load32x2SVec128, 8],
  [binaryen.Load32x2UVec128, 8],
  [binaryen.Load32ZeroVec128, 4],
  [binaryen.Load64ZeroVec128, 8],
]);
const LANE_BYTES = new Map([
  [binaryen.Load8LaneVec128, [1, false]],
  [binaryen.Load16LaneVec128, [2, false]],
  [binaryen.Load32LaneVec128, [4, false]],
  [binaryen.Load64LaneVec128, [8, false]],
  [binaryen.Store8LaneVec128, [1, true]],
  [binaryen.Store16LaneVec128, [2, true]],
  [binaryen.Store32LaneVec128, [4, true]],
  [binaryen.Store64LaneVec128, [8, true]],
]);

/** The info fields holding child expressions, per expression kind this module uses. */
const CHILDREN = new Map([
  [binaryen.BlockId, ["children"]],
  [binaryen.IfId, ["condition", "ifTrue", "ifFalse"]],
  [binaryen.LoopId, ["body"]],
  [binaryen.BreakId, ["condition", "value"]],
  [binaryen.SwitchId, ["condition", "value"]],
  [binaryen.CallId, ["operands"]],
  [binaryen.CallIndirectId, ["target", "operands"]],
  [binaryen.LocalGetId, []],
  [binaryen.LocalSetId, ["value"]],
  [binaryen.GlobalGetId, []],
  [binaryen.GlobalSetId, ["value"]],
  [binaryen.LoadId, ["ptr"]],
  [binaryen.StoreId, ["ptr", "value"]],
  [binaryen.ConstId, []],
  [binaryen.UnaryId, ["value"]],
  [binaryen.BinaryId, ["left", "right"]],
  [binaryen.SelectId, ["ifTrue", "ifFalse", "condition"]],
  [binaryen.DropId, ["value"]],
  [binaryen.ReturnId, ["value"]],
  [binaryen.MemorySizeId, []],
  [binaryen.MemoryGrowId, ["delta"]],
  [binaryen.NopId, []],
  [binaryen.UnreachableId, []],
  [binaryen.SIMDExtractId, ["vec"]],
  [binaryen.SIMDReplaceId, ["vec", "value"]],
  [binaryen.SIMDShuffleId, ["left", "right"]],
  [binaryen.SIMDTernaryId, ["a", "b", "c"]],
  [binaryen.SIMDShiftId, ["vec", "shift"]],
  [binaryen.SIMDLoadId, ["ptr"]],
  [binaryen.SIMDLoadStoreLaneId, ["ptr", "vec"]],
  [binaryen.MemoryCopyId, ["dest", "source", "size"]],
  [binaryen.MemoryFillId, ["dest", "value", "size"]],
]);

/** Instruments `bytes` (a kernel module) and returns the guarded module's bytes. */
export function instrumentKernels(bytes) {
  const mod = binaryen.readBinary(bytes);
  mod.setFeatures(binaryen.Features.All);
  mod.runPasses(["instrument-memory"]);
  const { i32 } = binaryen;
  const hook = (name, params) => {
    mod.addFunctionImport(`guard_${name}`, "env", name, binaryen.createType(params.map(() => i32)), i32);
    return `guard_${name}`;
  };
  const loadPtr = importName(mod, "load_ptr");
  const storePtr = importName(mod, "store_ptr");
  const copyDest = hook("copy_dest", ["address"]);
  const copySource = hook("copy_source", ["address"]);
  const copySize = hook("copy_size", ["bytes"]);
  const fillDest = hook("fill_dest", ["address"]);
  const fillSize = hook("fill_size", ["bytes"]);
  let nextId = EXTRA_ID;
  const pointerHook = (target, bytesTouched, offset, ptr) =>
    mod.call(target, [mod.i32.const(nextId++), mod.i32.const(bytesTouched), mod.i32.const(offset), ptr], i32);
  const wrap = (target, value) => mod.call(target, [value], i32);

  const visit = (expr) => {
    if (expr === 0) return;
    const id = binaryen.getExpressionId(expr);
    const fields = CHILDREN.get(id);
    if (fields === undefined) throw new Error(`build-guarded-wasm: unknown expression kind ${id}; extend CHILDREN`);
    if (fields.length === 0) return;
    const info = binaryen.getExpressionInfo(expr);
    for (const field of fields) {
      const child = info[field];
      if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
    if (id === binaryen.SIMDLoadId) {
      binaryen.SIMDLoad.setPtr(expr, pointerHook(loadPtr, SIMD_LOAD_BYTES.get(info.op), info.offset, info.ptr));
    } else if (id === binaryen.SIMDLoadStoreLaneId) {
      const [laneBytes, isStore] = LANE_BYTES.get(info.op);
      binaryen.SIMDLoadStoreLane.setPtr(expr, pointerHook(isStore ? storePtr : loadPtr, laneBytes, info.offset, info.ptr));
    } else if (id === binaryen.MemoryCopyId) {
      binaryen.MemoryCopy.setDest(expr, wrap(copyDest, info.dest));
      binaryen.MemoryCopy.setSource(expr, wrap(copySource, info.source));
      binaryen.MemoryCopy.setSize(expr, wrap(copySize, info.size));
    } else if (id === binaryen.MemoryFillId) {
      binaryen.MemoryFill.setDest(expr, wrap(fillDest, info.dest));
      binaryen.MemoryFill.setSize(expr, wrap(fillSize, info.size));
    }
  };
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const fn = mod.getFunctionByIndex(i);
    const body = binaryen.getFunctionInfo(fn).body;
    visit(body);
  }
  if (!mod.validate()) throw new Error("build-guarded-wasm: the instrumented module does not validate");
  const out = mod.emitBinary();
  mod.dispose();
  return out;
}

/** Internal name of the function instrument-memory imported as env.`base`. */
function importName(mod, base) {
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module === "env" && info.base === base) return info.name;
  }
  throw new Error(`build-guarded-wasm: instrument-memory added no env.${base}`);
}

/** Reads build/gradtape.wasm and writes build/gradtape.guarded.wasm. */
export function buildGuardedWasm() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const out = instrumentKernels(readFileSync(`${root}build/gradtape.wasm`));
  writeFileSync(`${root}build/gradtape.guarded.wasm`, out);
  console.log(`gradtape.guarded.wasm: ${out.length} bytes (bounds-checking debug build, not shipped)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildGuardedWasm();
