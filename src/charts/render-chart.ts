import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { installFontMetrics } from './font-metrics.js';
import { encodePng } from './png.js';
import { outlineTexts } from './text-outlines.js';
import { CHART_FONT_FAMILY, chartFonts } from './fonts.js';
import { CHART_CONFIG, CHART_SCALE, CHART_SIZE } from './theme.js';

/** A vega-lite chart as the spec builders produce it. */
export type VegaLiteSpec = TopLevelSpec;

export interface ChartSize {
  /** Logical pixels; the PNG has `scale` times as many. */
  width: number;
  height: number;
  scale?: number;
}

export interface RenderedChart {
  png: Uint8Array;
  /** RGBA pixels of the PNG, row by row, copied on each read (tests look at them to prove the chart is not blank). */
  readonly pixels: Uint8Array;
  width: number;
  height: number;
  /** Wall time of compile + layout + SVG + rasterise, for the log and the timings in the docs. */
  ms: number;
}

/**
 * vega-lite → vega → SVG (headless view, renderer 'none') → PNG via resvg, with no browser and
 * no canvas. The spec is laid out to exactly `width`×`height` (autosize fit, padding included),
 * then rasterised at `scale`× on white, its text drawn in DejaVu Sans.
 */
export async function renderChartImage(spec: VegaLiteSpec, size: ChartSize = CHART_SIZE): Promise<RenderedChart> {
  const started = performance.now();
  installFontMetrics();
  const fonts = chartFonts();
  const scale = size.scale ?? CHART_SCALE;
  const sized = {
    ...spec,
    width: size.width,
    height: size.height,
    autosize: { type: 'fit', contains: 'padding' },
    config: { ...CHART_CONFIG, ...spec.config },
  } as VegaLiteSpec;
  const { spec: vegaSpec } = compile(sized);
  // No loader: a chart only ever plots inline values, so nothing is fetched while rendering.
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  // renderAsync rasterises on libuv's thread pool, so a chart does not stall the event loop
  // that is also answering other chat messages. Its text comes as outlines; resvg sets only
  // what outlineTexts leaves (other scripts), from the same font files.
  const image = await renderAsync(outlineTexts(svg), {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [fonts.regular, fonts.bold], defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    shapeRendering: 2,
    textRendering: 1,
  });
  const pixels = image.pixels;
  const png = encodePng(pixels, image.width, image.height);
  return {
    png,
    width: image.width,
    height: image.height,
    ms: performance.now() - started,
    get pixels() {
      return new Uint8Array(pixels);
    },
  };
}

/** The chart as PNG bytes, `scale`× the logical size (1600×900 for the default 800×450). */
export async function renderChart(spec: VegaLiteSpec, size: ChartSize = CHART_SIZE): Promise<Uint8Array> {
  return (await renderChartImage(spec, size)).png;
}
