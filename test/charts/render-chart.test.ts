import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/app/logger.js';
import { chartPng, setChartLogger, settleCharts, withChart } from '../../src/charts/chart-block.js';
import { compactAmount, moneyLabel } from '../../src/charts/chart-request.js';
import { installFontMetrics, measureText } from '../../src/charts/font-metrics.js';
import { clearChartCache, drawChart } from '../../src/charts/chart-pool.js';
import { renderChart, renderChartImage, type VegaLiteSpec } from '../../src/charts/render-chart.js';
import { slugify } from '../../src/charts/save-images.js';
import { header, reply, table, text } from '../../src/reply/reply.js';
import { countPixels, isDark, isNotWhite, pngSize } from './png-helpers.js';

// The renderer on its own: a known spec in, a real PNG out, with visible text. No database.

const BARS: VegaLiteSpec = {
  title: { text: 'Revenue · 1 Jan – 31 Dec 2026', subtitle: 'Revenue by month, USD' },
  data: { values: [{ m: 'Jan', v: 1200 }, { m: 'Feb', v: 3400 }, { m: 'Mar', v: 2100 }] },
  mark: 'bar',
  encoding: {
    x: { field: 'm', type: 'ordinal', sort: null, title: 'Month' },
    y: { field: 'v', type: 'quantitative', title: 'Revenue (USD)' },
  },
};

