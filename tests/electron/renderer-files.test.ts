import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRendererFile } from '../../electron/main/renderer-files';

const root = path.resolve('/opt/sportello/out/renderer');

describe('serving the built renderer on app://sportello', () => {
  it('serves the entry page and its assets with their types', () => {
    expect(resolveRendererFile(root, 'app://sportello/')).toEqual({
      kind: 'file',
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveRendererFile(root, 'app://sportello/assets/index-AbC123.js')).toMatchObject({
      file: path.join(root, 'assets', 'index-AbC123.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('answers a client-side route with the entry page', () => {
    expect(resolveRendererFile(root, 'app://sportello/orders/123')).toMatchObject({
      file: path.join(root, 'index.html'),
    });
  });

  it('keeps dot segments inside the folder: the URL parser resolves them first', () => {
    expect(resolveRendererFile(root, 'app://sportello/%2e%2e/%2e%2e/package.json')).toMatchObject({
      file: path.join(root, 'package.json'),
    });
  });

  it.each([
    'app://sportello/assets/..%2f..%2f..%2fetc%2fpasswd.txt',
    'app://sportello/assets/%5c..%5c..%5csecrets.json',
    'app://sportello/index.html%00.png',
    'app://sportello/%E0%A4%A',
  ])('refuses the escape attempt %s', (url) => {
    expect(resolveRendererFile(root, url).kind).toBe('refused');
  });

  it('refuses other hosts, other schemes and unknown file types', () => {
    expect(resolveRendererFile(root, 'app://elsewhere/index.html').kind).toBe('refused');
    expect(resolveRendererFile(root, 'file:///opt/sportello/out/renderer/index.html').kind).toBe(
      'refused',
    );
    expect(resolveRendererFile(root, 'app://sportello/desk.sqlite').kind).toBe('refused');
  });

  it('never resolves outside the renderer folder, whatever the path', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '..%2f', '%5c', '%00', 'assets', 'index.html'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const target = resolveRendererFile(root, `app://sportello/${segments.join('/')}`);
        if (target.kind === 'refused') return true;
        return target.file.startsWith(root + path.sep);
      }),
      { numRuns: 5000 },
    );
  });
});
