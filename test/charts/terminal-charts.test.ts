import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/console/terminal-chat.js';
import { setConsoleUser } from '../../src/app/console-user.js';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { saveReplyImages } from '../../src/charts/save-images.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { header, reply, text } from '../../src/reply/reply.js';
import { seedDemo } from '../../src/seed/index.js';
import { TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { pngSize } from './png-helpers.js';

// The terminal cannot show a picture: it saves each chart and prints where it went.

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

/** Runs the terminal chat over the given lines (non-interactive, as when piped) and returns what it printed. */
async function terminal(lines: string[], chartsDir: string): Promise<string> {
  await setConsoleUser(t.db, { name: 'Marcus Reed', role: 'manager', timeZone: 'America/New_York' });
  const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  input.end(lines.map((l) => `${l}\n`).join(''));
  await runTerminalChat({ dispatcher, input, output, userName: 'Marcus Reed', interactive: false, chartsDir });
  return printed;
}

describe('charts in the terminal chat', () => {
  it('saves the chart of "revenue by month this year" and prints [chart] title: path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-charts-'));
    const out = await terminal(['revenue by month this year', 'pipeline this quarter'], dir);
    const lines = [...out.matchAll(/^\[chart\] (.+): (.+\.png)$/gm)];
    expect(lines.map((m) => m[1])).toEqual(['Revenue · 1 Jan – 31 Dec 2026', 'Pipeline · 1 Oct – 31 Dec 2026']);
    for (const [, , file] of lines) {
      expect(path.resolve(file!).startsWith(fs.realpathSync(dir)) || path.resolve(file!).startsWith(dir)).toBe(true);
      expect(path.basename(file!)).toMatch(/^\d{8}-\d{6}-\d{3}-(revenue-1-jan-31-dec-2026|pipeline-1-oct-31-dec-2026)\.png$/);
      expect(pngSize(new Uint8Array(fs.readFileSync(file!)))).toEqual({ width: 1600, height: 900 });
    }
    // The table still follows the chart line, exact to the cent.
    expect(out).toMatch(/\[chart\] Revenue[^\n]*\n[\s\S]*Jan 2026\s+\d+\s+\$[\d,]+\.\d{2}/);
  });

  it('prints the reply and a warning when the chart cannot be written', async () => {
    const blocked = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-charts-')), 'file');
    fs.writeFileSync(blocked, 'not a directory');
    const r = reply(header('Revenue'), text('headline'), { type: 'image', alt: 'a chart', title: 'Revenue', png: new Uint8Array([1, 2, 3]) });
    const saved = await saveReplyImages(r, blocked);
    expect(saved.errors).toHaveLength(1);
    expect(saved.errors[0]).toMatch(/could not save the chart/);
    expect(saved.reply.blocks[2]).toMatchObject({ type: 'image', title: 'Revenue' });
    expect((saved.reply.blocks[2] as { path?: string }).path).toBeUndefined();
  });

  it('leaves a reply without charts untouched', async () => {
    const r = reply(header('Hello'));
    expect((await saveReplyImages(r, '/nonexistent')).reply).toBe(r);
  });
});
