import {
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SiteChoice, SiteDetails } from '../../../../core/contract/desk';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SiteSelect } from '../../components/SiteSelect';
import { useDesk, useRefreshDesk } from '../../desk/DeskContext';
import { issuesByPath, useFieldMessage } from '../intake/field-issues';
import { submitOnCtrlS } from '../stock/save-shortcut';
import { siteLegalKeys, type SiteLegalKey } from '../../../../core/contract/site-legal';

type Draft = Record<'name' | SiteLegalKey, string>;

function draftOf(site: SiteDetails): Draft {
  const draft = { name: site.name } as Draft;
  for (const field of siteLegalKeys) draft[field] = site.legal[field] ?? '';
  return draft;
}

/**
 * Settings › Site and legal details: what the site's receipts, warranty slips and invoices print.
 * Admins correct them (the head office's for any site); managers read them.
 */
export function SiteDetailsScreen() {
  const { t } = useTranslation('auth');
  const { site: deskSite } = useDesk();
  const refreshDesk = useRefreshDesk();
  const [sites, setSites] = useState<SiteChoice[]>([]);
  // The site shown is in the address (`?site=`), so a link can open another one (the sync
  // drawer's, for a refused correction of that site); this desk's own when none is named.
  const [params, setParams] = useSearchParams();
  const siteId = params.get('site') ?? deskSite.id;
  const setSiteId = (id: string) => setParams({ site: id }, { replace: true });
  const [site, setSite] = useState<SiteDetails | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  // Only the head office reaches other sites; elsewhere the list would offer what it may not open.
  const atHeadOffice = deskSite.kind === 'head_office';
  useEffect(() => {
    if (atHeadOffice) void api.listSites({}).then((result) => result.ok && setSites(result.value));
  }, [atHeadOffice]);
  useEffect(() => {
    setSite(null);
    setFailure(null);
    void api.getSiteDetails({ siteId }).then((result) => {
      if (result.ok) setSite(result.value);
      else setFailure(result.error);
    });
  }, [siteId]);

  return (
    <Stack maw={720}>
      <Title order={1}>{t('site.title')}</Title>
      <Text>{t('site.intro')}</Text>
      {sites.length > 1 && (
        <SiteSelect
          sites={sites}
          value={siteId}
          onChange={(id) => id && setSiteId(id)}
          label={t('site.which')}
          description={t('site.whichHint')}
        />
      )}
      <ErrorAlert error={failure} />
      {!site && !failure && <Loader aria-label={t('common:loading')} />}
      {site && (
        <SiteForm
          key={`${site.id}:${site.updatedAt}`}
          site={site}
          onSaved={(saved) => {
            setSite(saved);
            // The top bar names this desk's site: a new name shows at once.
            if (saved.id === deskSite.id) refreshDesk();
          }}
        />
      )}
    </Stack>
  );
}

function SiteForm({ site, onSaved }: { site: SiteDetails; onSaved: (site: SiteDetails) => void }) {
  const { t } = useTranslation('auth');
  const [draft, setDraft] = useState(() => draftOf(site));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const message = useFieldMessage(issuesByPath(issues));
  const readOnly = !site.editable;

  const undo = () => {
    setDraft(draftOf(site));
    setIssues([]);
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    setSaving(true);
    const result = await api.updateSiteDetails({ siteId: site.id, ...draft });
    setSaving(false);
    if (!result.ok) {
      const atFields = result.error.issues ?? [];
      setIssues(atFields);
      return setError(atFields.length ? null : result.error);
    }
    notifications.show({ message: t('site.saved', { code: site.code }), color: 'green' });
    onSaved(result.value);
  };
  const keys = (event: KeyboardEvent<HTMLFormElement>) => {
    submitOnCtrlS(event);
    // Esc puts back what is saved: nothing typed is kept by mistake.
    if (event.key === 'Escape' && !event.defaultPrevented) undo();
  };
  const field = (name: keyof Draft) => ({
    // Named as the site's documents name them: an Italian partita IVA, a Russian ИНН and ОГРН.
    label: t([`site.fields.${name}_${site.country}`, `site.fields.${name}`]),
    value: draft[name],
    onChange: (e: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [name]: e.currentTarget.value }),
    error: message(name),
    readOnly,
    autoComplete: 'off',
  });

  return (
    <Paper withBorder p="lg">
      <form onKeyDown={keys} noValidate onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <SiteFacts site={site} />
          <TextInput {...field('name')} required autoFocus={!readOnly} />
          <TextInput {...field('legalName')} required />
          <Textarea {...field('address')} autosize minRows={2} maxRows={4} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput {...field('vatNumber')} />
            <TextInput {...field('taxCode')} />
            <TextInput {...field('registrationNumber')} />
            <TextInput {...field('phone')} type="tel" />
            <TextInput {...field('email')} type="email" />
          </SimpleGrid>
          <ErrorAlert error={error} />
          {readOnly ? (
            <Alert color="gray">{t('site.readOnly')}</Alert>
          ) : (
            <Group>
              <Button type="submit" loading={saving}>
                {t('site.save')}
              </Button>
              <Button variant="default" onClick={undo}>
                {t('site.undo')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('site.keys')}
              </Text>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** What identifies the site for good: set when it was created, printed in numbers and money. */
function SiteFacts({ site }: { site: SiteDetails }) {
  const { t } = useTranslation('auth');
  const facts = [
    ['code', site.code],
    ['kind', t(`site.kinds.${site.kind}`)],
    ['country', site.country],
    ['currency', site.currency],
    ['timezone', site.timezone],
  ] as const;
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 2, sm: 5 }} component="dl" m={0}>
        {facts.map(([name, value]) => (
          <div key={name}>
            <Text component="dt" size="sm" c="dimmed">
              {t(`site.fields.${name}`)}
            </Text>
            <Text component="dd" m={0} fw={600} data-testid={`site-${name}`}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('site.factsHint')}
      </Text>
    </Stack>
  );
}
