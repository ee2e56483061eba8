import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The one font every chart uses, DejaVu Sans (regular and bold). resvg is given these files
 * explicitly and system fonts are not scanned: a chart looks the same on every machine, and a
 * machine without the font fails loudly (the chart is skipped) instead of drawing blank text.
 */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export interface ChartFonts {
  regular: string;
  bold: string;
}

// Debian/Ubuntu (fonts-dejavu-core), Fedora/Arch, Alpine, Homebrew and macOS user installs.
const SEARCH_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
  path.join(process.env.HOME ?? '', 'Library/Fonts'),
];

export class ChartFontMissingError extends Error {
  constructor(searched: readonly string[]) {
    super(`DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf) not found in ${searched.join(', ')}; install fonts-dejavu-core or set RAPPORT_CHART_FONT_DIR`);
  }
}

let cached: ChartFonts | undefined;

/** Finds the font files once: RAPPORT_CHART_FONT_DIR first, then the usual system folders. */
export function chartFonts(env: NodeJS.ProcessEnv = process.env): ChartFonts {
  if (cached) return cached;
  const dirs = env.RAPPORT_CHART_FONT_DIR ? [env.RAPPORT_CHART_FONT_DIR, ...SEARCH_DIRS] : SEARCH_DIRS;
  for (const dir of dirs) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) {
      cached = { regular, bold };
      return cached;
    }
  }
  throw new ChartFontMissingError(dirs);
}
