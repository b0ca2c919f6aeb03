import { describe, expect, it } from 'vitest';
import { fileSizeFormatter } from '../../renderer/src/desk/file-size';

describe('a file size at the counter', () => {
  it('is said in the UI language, whatever the site', () => {
    const size = 1.5 * 1024 ** 2;
    expect(fileSizeFormatter('en')(size)).toBe('1.5 MB');
    expect(fileSizeFormatter('it')(size)).toBe('1,5 MB');
    expect(fileSizeFormatter('ru')(size)).toBe('1,5 МБ');
    expect(fileSizeFormatter('ru')(300 * 1024)).toBe('300 кБ');
  });

  it('counts kilobytes under a megabyte and never shows an empty file for a small one', () => {
    const en = fileSizeFormatter('en');
    expect(en(1023.9 * 1024)).toBe('1,023.9 kB');
    expect(en(1024 ** 2 - 1)).toBe('1 MB');
    expect(en(1024 ** 2)).toBe('1 MB');
    expect(en(20)).toBe('0.1 kB');
  });
});
