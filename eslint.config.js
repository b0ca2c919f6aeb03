import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'worker_threads',
  'stream',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.tools/',
      'coverage/',
      'test-results/',
      'core/db/migrations/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // core/ is plain TypeScript on Node: no Electron, no React, no renderer code.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'core/ must run in plain Node: no electron.' },
            { name: 'react', message: 'core/ knows nothing of React.' },
            { name: 'react-dom', message: 'core/ knows nothing of React.' },
          ],
          patterns: [
            {
              group: ['electron/*', 'react/*', 'react-dom/*'],
              message: 'core/ must run in plain Node.',
            },
            {
              group: ['**/renderer/**', '**/electron/**'],
              message: 'core/ never imports the UI or the shell.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract and the workflow table are shared with the renderer: browser-safe only.
    files: ['core/contract/**/*.ts', 'core/orders/workflow.ts', 'core/orders/custody.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'better-sqlite3', 'drizzle-orm', 'pdfmake', ...nodeOnly].map(
            (name) => ({
              name,
              message: 'The contract is shared with the renderer: browser-safe imports only.',
            }),
          ),
          patterns: [
            {
              group: ['node:*'],
              message: 'The contract is shared with the renderer: no Node APIs.',
            },
            {
              group: [
                '**/db/**',
                '**/documents/**',
                '**/sync/**',
                '**/runtime/**',
                '**/renderer/**',
                '**/electron/**',
              ],
              message: 'The contract imports only pure, browser-safe modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer reaches core only through its pure, browser-safe parts.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'drizzle-orm', 'pdfmake', 'pino', ...nodeOnly].map(
            (name) => ({
              name,
              message:
                'The renderer is sandboxed: it talks to the desk only through window.sportello.',
            }),
          ),
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node APIs.' },
            {
              // accounting/vat is pure arithmetic: the hand-over dialog previews the amount due with it.
              // sync/refusal-texts is pure too: the sync panel and the CLI choose a refusal's texts with it.
              // orders/custody says who may move a device: the order screen offers only those steps.
              regex:
                '^(\\.\\./)+core/(?!contract(/|$)|orders/workflow$|orders/custody$|accounting/vat$|sync/refusal-texts$)',
              message:
                'The renderer may import from core/ only the contract, the workflow and custody rules, the VAT arithmetic and the choice of a refusal’s texts.',
            },
          ],
        },
      ],
    },
  },
);
