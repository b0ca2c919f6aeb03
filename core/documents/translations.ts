import fs from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import type { DocumentResources } from './resources';

export const documentLanguages = ['en', 'it', 'ru'] as const;
export type DocumentLanguage = (typeof documentLanguages)[number];

export function isDocumentLanguage(value: string): value is DocumentLanguage {
  return (documentLanguages as readonly string[]).includes(value);
}

export type DocumentT = TFunction<'documents'>;

const instances = new Map<string, ReturnType<typeof i18next.createInstance>>();

/** Core's own i18next instance (never the renderer's), loaded once per resources folder. */
function instanceFor(translationsDir: string) {
  const existing = instances.get(translationsDir);
  if (existing) return existing;
  const resources = Object.fromEntries(
    documentLanguages.map((lang) => [
      lang,
      {
        documents: JSON.parse(
          fs.readFileSync(path.join(translationsDir, `${lang}.json`), 'utf8'),
        ) as Record<string, unknown>,
      },
    ]),
  );
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    ns: ['documents'],
    defaultNS: 'documents',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  instances.set(translationsDir, instance);
  return instance;
}

export function documentTranslator(
  resources: DocumentResources,
  lang: DocumentLanguage,
): DocumentT {
  return instanceFor(resources.translationsDir).getFixedT(lang, 'documents');
}

/** A code typed as a checklist item is translated when known, printed as typed otherwise. */
export function translateCode(t: DocumentT, group: string, code: string): string {
  return t(`${group}.${code}`, { defaultValue: code });
}
