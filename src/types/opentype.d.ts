// opentype.js 2.x ships no type declarations; these cover the part the chart font uses.
declare module 'opentype.js' {
  export interface Glyph {
    index: number;
    advanceWidth?: number;
    getPath(x: number, y: number, fontSize: number): { toPathData(options: { decimalPlaces: number; flipY: boolean }): string };
  }
  export interface Font {
    unitsPerEm: number;
    charToGlyph(char: string): Glyph;
    position: {
      getKerningTables(script: string): unknown;
      getKerningValue(tables: unknown, leftIndex: number, rightIndex: number): number;
    };
  }
  const opentype: { parse(buffer: ArrayBuffer, options?: { lowMemory?: boolean }): Font };
  export default opentype;
}
