import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Block, Reply } from '../reply/reply.js';

/** Where the terminal puts charts unless told otherwise: beside the embedded database. */
export const DEFAULT_CHARTS_DIR = path.join('.rapport', 'charts');

/** "Revenue · 1 Jan – 31 Dec 2026" → "revenue-1-jan-31-dec-2026": safe on every file system. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'chart';
}

/** 2026-11-18T15:00:00.123Z → "20261118-150000-123": sorts by time, unique within a reply. */
const stamp = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.(\d{3})Z$/, '-$1');

/**
 * Writes every image block's PNG into `dir` and returns the reply with each block's `path` set
 * (so the plain-text renderer prints "[chart] title: path"). The reply passed in is not changed.
 * A chart that cannot be written keeps no path and the reason is returned, never thrown: the
 * answer still gets printed.
 */
export async function saveReplyImages(r: Reply, dir: string, at = new Date()): Promise<{ reply: Reply; errors: string[] }> {
  const errors: string[] = [];
  if (!r.blocks.some((b) => b.type === 'image' && b.png)) return { reply: r, errors };
  let n = 0;
  const blocks: Block[] = [];
  for (const block of r.blocks) {
    if (block.type !== 'image' || !block.png) {
      blocks.push(block);
      continue;
    }
    const file = path.join(dir, `${stamp(at)}-${slugify(block.title ?? block.alt)}${n++ > 0 ? `-${n}` : ''}.png`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, block.png);
      blocks.push({ ...block, path: displayPath(file) });
    } catch (error) {
      errors.push(`could not save the chart to ${file}: ${error instanceof Error ? error.message : String(error)}`);
      blocks.push(block);
    }
  }
  return { reply: { ...r, blocks }, errors };
}

/** Relative to the working directory when inside it (short, clickable in most terminals), else absolute. */
export function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}
