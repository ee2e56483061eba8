import { describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load/run-load.js';
import { postgresServerUrl } from '../support/test-db.js';

describe('npm run load against the Slack HTTP receiver', () => {
  it('acks every signed request, answers each exactly once, and answers a redelivered event once', async () => {
    const result = await runLoad({ rate: 20, duration: 3, scale: 0.1, drain: 60, warmup: 10, serverUrl: postgresServerUrl() });

    expect(result.sent).toBeGreaterThanOrEqual(60);
    expect(result.sent_by_kind.command).toBeGreaterThan(0);
    expect(result.sent_by_kind.mention).toBeGreaterThan(0);
    expect(result.acked).toBe(result.sent);
    expect(result.errors).toBe(0);

    expect(result.replies_expected).toBe(result.sent_by_kind.command + result.sent_by_kind.mention);
    expect(result.replies_delivered).toBe(result.replies_expected);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.strays).toBe(0);

    expect(result.retried_events).toBe(result.sent_by_kind.retry);
    expect(result.retried_events).toBeGreaterThan(0);
    expect(result.retried_duplicates).toBe(0);

    // Answered, not just acked: the replies are the real ones.
    expect(result.reply_samples['command: who is Acme Corp']).toContain('Acme Corp');
    expect(result.reply_samples['mention: who is Contoso']).toContain('Contoso');
    expect(result.reply_samples['command: log a note for Acme Corp: load test {id}']).toMatch(/Logged a note on Acme Corp/);
    expect(result.bot_log_errors).toBe(0);
    // The bot's own work (the overdue digest to Sarah's DM) went through the stub as well.
    expect(result.bot_log_warnings).toBe(0);
    expect(result.rss_idle_mb).toBeGreaterThan(0);
    // The machine's CPU over the run: the bot at least was busy, and shares are of all CPUs.
    expect(result.machine_busy_percent).toBeGreaterThan(0);
    expect(result.machine_busy_percent! + result.machine_steal_percent!).toBeLessThanOrEqual(100);
  });
});
