import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { minimalPdf } from '../support/files';
import { seriousViolations } from './axe';
import { pngPhoto, shownFrameUrl } from './counter-fixtures';
import { callDesk, openDesk } from './desk-page';

const outDir = process.env.SPORTELLO_SCREENSHOT_DIR;

interface Order {
  id: string;
  number: string;
}

async function intake(request: APIRequestContext): Promise<Order> {
  return callDesk<Order>(request, 'createIntake', {
    customer: { mode: 'new', name: 'Paola Ferri', phone: '+39 347 555 0101' },
    device: { mode: 'new', category: 'phone', brand: 'Apple', model: 'iPhone 14' },
    complaint: 'Battery drains in two hours; in warranty from the shop',
    deposit: 0,
  });
}

const pdfFile = (name: string) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf });

/** The receipt from the shop that sold the phone, kept with the order beside a photo. */
const words = [
  {
    lang: 'en',
    // The PDF's 193 bytes, in the UI language whatever the site's locale (it-IT).
    size: '0.2 kB',
    language: 'Language',
    tab: 'Photos and files',
    keep: 'Keep 2 files with the order',
    documents: 'Documents',
    pdfLabel: 'PDF document',
    open: 'Open',
    save: 'Save a copy',
  },
  {
    lang: 'it',
    size: '0,2 kB',
    language: 'Lingua',
    tab: 'Foto e file',
    keep: 'Salva 2 file nell’ordine',
    documents: 'Documenti',
    pdfLabel: 'Documento PDF',
    open: 'Apri',
    save: 'Salva una copia',
  },
  {
    lang: 'ru',
    size: '0,2 кБ',
    language: 'Язык',
    tab: 'Фото и файлы',
    keep: 'Сохранить 2 файла в заказе',
    documents: 'Документы',
    pdfLabel: 'Документ PDF',
    open: 'Открыть',
    save: 'Сохранить копию',
  },
] as const;

for (const { lang, language, tab, keep, documents, pdfLabel, size, open, save } of words) {
  test(`a PDF proof of purchase is kept with the order, listed as a document, opened and saved (${lang})`, async ({
    page,
    request,
  }) => {
    const order = await intake(request);
    await openDesk(page, `/orders/${order.id}`);
    await page.getByLabel('Language').selectOption(lang);
    await page.getByRole('tab', { name: tab }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles([pdfFile('scontrino-acquisto.pdf'), pngPhoto('retro.png')]);
    // Waiting: the photo is previewed, the PDF shown by its name.
    await expect(page.getByRole('img', { name: 'retro.png' })).toBeVisible();
    await expect(page.getByText('scontrino-acquisto.pdf')).toBeVisible();
    if (outDir)
      await page.screenshot({ path: path.join(outDir, `attachments-pending-${lang}.png`) });
    await page.getByRole('button', { name: keep }).click();

    const listed = page.getByTestId('order-documents');
    await expect(listed.getByRole('heading', { name: documents })).toBeVisible();
    await expect(listed).toContainText('scontrino-acquisto.pdf');
    await expect(listed).toContainText(pdfLabel);
    await expect(listed).toContainText(`${pdfLabel} · ${size} ·`);
    await expect(page.getByRole('img', { name: 'retro.png' })).toBeVisible();
    const kept = await callDesk<{ kind: string; mime: string }[]>(request, 'listAttachments', {
      orderId: order.id,
    });
    expect(kept.map((a) => [a.kind, a.mime]).sort()).toEqual([
      ['document', 'application/pdf'],
      ['photo', 'image/png'],
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    if (outDir) await page.screenshot({ path: path.join(outDir, `attachments-${lang}.png`) });

    const download = page.waitForEvent('download');
    await listed.getByRole('button', { name: `${save}: scontrino-acquisto.pdf` }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('scontrino-acquisto.pdf');
    expect(fs.readFileSync((await saved.path())!)).toEqual(minimalPdf);

    await listed.getByRole('button', { name: `${open}: scontrino-acquisto.pdf` }).click();
    const viewer = page.getByRole('dialog', { name: 'scontrino-acquisto.pdf' });
    await expect(viewer.getByTestId('pdf-viewer')).toBeVisible();
    await expect(viewer.getByTestId('pdf-viewer')).toHaveAttribute('src', /^blob:/);
    // Shown, not blocked: a frame the page's policy refuses ends on Chromium's error page.
    await expect.poll(() => shownFrameUrl(page, 'pdf-viewer')).toMatch(/^blob:/);
    if (outDir) await page.waitForTimeout(1000);
    if (outDir) await page.screenshot({ path: path.join(outDir, `attachment-open-${lang}.png`) });
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    await page.getByLabel(language).selectOption('en');
  });
}
