import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { appScheme } from './app-url';
import { securityHeaders } from './content-security-policy';
import { resolveRendererFile } from './renderer-files';

/** Must run before `app` is ready: app:// behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the built renderer on app://sportello/, with the CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const target = resolveRendererFile(rendererDir, request.url);
    if (target.kind === 'refused') return refuse(target.status);
    try {
      const body = await readFile(target.file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...securityHeaders, 'content-type': target.contentType },
      });
    } catch {
      return refuse(404);
    }
  });
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: securityHeaders });
}
