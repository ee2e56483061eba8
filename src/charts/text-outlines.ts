import { chartFaces, isBoldWeight, type ChartFace } from './chart-font.js';
import { CHART_FONT_FAMILY } from './fonts.js';

/**
 * Draws a chart's plain text as glyph outlines before resvg sees it. resvg sets every <text>
 * afresh from the font files on each render, which took 17 ms of a 37 ms activities chart;
 * outlines come from one parsed font and a glyph cache, in well under a millisecond.
 *
 * Only what vega writes for one line of Latin text in DejaVu Sans is converted:
 * `<text text-anchor transform font-family font-size font-weight fill opacity>…</text>`, aria
 * attributes aside. Anything else (several lines in tspans, italics, a stroke, sizes not in px,
 * right-to-left or other scripts that need shaping, a character the font lacks) stays a <text>
 * for resvg to set as before.
 */
export function outlineTexts(svg: string): string {
  const faces = chartFaces();
  const used = new Map<string, string>();
  const out = svg.replace(TEXT, (whole: string, attributes: string, content: string | undefined) => {
    // An empty label (vega writes <text …/>) draws nothing.
    if (!content) return '';
    return outlineText(faces, attributes, content, used) ?? whole;
  });
  if (used.size === 0) return out;
  const defs = [...used].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join('');
  // Glyphs are defined once, first, and each text <use>s them.
  return out.replace(SVG_OPEN, (open) => `${open}<defs>${defs}</defs>`);
}

const TEXT = /<text\b([^>]*?)(?:\/>|>([^<]*)<\/text>)/g;
const SVG_OPEN = /<svg\b[^>]*>/;
const ATTRIBUTE = /\s*([\w:-]+)="([^"]*)"/y;

/** Attributes that only position or paint the whole line, copied to its group. */
const PAINT = ['fill', 'opacity', 'fill-opacity'] as const;
const UNDERSTOOD = new Set(['text-anchor', 'transform', 'font-family', 'font-size', 'font-weight', 'font-style', ...PAINT]);

function outlineText(faces: { regular: ChartFace; bold: ChartFace }, attributeText: string, content: string, used: Map<string, string>): string | undefined {
  const attributes = parseAttributes(attributeText);
  if (!attributes) return undefined;
  // vega's accessibility attributes (aria-label, role) mean nothing in a PNG.
  for (const name of attributes.keys()) if (!UNDERSTOOD.has(name) && name !== 'role' && !name.startsWith('aria-')) return undefined;
  const family = attributes.get('font-family');
  if (family !== undefined && family !== CHART_FONT_FAMILY) return undefined;
  const style = attributes.get('font-style');
  if (style !== undefined && style !== 'normal') return undefined;
  const weight = attributes.get('font-weight');
  if (weight === 'bolder' || weight === 'lighter') return undefined;
  const size = Number(/^(\d+(?:\.\d+)?)(?:px)?$/.exec(attributes.get('font-size') ?? '')?.[1]);
  if (!(size > 0 && size < 1000)) return undefined;

  // vega escapes &, < and > in text and nothing else.
  if (/&(?!(amp|lt|gt);)/.test(content)) return undefined;
  const text = content.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);
  if (!needsNoShaping(text)) return undefined;

  const bold = isBoldWeight(weight);
  const face = bold ? faces.bold : faces.regular;
  const set = face.set(text);
  if (!set.complete) return undefined;
  const anchor = attributes.get('text-anchor');
  const start = anchor === 'middle' ? -set.width / 2 : anchor === 'end' ? -set.width : 0;
  const uses = set.glyphs
    .map((glyph, i) => {
      const id = `rapport-glyph-${bold ? 'b' : 'r'}${glyph.index}`;
      if (!used.has(id)) used.set(id, face.outline(glyph));
      return `<use href="#${id}" x="${Math.round(start + set.offsets[i]!)}"/>`;
    })
    .join('');
  const paint = PAINT.filter((name) => attributes.has(name)).map((name) => ` ${name}="${attributes.get(name)}"`).join('');
  const transform = `${attributes.get('transform') ?? ''} scale(${+(size / face.unitsPerEm).toFixed(8)})`.trim();
  return `<g${paint} transform="${transform}">${uses}</g>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

function parseAttributes(text: string): Map<string, string> | undefined {
  const attributes = new Map<string, string>();
  let at = 0;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(text);
    if (!match) break;
    attributes.set(match[1]!, match[2]!);
    at = ATTRIBUTE.lastIndex;
  }
  // Anything but name="value" pairs: not what vega writes, so not ours to read.
  return text.slice(at).trim() === '' ? attributes : undefined;
}

/**
 * Characters that are drawn one glyph after another, left to right, with no shaping: Latin
 * (with its accented letters), general punctuation, currency and maths signs. Not soft hyphens,
 * bidi controls, joiners or line separators, and no combining marks.
 */
function needsNoShaping(text: string): boolean {
  for (const char of text) {
    const c = char.codePointAt(0)!;
    const plain =
      (c >= 0x20 && c <= 0x7e) ||
      (c >= 0xa0 && c <= 0x24f && c !== 0xad) ||
      (c >= 0x2010 && c <= 0x2027) ||
      (c >= 0x2030 && c <= 0x205e) ||
      (c >= 0x20a0 && c <= 0x20c0) ||
      (c >= 0x2100 && c <= 0x214f) ||
      (c >= 0x2190 && c <= 0x22ff);
    if (!plain) return false;
  }
  return true;
}