describe('renderChart', () => {
  it('draws an 800×450 chart as a 1600×900 PNG (2× for sharp screens)', async () => {
    const png = await renderChart(BARS, { width: 800, height: 450 });
    expect(pngSize(png)).toEqual({ width: 1600, height: 900 });
  });

  it('honours another size and scale', async () => {
    const png = await renderChart(BARS, { width: 400, height: 300, scale: 1 });
    expect(pngSize(png)).toEqual({ width: 400, height: 300 });
  });

  it('is not blank: bars are coloured, and the title is drawn in dark glyphs at the top left', async () => {
    const image = await renderChartImage(BARS);
    const { width, height } = image;
    expect(image.pixels.byteLength).toBe(width * height * 4);
    const all = countPixels(image.pixels, width, { x: 0, y: 0, width, height }, isNotWhite);
    expect(all / (width * height)).toBeGreaterThan(0.05);
    // The title is 18 px bold at the top left inside 16 px padding: at 2× that is y 32…72.
    const title = countPixels(image.pixels, width, { x: 32, y: 28, width: 700, height: 48 }, isDark);
    expect(title).toBeGreaterThan(1500);
    // The corners stay background white (white background, not transparent black).
    expect([...image.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('draws nothing in the title band when the spec has no title, so the check above really sees glyphs', async () => {
    const { title: _title, ...untitled } = BARS as VegaLiteSpec & { title: unknown };
    const image = await renderChartImage(untitled as VegaLiteSpec);
    const band = countPixels(image.pixels, image.width, { x: 400, y: 28, width: 700, height: 20 }, isDark);
    expect(band).toBe(0);
  });

  it('draws report charts on a worker thread, the same picture as drawn in place', async () => {
    const drawn = await drawChart(BARS);
    expect(drawn.thread).not.toBe(threadId);
    expect(pngSize(drawn.png)).toEqual({ width: 1600, height: 900 });
    expect(Buffer.from(drawn.png).equals(Buffer.from(await renderChart(BARS)))).toBe(true);
  });

  it('draws an identical chart once, and again as soon as its data changes', async () => {
    clearChartCache();
    const spec: VegaLiteSpec = { ...BARS, title: 'Cached · 2026' };
    // Three channels ask at once: one drawing, shared.
    const [first, second, third] = await Promise.all([drawChart(spec), drawChart(spec), drawChart(spec)]);
    expect([first.reused, second.reused, third.reused].filter(Boolean)).toHaveLength(2);
    expect(Buffer.from(second.png).equals(Buffer.from(first.png))).toBe(true);
    const later = await drawChart(spec);
    expect(later.reused).toBe(true);
    expect(Buffer.from(later.png).equals(Buffer.from(first.png))).toBe(true);

    // A new order moves a bar: that is a new picture, not the old one from the cache.
    const moved: VegaLiteSpec = { ...spec, data: { values: [{ m: 'Jan', v: 1200 }, { m: 'Feb', v: 9400 }, { m: 'Mar', v: 2100 }] } };
    const redrawn = await drawChart(moved);
    expect(redrawn.reused).toBeFalsy();
    expect(Buffer.from(redrawn.png).equals(Buffer.from(first.png))).toBe(false);
  });

  it('draws every time when the cache is turned off', async () => {
    const before = process.env.RAPPORT_CHART_CACHE_MB;
    process.env.RAPPORT_CHART_CACHE_MB = '0';
    try {
      const spec: VegaLiteSpec = { ...BARS, title: 'Uncached · 2026' };
      await drawChart(spec);
      expect((await drawChart(spec)).reused).toBeFalsy();
    } finally {
      if (before === undefined) delete process.env.RAPPORT_CHART_CACHE_MB;
      else process.env.RAPPORT_CHART_CACHE_MB = before;
    }
  });
});

describe('text measurement from the font file', () => {
  it('measures with DejaVu Sans advances: narrow letters narrower, bold wider, sizes scale', () => {
    installFontMetrics();
    const at = (fontSize: number, fontWeight?: string) => ({ fontSize, fontWeight });
    expect(measureText(at(12), 'iiii')).toBeLessThan(measureText(at(12), 'MMMM'));
    expect(measureText(at(12, 'bold'), 'Revenue')).toBeGreaterThan(measureText(at(12), 'Revenue'));
    expect(measureText(at(24), 'Revenue')).toBeCloseTo(2 * measureText(at(12), 'Revenue'), 5);
    // DejaVu Sans "0" advance is 1303/2048 em: 10 digits at 10 px are 63.6 px.
    expect(measureText(at(10), '0000000000')).toBeCloseTo(63.6, 0);
    expect(measureText(at(12), '')).toBe(0);
  });

  it('cuts text at the item limit with an ellipsis, as vega does', () => {
    installFontMetrics();
    const long = 'Potential Loyalists and many more words';
    const cut = measureText({ fontSize: 12, limit: 80 }, long);
    expect(cut).toBeLessThanOrEqual(80);
    expect(cut).toBeGreaterThan(40);
  });
});

describe('chart blocks', () => {
  const request = { spec: BARS, title: 'Revenue · 2026', alt: 'Bar chart of revenue by month' };

  it('puts the chart right after the headline, with alt text, drawing it while the reply is already there', async () => {
    const r = withChart(reply(header('Revenue'), text('headline'), table([], [])), request);
    expect(r.blocks.map((b) => b.type)).toEqual(['header', 'text', 'image', 'table']);
    const drawing = r.blocks[2]!;
    expect(drawing.type === 'image' && drawing.alt).toBe('Bar chart of revenue by month');
    expect(drawing.type === 'image' && drawing.png).toBeUndefined();
    const settled = await settleCharts(r);
    expect(settled.blocks.map((b) => b.type)).toEqual(['header', 'text', 'image', 'table']);
    const image = settled.blocks[2]!;
    expect(image.type === 'image' && image.drawing).toBeUndefined();
    expect(image.type === 'image' && image.png && pngSize(image.png)).toEqual({ width: 1600, height: 900 });
  });

  it('skips a chart that cannot be drawn, without throwing', async () => {
    setChartLogger(silentLogger); // the warning is expected here
    const broken = { ...request, spec: { mark: 'bar', encoding: { x: { field: 'a', type: 'nonsense' } }, data: { values: [{ a: 1 }] } } as unknown as VegaLiteSpec };
    await expect(chartPng(broken)).resolves.toBeUndefined();
    const r = await settleCharts(withChart(reply(header('Revenue'), text('headline')), broken));
    expect(r.blocks.map((b) => b.type)).toEqual(['header', 'text']);
  });

  it('draws nothing when charts are turned off', async () => {
    const before = process.env.RAPPORT_CHARTS;
    process.env.RAPPORT_CHARTS = 'off';
    try {
      await expect(chartPng(request)).resolves.toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.RAPPORT_CHARTS;
      else process.env.RAPPORT_CHARTS = before;
    }
  });
});

describe('labels and file names', () => {
  it('writes compact money labels with the currency symbol', () => {
    expect(moneyLabel(1234.5, 'USD')).toBe('$1.23k');
    expect(moneyLabel(5_530_000, 'USD')).toBe('$5.53M');
    expect(moneyLabel(950, 'EUR')).toBe('€950');
    expect(compactAmount(408_000)).toBe('408k');
    expect(compactAmount(40_750)).toBe('40.8k');
  });

  it('slugs a title into a safe file name', () => {
    expect(slugify('Revenue · 1 Jan – 31 Dec 2026')).toBe('revenue-1-jan-31-dec-2026');
    expect(slugify('Sarah Chen’s pipeline · all open deals')).toBe('sarah-chen-s-pipeline-all-open-deals');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('···')).toBe('chart');
  });
});
