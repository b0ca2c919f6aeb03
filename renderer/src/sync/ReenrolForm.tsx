import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { EnrolConfirm, type PreviewedSite } from '../auth/EnrolConfirm';

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
  const [failure, setFailure] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // The count waiting when it went through: the queue empties right after, the words should not.
  const [enrolledAs, setEnrolledAs] = useState<{
    code: string;
    name: string;
    waiting: number;
    other: boolean;
  } | null>(null);
  const [previewed, setPreviewed] = useState<{
    site: PreviewedSite;
    current: { code: string; name: string } | null;
  } | null>(null);
  const [backFromConfirm, setBackFromConfirm] = useState(false);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await api.previewEnrolment({ code });
    setBusy(false);
    if (result.ok) setPreviewed(result.value);
    else setFailure(result.error);
  };
  const confirm = async () => {
    setBusy(true);
    const result = await api.reenrolDesk({ code });
    setBusy(false);
    if (result.ok) {
      const { site } = result.value;
      const other = !!previewed?.current && previewed.current.code !== site.code;
      setEnrolledAs({ code: site.code, name: site.name, waiting, other });
      onEnrolled?.();
      return;
    }
    back();
    setFailure(result.error);
  };
  const back = () => {
    setPreviewed(null);
    setBackFromConfirm(true);
  };

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
