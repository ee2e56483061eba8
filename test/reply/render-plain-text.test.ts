import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/reply/render-plain-text.js';
import { actions, button, fields, header, reply, table, text } from '../../src/reply/reply.js';
import { decodeAction, encodeAction } from '../../src/reply/action-codec.js';

describe('plain-text replies', () => {
  it('aligns tables with numbers on the right and numbers the actions for the terminal', () => {
    const out = renderPlainText(
      reply(
        header('Top customers'),
        table(
          [
            { key: 'name', label: 'Customer' },
            { key: 'revenue', label: 'Revenue', align: 'right' },
          ],
          [
            { name: 'Acme Corp', revenue: '$12,000.00' },
            { name: 'Initech', revenue: '$900.00' },
          ],
        ),
        actions(button('Undo', { verb: 'undo', value: '7' }), button('Close', { verb: 'ticket.close', value: '3' })),
      ),
      { numberActions: true },
    );
    expect(out).toBe(
      [
        'Top customers',
        '─────────────',
        'Customer      Revenue',
        '─────────  ──────────',
        'Acme Corp  $12,000.00',
        'Initech       $900.00',
        '[1] Undo  [2] Close',
      ].join('\n'),
    );
  });

  it('drops terminal control sequences hidden in stored text', () => {
    const out = renderPlainText(reply(text('Acme\u001b]0;pwned\u0007 Corp'), fields({ label: 'Note', value: 'a\u001b[2Jb' })));
    expect(out).not.toMatch(/\u001b|\u0007/);
    expect(out).toContain('Acme]0;pwned Corp');
  });
});

describe('action ids', () => {
  it('round-trip the verb, the intended user and the value', () => {
    const packed = encodeAction({ verb: 'pick', value: 'customerId=42', forUserId: 9 });
    expect(packed).toBe('pick:9:customerId=42');
    expect(decodeAction(packed)).toEqual({ verb: 'pick', value: 'customerId=42', forUserId: 9 });
  });

  it('refuse ids longer than Discord allows and reject forged payloads', () => {
    expect(() => encodeAction({ verb: 'pick', value: 'x'.repeat(120) })).toThrow(/100 characters/);
    expect(decodeAction('DROP TABLE:1:2')).toBeNull();
    expect(decodeAction({ verb: 'undo' })).toBeNull();
    expect(decodeAction('x'.repeat(101))).toBeNull();
  });
});
