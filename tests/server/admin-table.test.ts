import { describe, expect, it } from 'vitest';
import { cliTranslator } from '../../core/cli/i18n';
import type { DeskSummary } from '../../core/contract/replication';
import { desksTable, formatTable, sitesTable } from '../../server/admin-output';

const desk = (overrides: Partial<DeskSummary>): DeskSummary => ({
  deskId: '01a251f9-5915-712a-a704-64e488c2b13b',
  siteCode: 'RM01',
  siteKind: 'reception',
  seriesCode: 'RM01',
  enrolledAt: Date.parse('2026-12-01T09:00:00Z'),
  lastSeenAt: null,
  lastSeq: 0,
  revokedAt: null,
  replacedBy: null,
  ...overrides,
});

describe('the admin tables', () => {
  it('say whether a desk is active, revoked by an admin, or replaced, and by which desk', () => {
    const replacement = '01a251f9-5b47-77c0-9a78-a6243d9e7eeb';
    const lines = desksTable(cliTranslator('ru'), [
      desk({ deskId: replacement, lastSeenAt: Date.parse('2026-12-08T15:40:00.250Z') }),
      desk({ revokedAt: Date.parse('2026-12-08T15:00:00Z'), replacedBy: replacement }),
      desk({ deskId: '01a251f9-0000-7000-8000-000000000001', revokedAt: 1 }),
    ]).split('\n');
    expect(lines.map((line) => line.split(/\s{2,}/).slice(4))).toEqual([
      ['ПОСЛЕДНИЙ КОНТАКТ (UTC)', 'СОСТОЯНИЕ', 'ЗАМЕНЕНА НА'],
      ['2026-12-08T15:40:00Z', 'активна'],
      ['никогда', 'заменена', '…a6243d9e7eeb'],
      ['никогда', 'отозвана'],
    ]);
    expect(desksTable(cliTranslator('it'), [])).toBe('Nessuna postazione registrata.');
    expect(sitesTable(cliTranslator('en'), [])).toBe('No sites yet: admin create-site makes one.');
  });

  it('align columns of letters outside ASCII by characters', () => {
    expect(
      formatTable([
        ['КОД', 'НАЗВАНИЕ', 'X'],
        ['MSK1', 'Москва', 'y'],
      ]),
    ).toBe('КОД   НАЗВАНИЕ  X\nMSK1  Москва    y');
  });
});
