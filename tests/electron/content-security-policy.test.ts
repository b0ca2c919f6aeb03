import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  securityHeaders,
} from '../../electron/main/content-security-policy';

const directives = new Map(
  contentSecurityPolicy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values] as const;
  }),
);

describe('the content security policy of the desk window', () => {
  it('denies everything not listed', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it('runs only the app’s own scripts: no inline code, no eval, no remote hosts', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('loads nothing from the network and cannot be framed or embed frames', () => {
    for (const values of directives.values()) {
      expect(values.some((v) => /^(https?:|wss?:|\*)/.test(v))).toBe(false);
    }
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('goes out with every response, together with nosniff', () => {
    expect(securityHeaders['content-security-policy']).toBe(contentSecurityPolicy);
    expect(securityHeaders['x-content-type-options']).toBe('nosniff');
  });
});
