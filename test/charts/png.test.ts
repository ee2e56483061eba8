import { renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/charts/png.js';
import { renderChartImage, type VegaLiteSpec } from '../../src/charts/render-chart.js';

/** The pixels another decoder reads back from the PNG: resvg drawing it 1:1 as an SVG image. */
async function decodeWithResvg(png: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const href = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${href}" width="${width}" height="${height}"/></svg>`;
  const image = await renderAsync(svg, { imageRendering: 1, font: { loadSystemFonts: false } });
  expect([image.width, image.height]).toEqual([width, height]);
  return new Uint8Array(image.pixels);
}

describe('encodePng', () => {
  it('writes pixels another decoder reads back exactly', async () => {
    const [width, height] = [37, 23];
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
    const png = encodePng(rgba, width, height);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(await decodeWithResvg(png, width, height)).toEqual(rgba);
  });

  it('encodes a drawn chart without changing a pixel', async () => {
    const spec: VegaLiteSpec = {
      data: { values: [{ k: 'Calls', n: 12 }, { k: 'Emails', n: 30 }, { k: 'Notes', n: 7 }] },
      mark: 'bar',
      encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
    };
    const chart = await renderChartImage(spec, { width: 400, height: 225, scale: 1 });
    expect(await decodeWithResvg(chart.png, chart.width, chart.height)).toEqual(chart.pixels);
  });

  it('refuses pixels that do not fill the size given', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(/not 2×2 RGBA/);
  });
});
