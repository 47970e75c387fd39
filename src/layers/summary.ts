// The text of Keras 3's model.summary(): a box table of the layers (name and class, output shape,
// parameter count), then the parameter totals with their memory size. Column widths are the ones
// Keras prints at its default line length (76 columns when the output is not a wide terminal).
import { bytesPerElement } from "../dtype.js";
import type { Variable } from "../variable.js";

export interface SummaryRow {
  name: string;
  className: string;
  /** "(None, 64)", or "?" when unknown. */
  outputShape: string;
  /** null when the layer is not built. */
  params: number | null;
}

const WIDTHS = [31, 22, 13];
const HEADER = ["Layer (type)", "Output Shape", "Param #"];
const RIGHT_ALIGNED = [false, false, true];

export function summaryText(title: string, rows: readonly SummaryRow[], trainable: readonly Variable[], nonTrainable: readonly Variable[]): string {
  const lines = [title, rule("┏", "━", "┳", "┓")];
  lines.push(...cells(HEADER, "┃"));
  if (rows.length > 0) lines.push(rule("┡", "━", "╇", "┩"));
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule("├", "─", "┼", "┤"));
    const params = row.params === null ? "0 (unbuilt)" : withCommas(row.params);
    lines.push(...cells([`${row.name} (${row.className})`, row.outputShape, params], "│"));
  });
  lines.push(rule("└", "─", "┴", "┘"));
  const t = totals(trainable);
  const n = totals(nonTrainable);
  lines.push(` Total params: ${withCommas(t.count + n.count)} (${readableSize(t.bytes + n.bytes)})`);
  lines.push(` Trainable params: ${withCommas(t.count)} (${readableSize(t.bytes)})`);
  lines.push(` Non-trainable params: ${withCommas(n.count)} (${readableSize(n.bytes)})`);
  return lines.join("\n");
}

function rule(left: string, line: string, cross: string, right: string): string {
  return left + WIDTHS.map((w) => line.repeat(w + 2)).join(cross) + right;
}

/** One table row, as many lines as its tallest wrapped cell. */
function cells(texts: readonly string[], bar: string): string[] {
  const wrapped = texts.map((text, i) => wrap(text, WIDTHS[i]));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? "";
      const pad = " ".repeat(WIDTHS[i] - text.length);
      return ` ${RIGHT_ALIGNED[i] ? pad + text : text + pad} `;
    });
    lines.push(bar + parts.join(bar) + bar);
  }
  return lines;
}

/** Greedy word wrap at spaces, folding words longer than the width, as the table renderer Keras uses does. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(" ").filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length <= width) {
      line += " " + word;
      continue;
    }
    if (line !== "") lines.push(line);
    while (word.length > width) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    line = word;
  }
  lines.push(line);
  return lines;
}

function totals(variables: readonly Variable[]): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const v of variables) {
    count += v.size;
    bytes += v.size * bytesPerElement(v.dtype);
  }
  return { count, bytes };
}

/** 50890 -> "50,890" (Python's f"{n:,}"). */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/**
 * "198.79 KB": bytes in the largest unit (powers of 1024) that keeps the value at least 1, to two
 * decimals rounded half to even on the exact value, as Python's "{:.2f}" does (1152 B is "1.12 KB").
 */
function readableSize(bytes: number): string {
  let unit = 0;
  let scale = 1;
  while (unit < UNITS.length - 1 && bytes / (scale * 1024) >= 1) {
    unit++;
    scale *= 1024;
  }
  const hundredths = bytes * 100;
  let q = Math.floor(hundredths / scale);
  const twiceRemainder = 2 * (hundredths - q * scale);
  if (twiceRemainder > scale || (twiceRemainder === scale && q % 2 === 1)) q++;
  return `${Math.floor(q / 100)}.${String(q % 100).padStart(2, "0")} ${UNITS[unit]}`;
}
