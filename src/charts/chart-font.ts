import { readFileSync } from 'node:fs';
import opentype, { type Font, type Glyph } from 'opentype.js';
import { chartFonts } from './fonts.js';

/** A line of text set in one face: its glyphs, where each starts, and the whole advance, in font units. */
export interface SetText {
  glyphs: Glyph[];
  offsets: number[];
  width: number;
  /** False when the face lacks a character (drawn as its "missing" box). */
  complete: boolean;
}

/**
 * One face of the chart font (DejaVu Sans regular or bold), read with opentype.js: the widths
 * vega lays text out with and the outlines a chart's text is drawn from, so both agree. Text is
 * set glyph by glyph with the font's Latin kerning, as resvg sets Latin text; scripts that need
 * shaping are left to resvg (see text-outlines.ts). Advances, kerning pairs and outlines are
 * cached: a chart asks for the same few dozen glyphs again and again.
 */
export class ChartFace {
  readonly unitsPerEm: number;
  private readonly kerningTables: unknown;
  private readonly glyphByChar = new Map<string, Glyph>();
  private readonly kerning = new Map<number, number>();
  private readonly outlines = new Map<number, string>();

  constructor(private readonly font: Font) {
    this.unitsPerEm = font.unitsPerEm;
    this.kerningTables = font.position.getKerningTables('latn');
  }

  set(text: string): SetText {
    const glyphs: Glyph[] = [];
    const offsets: number[] = [];
    let width = 0;
    let complete = true;
    let previous: Glyph | undefined;
    for (const char of text) {
      const glyph = this.glyph(char);
      if (glyph.index === 0) complete = false;
      if (previous) width += this.kern(previous.index, glyph.index);
      glyphs.push(glyph);
      offsets.push(width);
      width += glyph.advanceWidth ?? 0;
      previous = glyph;
    }
    return { glyphs, offsets, width, complete };
  }

  /** Width in pixels at `fontSize`. */
  width(text: string, fontSize: number): number {
    return (this.set(text).width * fontSize) / this.unitsPerEm;
  }

  /** The glyph's outline as SVG path data in font units, y pointing down, origin on the baseline. */
  outline(glyph: Glyph): string {
    let d = this.outlines.get(glyph.index);
    if (d === undefined) {
      d = glyph.getPath(0, 0, this.unitsPerEm).toPathData({ decimalPlaces: 0, flipY: false });
      this.outlines.set(glyph.index, d);
    }
    return d;
  }

  private glyph(char: string): Glyph {
    let glyph = this.glyphByChar.get(char);
    if (!glyph) {
      glyph = this.font.charToGlyph(char);
      this.glyphByChar.set(char, glyph);
    }
    return glyph;
  }

  private kern(left: number, right: number): number {
    const key = left * 0x10000 + right;
    let value = this.kerning.get(key);
    if (value === undefined) {
      value = this.kerningTables ? this.font.position.getKerningValue(this.kerningTables, left, right) : 0;
      this.kerning.set(key, value);
    }
    return value;
  }
}

let faces: { regular: ChartFace; bold: ChartFace } | undefined;

/**
 * The chart font's two faces, read once per thread (about 15 ms: glyphs are parsed as they are
 * first used). Throws ChartFontMissingError when DejaVu Sans is not installed.
 */
export function chartFaces(): { regular: ChartFace; bold: ChartFace } {
  if (!faces) {
    const files = chartFonts();
    const read = (file: string) => {
      const bytes = readFileSync(file);
      return new ChartFace(opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { lowMemory: true }));
    };
    faces = { regular: read(files.regular), bold: read(files.bold) };
  }
  return faces;
}

/** CSS weights that pick DejaVu Sans Bold (600 and up), as resvg's font matching does. */
export function isBoldWeight(weight: string | number | undefined): boolean {
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}
