import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../core/documents/pdf-engine';
import { documentResources } from '../../../core/documents/resources';
import { pdfText } from './document-builders';

const resources = documentResources();

describe('the PDF engine', () => {
  it('renders Latin with accents, Cyrillic and the signs € ₽ № with the shipped Roboto', async () => {
    const pdf = await renderPdf(
      { content: ['Perché già così — Квитанция № 42: 10 € / 900 ₽'] },
      resources,
    );
    expect(pdfText(pdf)).toContain('Perché già così — Квитанция № 42: 10 € / 900 ₽');
  });

  it('refuses to read a local file outside the fonts folder', async () => {
    await expect(
      renderPdf({ content: [{ image: '/etc/hostname', width: 10 }] }, resources),
    ).rejects.toThrow(/Access to local file denied/);
  });

  it('refuses to fetch anything from the network', async () => {
    await expect(
      renderPdf(
        {
          content: [{ image: 'remote', width: 10 }],
          images: { remote: 'https://example.com/logo.png' },
        },
        resources,
      ),
    ).rejects.toThrow(/Access to URL denied/);
  });
});
