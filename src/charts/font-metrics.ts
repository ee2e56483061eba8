import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { chartFonts } from './fonts.js';

/**
 * Text widths from the real font's advance widths, for vega in Node. Without a canvas, vega
 * guesses 0.8 em per character, so titles, legends and axis labels get too much or too little
 * room and long labels are cut off early. Reading the advances from DejaVu Sans (the font resvg
 * draws with) makes layout match what is drawn, with no native canvas dependency.
 */

/** Advance widths of one TrueType font, in font units, looked up by code point. */
export class FontAdvances {
  private readonly cache = new Map<number, number>();
  readonly unitsPerEm: number;
  private readonly advances: number[];
  private readonly lookupGlyph: (codePoint: number) => number;

  constructor(bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tables = new Map<string, number>();
    const count = view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const record = 12 + 16 * i;
      const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
      tables.set(tag, view.getUint32(record + 8));
    }
    const table = (tag: string) => {
      const offset = tables.get(tag);
      if (offset === undefined) throw new Error(`font has no ${tag} table`);
      return offset;
    };
    this.unitsPerEm = view.getUint16(table('head') + 18);
    const metrics = view.getUint16(table('hhea') + 34);
    const hmtx = table('hmtx');
    // Glyphs past numberOfHMetrics share the last advance (monospaced tails), so only these are read.
    this.advances = Array.from({ length: metrics }, (_, i) => view.getUint16(hmtx + 4 * i));
    this.lookupGlyph = cmapFormat4(view, table('cmap'));
  }

  /** Advance of one character in ems (0 for a character the font lacks: resvg would draw nothing). */
  advanceEm(codePoint: number): number {
    let em = this.cache.get(codePoint);
    if (em === undefined) {
      const glyph = this.lookupGlyph(codePoint);
      const units = glyph === 0 ? this.advances[0] ?? 0 : this.advances[Math.min(glyph, this.advances.length - 1)] ?? 0;
      em = units / this.unitsPerEm;
      this.cache.set(codePoint, em);
    }
    return em;
  }

  width(text: string, fontSize: number): number {
    let em = 0;
    for (const ch of text) em += this.advanceEm(ch.codePointAt(0)!);
    return em * fontSize;
  }
}

/** The Unicode BMP subtable (platform 3, encoding 1, format 4), which every DejaVu file has. */
function cmapFormat4(view: DataView, cmap: number): (codePoint: number) => number {
  const subtables = view.getUint16(cmap + 2);
  let sub = -1;
  for (let i = 0; i < subtables; i++) {
    const record = cmap + 4 + 8 * i;
    const offset = cmap + view.getUint32(record + 4);
    if (view.getUint16(record) === 3 && view.getUint16(record + 2) === 1 && view.getUint16(offset) === 4) sub = offset;
  }
  if (sub < 0) throw new Error('font has no Unicode BMP (format 4) cmap');
  const segments = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (view.getUint16(ends + 2 * s) < codePoint) continue;
      const start = view.getUint16(starts + 2 * s);
      if (start > codePoint) return 0;
      const delta = view.getUint16(deltas + 2 * s);
      const rangeAt = rangeOffsets + 2 * s;
      const range = view.getUint16(rangeAt);
      if (range === 0) return (codePoint + delta) & 0xffff;
      const glyph = view.getUint16(rangeAt + range + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** The part of a vega scenegraph text item that decides its width. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
  ellipsis?: string;
}

interface VegaTextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

let fonts: { regular: FontAdvances; bold: FontAdvances } | undefined;

const isBold = (weight: TextItem['fontWeight']): boolean =>
  weight === 'bold' || weight === 'bolder' || (Number(weight) >= 600);

/** Width in pixels of `text` as vega would draw it for this item (trimmed, cut to `limit` with an ellipsis). */
export function measureText(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  let value = text == null ? '' : String(text).trim();
  if (size <= 0 || !value || !fonts) return 0;
  const font = isBold(item.fontWeight) ? fonts.bold : fonts.regular;
  let width = font.width(value, size);
  const limit = Number(item.limit);
  if (limit > 0 && width > limit) {
    // Same rule as vega's own truncation: drop characters until text plus ellipsis fits.
    const ellipsis = item.ellipsis ?? '…';
    const chars = [...value];
    while (chars.length > 0 && font.width(chars.join('') + ellipsis, size) > limit) chars.pop();
    value = chars.join('') + ellipsis;
    width = font.width(value, size);
  }
  return width;
}

/**
 * Reads the chart font and points vega's text measurement at it. Idempotent; throws when the
 * font is missing so the caller can skip the chart instead of drawing misplaced blank text.
 */
export function installFontMetrics(): void {
  if (fonts) return;
  const files = chartFonts();
  fonts = { regular: new FontAdvances(readFileSync(files.regular)), bold: new FontAdvances(readFileSync(files.bold)) };
  // textMetrics is a plain mutable object in vega-scenegraph, missing from vega's typings;
  // assigning `width` is how vega documents plugging in a measurer when there is no canvas.
  (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics.width = measureText;
}
