import { expect } from 'vitest';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, after checking the PNG signature: the file really is a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(SIGNATURE);
  expect(Buffer.from(png.subarray(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels in `region` (device pixels) darker than `threshold` on every channel: text and bars, not background. */
export function countPixels(pixels: Uint8Array, imageWidth: number, region: Region, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = 4 * (y * imageWidth + x);
      if (test(pixels[i]!, pixels[i + 1]!, pixels[i + 2]!)) n++;
    }
  }
  return n;
}

export const isDark = (r: number, g: number, b: number): boolean => r < 90 && g < 90 && b < 90;
export const isNotWhite = (r: number, g: number, b: number): boolean => r < 245 || g < 245 || b < 245;
