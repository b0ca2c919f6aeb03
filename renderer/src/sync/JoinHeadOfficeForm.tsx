import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { EnrolFields } from '../auth/EnrolFields';

/**
 * A desk set up on its own (the head office at first run) joins the head office server: the
 * server's address and the code `admin create-site` gave for the head office's site. An admin
 * only; the badge that opens it is a plain label for everyone else.
 */
export function JoinHeadOfficeForm() {
  const { t } = useTranslation('sync');
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<{ code: string; name: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await api.joinHeadOffice({ serverUrl, code });
    setBusy(false);
    if (result.ok) setJoined(result.value.site);
    else setFailure(result.error);
  };
  const issue = (path: string) => {
    const found = failure?.issues?.find((i) => i.path === path);
    return found ? t(`errors:fields.${found.code}`, found.params ?? {}) : undefined;
  };

  if (joined)
    return (
      <Alert color="green" role="status" title={t('join.doneTitle')}>
        {t('join.done', { code: joined.code, name: joined.name })}
      </Alert>
    );
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('join.title')} noValidate>
      <Stack>
        <Text>{t('join.intro')}</Text>
        <EnrolFields
          serverUrl={serverUrl}
          code={code}
          onServerUrl={setServerUrl}
          onCode={setCode}
          issue={issue}
        />
        {failure && !failure.issues?.length && (
          <Alert color="red" role="alert" title={t('join.failed')}>
            {t(`errors:errors.${failure.code}`, failure.params ?? {})}
          </Alert>
        )}
        <Button type="submit" loading={busy}>
          {t('join.submit')}
        </Button>
      </Stack>
    </form>
  );
}
