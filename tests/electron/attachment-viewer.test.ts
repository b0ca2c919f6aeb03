import { describe, expect, it, vi } from 'vitest';
import {
  openAttachmentForWindow,
  type DocumentViewer,
} from '../../electron/main/attachment-viewer';
import { expectOk } from '../support/desk';
import { minimalPdf } from '../support/files';
import { windowDesk } from './window-desk';

vi.mock('electron', () => import('./fake-electron'));

const tinyJpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);

/** A viewer stand-in: records what it was asked to show. */
function fakeViewer() {
  const shown: { pdf: Buffer; title: string }[] = [];
  const viewer: DocumentViewer = {
    show: async (pdf, title) => {
      shown.push({ pdf, title });
    },
  };
  return { shown, viewer };
}

const shellDesk = windowDesk('sportello-attachment-viewer-');
const { as } = shellDesk;

async function attach(name: string, bytes: Buffer): Promise<string> {
  const info = (await expectOk(
    shellDesk.desk.callWithSession(shellDesk.token, 'addAttachment', {
      orderId: shellDesk.order.id,
      name,
      dataBase64: bytes.toString('base64'),
    }),
  )) as { id: string };
  return info.id;
}

describe('opening an order’s PDF document from the desk app (main process)', () => {
  it('shows the PDF, read through the desk as the window’s person, titled by its name', async () => {
    const id = await attach('garanzia-negozio.pdf', minimalPdf);
    const { shown, viewer } = fakeViewer();
    expect(await openAttachmentForWindow(as, viewer, 1, { id })).toEqual({
      ok: true,
      value: null,
    });
    expect(shown).toEqual([{ pdf: minimalPdf, title: 'garanzia-negozio.pdf' }]);
  });

  it('refuses a photo, an unknown attachment and a malformed request, showing nothing', async () => {
    const photoId = await attach('retro.jpg', tinyJpeg);
    const { shown, viewer } = fakeViewer();
    expect(await openAttachmentForWindow(as, viewer, 1, { id: photoId })).toEqual({
      ok: false,
      error: { code: 'unsupported_attachment' },
    });
    const unknown = await openAttachmentForWindow(as, viewer, 1, {
      id: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const malformed = await openAttachmentForWindow(as, viewer, 1, { id: '../../etc/passwd' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(shown).toEqual([]);
  });

  it('shows nothing to a window without a session', async () => {
    const id = await attach('fattura.pdf', minimalPdf);
    const { shown, viewer } = fakeViewer();
    const signedOut = (_contentsId: number, method: string, input: unknown) =>
      shellDesk.desk.callWithSession('not-a-session', method, input);
    const result = await openAttachmentForWindow(signedOut, viewer, 1, { id });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(shown).toEqual([]);
  });

  it('says so when the window cannot show it, instead of throwing across IPC', async () => {
    const id = await attach('rapporto-laboratorio.pdf', minimalPdf);
    const broken: DocumentViewer = {
      show: () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')),
    };
    expect(await openAttachmentForWindow(as, broken, 1, { id })).toEqual({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
