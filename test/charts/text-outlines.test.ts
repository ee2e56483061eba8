import { renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT_FAMILY, chartFonts } from '../../src/charts/fonts.js';
import { outlineTexts } from '../../src/charts/text-outlines.js';
import { renderChartImage, type VegaLiteSpec } from '../../src/charts/render-chart.js';
import { countPixels, isDark } from './png-helpers.js';

// Chart text drawn from glyph outlines must look as resvg drew it from the font: same letters,
// same place, same size. What cannot be drawn glyph by glyph is left to resvg.

const [WIDTH, HEIGHT] = [480, 200];

const svgOf = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">${body}</svg>`;

const text = (content: string, attributes: string) =>
  `<text ${attributes} font-family="${CHART_FONT_FAMILY}" fill="#1f2933">${content}</text>`;

async function draw(svg: string): Promise<Uint8Array> {
  const fonts = chartFonts();
  const image = await renderAsync(svg, {
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: [fonts.regular, fonts.bold], defaultFontFamily: CHART_FONT_FAMILY },
  });
  return new Uint8Array(image.pixels);
}

const whole = { x: 0, y: 0, width: WIDTH, height: HEIGHT };
const ink = (pixels: Uint8Array) => countPixels(pixels, WIDTH, whole, isDark);

/** Pixels whose grey level differs by more than half the scale between the two drawings. */
function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) > 128) n++;
  return n;
}

describe('chart text drawn as outlines', () => {
  it('draws Latin text as resvg sets it: every anchor, bold, rotated, escaped characters, kerning', async () => {
    const svg = svgOf(
      [
        text('Revenue · 1 Jan – 31 Dec 2026', 'text-anchor="start" transform="translate(10,30)" font-size="18px" font-weight="bold"'),
        text('AVATAR Tobacco &amp; Co. &lt;Ltd&gt;', 'text-anchor="middle" transform="translate(240,70)" font-size="16px"'),
        text('€1,234.50 −12%', 'text-anchor="end" transform="translate(470,110)" font-size="14px" opacity="0.9"'),
        text('Zoë Ångström', 'role="graphics-symbol" aria-label="rep: Zoë" transform="translate(40,190) rotate(-45)" font-size="13px"'),
      ].join(''),
    );
    const outlined = outlineTexts(svg);
    expect(outlined).not.toContain('<text');
    const [fromFont, fromOutlines] = await Promise.all([draw(svg), draw(outlined)]);
    expect(ink(fromOutlines)).toBeGreaterThan(1000);
    expect(ink(fromOutlines)).toBeCloseTo(ink(fromFont), -2);
    expect(differing(fromFont, fromOutlines)).toBeLessThan(ink(fromFont) * 0.05);
  });

  it('leaves text that needs shaping, several lines or a font it lacks for resvg, and drops empty labels', async () => {
    const kept = [
      text('شركة الأمل', 'transform="translate(10,30)" font-size="14px"'),
      text('שלום Acme', 'transform="translate(10,60)" font-size="14px"'),
      text('Café with e\u0301', 'transform="translate(10,90)" font-size="14px"'),
      text('東京 Trading', 'transform="translate(10,120)" font-size="14px"'),
      text('Sloped', 'transform="translate(10,150)" font-size="14px" font-style="italic"'),
      text('Relative', 'transform="translate(200,150)" font-size="1.2em"'),
      `<text transform="translate(10,180)" font-size="14px"><tspan>Two</tspan><tspan x="0" dy="14">lines</tspan></text>`,
    ];
    const empty = `<text aria-label="label: " transform="translate(300,60)" font-family="${CHART_FONT_FAMILY}" font-size="12px"/>`;
    const svg = svgOf([...kept, text('Acme', 'transform="translate(300,30)" font-size="14px"'), empty].join(''));
    const outlined = outlineTexts(svg);
    for (const element of kept) expect(outlined).toContain(element);
    expect(outlined).not.toContain('>Acme</text>');
    expect(outlined).not.toContain(empty);
    // resvg still sets what was left: the Arabic name is drawn, not lost.
    const arabic = await draw(outlined);
    expect(countPixels(arabic, WIDTH, { x: 0, y: 10, width: 200, height: 25 }, isDark)).toBeGreaterThan(50);
  });

  it('draws a whole chart with no <text> left for resvg, its labels where they were', async () => {
    const spec: VegaLiteSpec = {
      title: 'Deals by stage',
      data: { values: [{ stage: 'Qualified', n: 12 }, { stage: 'Proposal', n: 30 }, { stage: 'Won', n: 7 }] },
      mark: 'bar',
      encoding: { x: { field: 'stage', type: 'nominal', sort: null }, y: { field: 'n', type: 'quantitative', title: 'Deals' } },
    };
    const chart = await renderChartImage(spec, { width: WIDTH, height: HEIGHT, scale: 1 });
    // The title's ink at the top left, as in every chart.
    expect(countPixels(chart.pixels, WIDTH, { x: 0, y: 0, width: 200, height: 40 }, isDark)).toBeGreaterThan(100);
  });
});
