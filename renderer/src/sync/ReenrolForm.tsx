import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { EnrolConfirm } from '../auth/EnrolConfirm';
import { useEnrolSteps } from '../auth/useEnrolSteps';

/**
 * Shown while the head office refuses this desk's credentials (revoked): a new enrolment code
 * for the same site lets it back in on the same server, and what it has waiting is sent then.
 * The code's site is shown to confirm first (`EnrolConfirm`, asked of the server the desk knows
 * without spending the code): its own site, or a warning that the desk would become another one.
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
  // The count waiting when it went through: the queue empties right after, the words should not.
  const [enrolledAs, setEnrolledAs] = useState<{
    code: string;
    name: string;
    waiting: number;
    other: boolean;
  } | null>(null);
  const { failure, busy, previewed, backFromConfirm, ask, confirm, back } = useEnrolSteps({
    preview: () => api.previewEnrolment({ code }),
    enrol: () => api.reenrolDesk({ code }),
    onEnrolled: ({ site }, { current }) => {
      const other = !!current && current.code !== site.code;
      setEnrolledAs({ code: site.code, name: site.name, waiting, other });
      onEnrolled?.();
    },
  });

  if (enrolledAs)
    return (
      <Alert color="green" role="status" title={t('reenrol.doneTitle')}>
        {enrolledAs.other
          ? t('reenrol.doneOther', { code: enrolledAs.code, name: enrolledAs.name })
          : t(enrolledAs.waiting > 0 ? 'reenrol.done' : 'reenrol.doneNone', {
              code: enrolledAs.code,
              count: enrolledAs.waiting,
            })}
      </Alert>
    );
  if (previewed)
    return (
      <EnrolConfirm
        site={previewed.site}
        current={previewed.current}
        busy={busy}
        onConfirm={() => void confirm()}
        onBack={back}
      />
    );
  const fieldIssue = failure?.issues?.find((issue) => issue.path === 'code');
  return (
    <form onSubmit={(e) => void ask(e)} aria-label={t('reenrol.title')} noValidate>
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
          data-autofocus={backFromConfirm || undefined}
          autoFocus={backFromConfirm}
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
          {t('auth:enrolConfirm.next')}
        </Button>
      </Stack>
    </form>
  );
}
