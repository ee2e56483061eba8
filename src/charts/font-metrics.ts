import * as vega from 'vega';
import { chartFaces, isBoldWeight, type ChartFace } from './chart-font.js';

/**
 * Text widths from the real font, for vega in Node. Without a canvas, vega guesses 0.8 em per
 * character, so titles, legends and axis labels get too much or too little room and long labels
 * are cut off early. Measuring with DejaVu Sans, set as the chart's text is drawn (chart-font.ts),
 * makes layout match what is drawn, with no native canvas dependency.
 */

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

let fonts: { regular: ChartFace; bold: ChartFace } | undefined;

/** Width in pixels of `text` as vega would draw it for this item (trimmed, cut to `limit` with an ellipsis). */
export function measureText(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  let value = text == null ? '' : String(text).trim();
  if (size <= 0 || !value || !fonts) return 0;
  const font = isBoldWeight(item.fontWeight) ? fonts.bold : fonts.regular;
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
  fonts = chartFaces();
  // textMetrics is a plain mutable object in vega-scenegraph, missing from vega's typings;
  // assigning `width` is how vega documents plugging in a measurer when there is no canvas.
  (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics.width = measureText;
}
