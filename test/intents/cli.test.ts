/** `rapport parse` as a process: one JSON line per input line, nothing else on stdout. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[], input: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/rapport.js', ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 110_000 });

describe('rapport parse CLI', () => {
  it('prints exactly one JSON line per input line, in order', () => {
    const lines = [
      'log a call with Jane at Acme, she wants a quote, follow up next Tuesday',
      '',
      'close ticket 5',
      "'; DELETE FROM tickets; --",
      'x'.repeat(10_000),
      '🙂 hello \u0007',
      'remind me tomorrow at 3pm to call Contoso',
    ];
    const r = run(['parse', '--now', '2026-11-18T15:00:00Z', '--tz', 'America/New_York'], lines.join('\n') + '\n');
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    const parsed = out.map((l) => JSON.parse(l) as { intent: string; slots: Record<string, unknown> });
    expect(parsed.every((p) => Object.keys(p).join() === 'intent,slots')).toBe(true);
    expect(parsed[0]).toEqual({
      intent: 'log_activity',
      slots: { kind: 'call', customer: 'Acme', contact: 'Jane', summary: 'she wants a quote', follow_up: '2026-11-24' },
    });
    expect(parsed[1]).toEqual({ intent: 'unknown', slots: {} });
    expect(parsed[2]).toEqual({ intent: 'update_ticket', slots: { ticket: 5, status: 'closed' } });
    expect(parsed[3]!.intent).toBe('unknown');
    expect(parsed[6]).toEqual({ intent: 'create_reminder', slots: { text: 'call Contoso', due: '2026-11-19T15:00:00-05:00', customer: 'Contoso' } });
  });

  it('takes the zone from TZ when --tz is absent', () => {
    const r = run(['parse', '--now', '2026-11-19T03:00:00Z'], 'remind me today to call Acme\n', { TZ: 'Asia/Tokyo' });
    expect(JSON.parse(r.stdout).slots.due).toBe('2026-11-19');
  });

  it('rejects a bad zone with exit 2, a message on stderr and nothing on stdout', () => {
    const r = run(['parse', '--tz', 'Mars/Olympus'], 'help\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/time zone/);
  });

  it('handles a last line without a newline and CRLF input', () => {
    const r = run(['parse', '--now', '2026-11-18T15:00:00Z', '--tz', 'UTC'], 'help\r\nshow ticket 4');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).intent)).toEqual(['help', 'show_ticket']);
  });
});
