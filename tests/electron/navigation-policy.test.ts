import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/main/app-url';
import {
  isExternalUrlAllowed,
  isNavigationAllowed,
  isPermissionGranted,
} from '../../electron/main/navigation-policy';

describe('where the desk window may go', () => {
  it('moves freely between its own pages', () => {
    expect(isNavigationAllowed('app://sportello/index.html')).toBe(true);
    expect(isNavigationAllowed('app://sportello/index.html#/orders?q=MI01')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://user:pw@sportello/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses to replace the app with %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('does not mistake a look-alike host for the app', () => {
    expect(isAppUrl('app://sportello.evil.com/index.html')).toBe(false);
    expect(isAppUrl('app://sportello/')).toBe(true);
    expect(isAppUrl('APP://SPORTELLO/index.html')).toBe(true);
  });
});

describe('links that may open outside the app', () => {
  it.each(['https://www.apple.com/support/', 'mailto:assistenza@example.it', 'tel:+390212345678'])(
    'sends %s to the system',
    (url) => {
      expect(isExternalUrlAllowed(url)).toBe(true);
    },
  );

  it.each([
    'http://example.com/',
    'https://user:secret@example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'javascript:alert(1)',
    'app://sportello/index.html',
    'vscode://file/etc/passwd',
    'mailto:',
    'https://',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isExternalUrlAllowed(url)).toBe(false);
  });
});

describe('permissions', () => {
  it('denies the camera, microphone, location and notifications', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'usb']) {
      expect(isPermissionGranted(permission, 'app://sportello/index.html')).toBe(false);
    }
  });

  it('lets a mailto: or tel: link the app followed go to the system, nothing else', () => {
    const page = 'app://sportello/index.html';
    expect(isPermissionGranted('openExternal', page, 'mailto:cliente@example.it')).toBe(true);
    expect(isPermissionGranted('openExternal', page, 'tel:+390212345678')).toBe(true);
    expect(isPermissionGranted('openExternal', page, 'ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(isPermissionGranted('openExternal', page)).toBe(false);
    expect(isPermissionGranted('openExternal', 'https://example.com', 'tel:+39021')).toBe(false);
  });

  it('lets the app itself copy to the clipboard, and nobody else', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://sportello')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.com')).toBe(false);
  });
});
