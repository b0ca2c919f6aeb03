import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliEnv } from '../../../../core/cli/command';
import { cliTranslator } from '../../../../core/cli/i18n';
import { printCommand } from '../../../../core/cli/commands/print';
import type { Desk } from '../../../../core/runtime/desk';
import { documentDesk, pdfPageInfo, pdfText, takeIn } from '../../documents/document-builders';

function cliOn(desk: Desk) {
  const out: string[] = [];
  const err: string[] = [];
  const env: CliEnv = {
    dataDir: desk.dataDir,
    openDesk: () => desk,
    call: () => Promise.reject(new Error('print reads the database file itself')),
    io: { out: (text) => out.push(text), err: (text) => err.push(text) },
    language: 'en',
    t: cliTranslator('en'),
  };
  return { env, out, err };
}

describe('npm run cli -- print', () => {
  it('saves the intake receipt of an order as an 80 mm PDF in the site language', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const file = path.join(desk.dataDir, 'out', 'receipts', 'receipt.pdf');
    const cli = cliOn(desk);

    const code = await printCommand.run(
      ['intake-receipt', '--order', order.number, '--out', file],
      cli.env,
    );

    expect(code).toBe(0);
    expect(cli.out.join('\n')).toContain(`saved to ${file}`);
    const pdf = fs.readFileSync(file);
    expect(pdfPageInfo(pdf).widthMm).toBe(80);
    expect(pdfText(pdf)).toContain('Ricevuta di accettazione');
    expect(pdfText(pdf)).toContain(order.number);
  });

  it('prints a label and an A4 receipt in the language asked for', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const dir = path.join(desk.dataDir, 'out');
    const cli = cliOn(desk);
    const label = path.join(dir, 'label.pdf');
    const receipt = path.join(dir, 'receipt.pdf');
    expect(
      await printCommand.run(
        ['label', '--order', order.number, '--format', '40x20', '--lang', 'ru', '--out', label],
        cli.env,
      ),
    ).toBe(0);
    expect(
      await printCommand.run(
        [
          'intake-receipt',
          '--order',
          order.number,
          '--format',
          'a4',
          '--lang',
          'en',
          '--out',
          receipt,
        ],
        cli.env,
      ),
    ).toBe(0);
    expect(pdfPageInfo(fs.readFileSync(label))).toMatchObject({ widthMm: 40, heightMm: 20 });
    expect(pdfText(fs.readFileSync(label))).toContain('Срок');
    expect(pdfText(fs.readFileSync(receipt))).toContain('Intake receipt');
  });

  it('says plainly that an order does not exist, and writes no file', async () => {
    const desk = documentDesk();
    const file = path.join(desk.dataDir, 'out', 'missing.pdf');
    const cli = cliOn(desk);
    const code = await printCommand.run(
      ['intake-receipt', '--order', 'MI01-2026-999999', '--out', file],
      cli.env,
    );
    expect(code).toBe(1);
    expect(cli.err.join('\n')).toContain('No order MI01-2026-999999 on this desk');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('says a warranty slip does not exist before the hand-over', async () => {
    const desk = documentDesk();
    const order = await takeIn(desk);
    const cli = cliOn(desk);
    const code = await printCommand.run(
      [
        'warranty-slip',
        '--order',
        order.number,
        '--out',
        path.join(desk.dataDir, 'out', 'slip.pdf'),
      ],
      cli.env,
    );
    expect(code).toBe(1);
    expect(cli.err.join('\n')).toContain(`No warranty slip for order ${order.number}`);
  });

  it.each([
    [
      ['label', '--order', 'X', '--format', 'a4', '--out', 'x.pdf'],
      'The label is printed on 62x29 or 40x20, not on "a4"',
    ],
    [
      ['warranty-slip', '--order', 'X', '--format', '62x29', '--out', 'x.pdf'],
      'printed on 80mm or a4',
    ],
    [
      ['invoice', '--order', 'X', '--out', 'x.pdf'],
      'Expected one of intake-receipt, label, warranty-slip; got "invoice"',
    ],
    [
      ['label', '--order', 'X', '--lang', 'de', '--out', 'x.pdf'],
      'Language "de" is not one of en, it, ru',
    ],
    [['label', '--out', 'x.pdf'], 'Missing --order NUMBER'],
    [['label', '--order', 'X'], 'Missing --out FILE'],
    [['label', '--order', 'X', '--out', 'x.pdf', '--colour', 'red'], 'Unknown option --colour.'],
  ])('refuses %j with a clear message and the usage', async (args, message) => {
    const desk = documentDesk();
    const cli = cliOn(desk);
    expect(await printCommand.run(args, cli.env)).toBe(2);
    expect(cli.err.join('\n')).toContain(message);
    expect(cli.err.join('\n')).toContain('usage: print <intake-receipt|label|warranty-slip>');
  });
});
