import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { EnrolConfirm } from '../auth/EnrolConfirm';
import { EnrolFields } from '../auth/EnrolFields';
import { useEnrolSteps } from '../auth/useEnrolSteps';

/**
 * A desk set up on its own (the head office at first run) joins the head office server: the
 * server's address and the code `admin create-site` gave for the head office's site, then which
 * site the code is for to confirm (`EnrolConfirm`: the code is spent only then). An admin only;
 * the badge that opens it is a plain label for everyone else.
 */
export function JoinHeadOfficeForm() {
  const { t } = useTranslation('sync');
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [joined, setJoined] = useState<{ code: string; name: string } | null>(null);
  const { failure, busy, previewed, backFromConfirm, ask, confirm, back } = useEnrolSteps({
    preview: () => api.previewEnrolment({ serverUrl, code }),
    enrol: () => api.joinHeadOffice({ serverUrl, code }),
    onEnrolled: (value) => setJoined(value.site),
  });
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
  if (previewed)
    return (
      <EnrolConfirm
        site={previewed.site}
        busy={busy}
        onConfirm={() => void confirm()}
        onBack={back}
      />
    );
  return (
    <form onSubmit={(e) => void ask(e)} aria-label={t('join.title')} noValidate>
      <Stack>
        <Text>{t('join.intro')}</Text>
        <EnrolFields
          serverUrl={serverUrl}
          code={code}
          onServerUrl={setServerUrl}
          onCode={setCode}
          issue={issue}
          focusCode={backFromConfirm}
        />
        {failure && !failure.issues?.length && (
          <Alert color="red" role="alert" title={t('join.failed')}>
            {t(`errors:errors.${failure.code}`, failure.params ?? {})}
          </Alert>
        )}
        <Button type="submit" loading={busy}>
          {t('auth:enrolConfirm.next')}
        </Button>
      </Stack>
    </form>
  );
}
