import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/runtime/logger';
import { openDesk } from '../../../core/runtime/desk';
import { captureStream } from '../../support/capture';
import { intakeInput, tempDir } from '../../support/desk';

function capturedLogger() {
  const { stream, text } = captureStream();
  return { log: createLogger({ level: 'debug', name: 'desk' }, stream), text };
}

describe('logs', () => {
  it('never hold personal data or secrets, however deep they are passed', () => {
    const { log, text } = capturedLogger();
    log.info(
      {
        method: 'createIntake',
        password: 'hunter2 hunter2',
        input: { customer: { name: 'Giulia Bianchi', phone: '+393475550199' } },
        customer: { name: 'Anna Verdi', email: 'anna@example.it', address: 'Via Roma 1' },
        request: { headers: { authorization: 'Bearer abc', 'x-sportello-token': 'tok123' } },
        session: { token: 'secret-token-value', pin: '1234' },
        order: { unlockSecret: 'enc:v1:xyz', complaint: 'my daughter Maria dropped it' },
      },
      'call',
    );
    const written = text();
    for (const secret of [
      'hunter2',
      'Giulia',
      '3475550199',
      'Anna Verdi',
      'anna@example.it',
      'Via Roma',
      'Bearer abc',
      'tok123',
      'secret-token-value',
      '1234',
      'enc:v1',
      'Maria',
    ])
      expect(written).not.toContain(secret);
    expect(written).toContain('"method":"createIntake"');
    expect(written).toContain('"host":"desk"');
  });

  it('a failing handler is logged without the input it was given', async () => {
    const { log, text } = capturedLogger();
    const desk = openDesk({ dataDir: tempDir(), logger: log });
    desk.db.$client.exec('DROP TRIGGER orders_search_insert');
    desk.db.$client.exec(
      "CREATE TRIGGER fail_intake BEFORE INSERT ON repair_orders BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );
    const result = await desk.call('createIntake', intakeInput());
    desk.close();
    expect(result).toEqual({ ok: false, error: { code: 'internal' } });
    expect(text()).toContain('handler failed');
    expect(text()).not.toContain('Giulia');
  });
});
