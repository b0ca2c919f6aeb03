import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentResources } from './resources';
import type { DocumentLanguage } from './translations';

const LegalWording = z.object({
  storageTerms: z.string().min(1),
  dataLossDisclaimer: z.string().min(1),
  warrantyExclusions: z.array(z.string().min(1)).min(1),
  statutoryRights: z.string().min(1),
  claimProcedure: z.string().min(1),
  privacyNotice: z.string().min(1),
  itemValueNotice: z.string().min(1).optional(),
  repairDatesNotice: z.string().min(1).optional(),
});

// People edit these files: a broken one must fail loudly, naming the file, not print blanks.
const LegalTemplate = z.object({
  version: z.string().min(1).max(40),
  country: z.string().min(2),
  effectiveFrom: z.iso.date(),
  defaultLanguage: z.enum(['en', 'it', 'ru']),
  texts: z.partialRecord(z.enum(['en', 'it', 'ru']), LegalWording),
});
type LegalTemplate = z.infer<typeof LegalTemplate>;

/** The legal wording of one version in one language, ready to print. */
export type LegalTexts = z.infer<typeof LegalWording> & { version: string };

const genericFolder = 'generic';
const templatesByFolder = new Map<string, LegalTemplate[]>();

function templatesIn(folder: string): LegalTemplate[] {
  const cached = templatesByFolder.get(folder);
  if (cached) return cached;
  const files = fs.existsSync(folder)
    ? fs.readdirSync(folder).filter((name) => name.endsWith('.json'))
    : [];
  const templates = files
    .map((name) => {
      const file = path.join(folder, name);
      const parsed = LegalTemplate.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success)
        throw new Error(`Invalid legal text template ${file}: ${parsed.error.message}`);
      return parsed.data;
    })
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  templatesByFolder.set(folder, templates);
  return templates;
}

export interface LegalTextsQuery {
  /** The site's country (ISO code); a country without its own folder gets the generic texts. */
  country: string;
  lang: DocumentLanguage;
  /** A version already printed (a slip's terms version): that exact wording. */
  version?: string;
  /** Otherwise the version in force on this date (`YYYY-MM-DD`). */
  on?: string;
}

export function loadLegalTexts(resources: DocumentResources, query: LegalTextsQuery): LegalTexts {
  const own = templatesIn(path.join(resources.legalDir, query.country.toLowerCase()));
  const generic = templatesIn(path.join(resources.legalDir, genericFolder));
  const template =
    exactVersion(own, query.version) ??
    exactVersion(generic, query.version) ??
    inForceOn(own, query.on) ??
    inForceOn(generic, query.on);
  if (!template) {
    throw new Error(`No legal texts for ${query.country} in ${resources.legalDir}`);
  }
  const wording = template.texts[query.lang] ?? template.texts[template.defaultLanguage];
  if (!wording) throw new Error(`Legal texts ${template.version} lack their default language`);
  return { ...wording, version: template.version };
}

function exactVersion(templates: LegalTemplate[], version?: string): LegalTemplate | undefined {
  return version ? templates.find((template) => template.version === version) : undefined;
}

/** The latest version in force on that date; before the first one, the first one. */
function inForceOn(templates: LegalTemplate[], on?: string): LegalTemplate | undefined {
  const inForce = on ? templates.filter((template) => template.effectiveFrom <= on) : templates;
  return inForce.at(-1) ?? templates[0];
}
