import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry into one ESM file for a plain `node` start, the way the desk's main
 * process is bundled: native modules and pino stay outside (they resolve from node_modules beside
 * or above the bundle). Crash-test children and the benchmark's desk processes run from these, so
 * neither a restart nor a memory figure pays for a TypeScript loader.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['better-sqlite3', '@node-rs/argon2', 'pino'],
    // CommonJS packages in the bundle (pdfkit) require Node built-ins: give the ESM bundle a require.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    outfile,
    logLevel: 'error',
  });
}
