import type { Config } from 'vega-lite';
import { CHART_FONT_FAMILY } from './fonts.js';

/**
 * The look every report chart shares. 800×450 logical pixels (16:9) is what Slack and Discord
 * show inline without a click; the PNG is drawn at 2× so it stays sharp on high-density screens
 * and when opened full size. Font sizes are chosen for that 800 px width scaled down to ~400 px
 * in a chat column: nothing below 12 px.
 */
export const CHART_SIZE = { width: 800, height: 450 } as const;

/** Device pixels per logical pixel in the PNG. */
export const CHART_SCALE = 2;

export const INK = '#1f2933';
export const MUTED_INK = '#52606d';

/** Colour-blind-safe categorical colours (Tableau 10 order), one meaning per chart. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export const CHART_CONFIG: Config = {
  font: CHART_FONT_FAMILY,
  background: 'white',
  padding: 16,
  view: { stroke: null },
  title: {
    fontSize: 18,
    fontWeight: 'bold',
    color: INK,
    anchor: 'start',
    subtitleFontSize: 13,
    subtitleColor: MUTED_INK,
    subtitlePadding: 6,
    offset: 14,
  },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    titleColor: MUTED_INK,
    labelColor: INK,
    gridColor: '#e4e7eb',
    domainColor: '#9aa5b1',
    tickColor: '#9aa5b1',
    labelLimit: 220,
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', orient: 'top', direction: 'horizontal', symbolType: 'square' },
  range: { category: PALETTE },
  bar: { cornerRadiusEnd: 2 },
};

/** Money axis labels: thousands separators and no cents (the exact figures are in the table). */
export const MONEY_AXIS_FORMAT = ',.0f';
