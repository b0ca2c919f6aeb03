import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderFacts } from '../../electron/main/sender-policy';

const ourWindow: SenderFacts = {
  senderId: 7,
  windowId: 7,
  isMainFrame: true,
  frameUrl: 'app://sportello/index.html#/intake/new',
};

describe('who may call the desk over IPC', () => {
  it('answers the main frame of our window showing the app', () => {
    expect(isTrustedSender(ourWindow)).toBe(true);
  });

  it('refuses another window, even one showing the app', () => {
    expect(isTrustedSender({ ...ourWindow, senderId: 8 })).toBe(false);
  });

  it('refuses an embedded frame', () => {
    expect(isTrustedSender({ ...ourWindow, isMainFrame: false })).toBe(false);
  });

  it('refuses a page that is not the app', () => {
    expect(isTrustedSender({ ...ourWindow, frameUrl: 'https://example.com/' })).toBe(false);
    expect(isTrustedSender({ ...ourWindow, frameUrl: 'file:///tmp/x.html' })).toBe(false);
  });

  it('refuses once the window or the frame is gone', () => {
    expect(isTrustedSender({ ...ourWindow, windowId: undefined })).toBe(false);
    expect(isTrustedSender({ ...ourWindow, frameUrl: undefined })).toBe(false);
  });
});
