import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';

/**
 * Shown while the head office refuses this desk's credentials (revoked): a new enrolment code
 * for the same site lets it back in on the same server, and what it has waiting is sent then.
 */
export function ReenrolForm({
  waiting,
  onEnrolled,
}: {
  waiting: number;
  /** The drawer keeps the form (and its confirmation) once the desk's sync error has cleared. */
  onEnrolled?: () => void;
}) {
  const { t } = useTranslation(['sync', 'errors']);
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // The count waiting when it went through: the queue empties right after, the words should not.
  const [enrolledAs, setEnrolledAs] = useState<{ code: string; waiting: number } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await api.reenrolDesk({ code });
    setBusy(false);
    if (result.ok) {
      setEnrolledAs({ code: result.value.site.code, waiting });
      onEnrolled?.();
    } else setFailure(result.error);
  };

  if (enrolledAs)
    return (
      <Alert color="green" role="status" title={t('reenrol.doneTitle')}>
        {t(enrolledAs.waiting > 0 ? 'reenrol.done' : 'reenrol.doneNone', {
          code: enrolledAs.code,
          count: enrolledAs.waiting,
        })}
      </Alert>
    );
  const fieldIssue = failure?.issues?.find((issue) => issue.path === 'code');
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('reenrol.title')} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('reenrol.title')}
        </Title>
        <Text size="sm">
          {waiting > 0 ? t('reenrol.intro', { count: waiting }) : t('reenrol.introNone')}
        </Text>
        <TextInput
          label={t('reenrol.code')}
          autoComplete="off"
          spellCheck={false}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={
            fieldIssue ? t(`errors:fields.${fieldIssue.code}`, fieldIssue.params ?? {}) : undefined
          }
        />
        {failure && !failure.issues?.length && (
          <Alert color="red" role="alert" title={t('reenrol.failed')}>
            {t(`errors:errors.${failure.code}`, failure.params ?? {})}
          </Alert>
        )}
        <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
          {t('reenrol.submit')}
        </Button>
      </Stack>
    </form>
  );
}
