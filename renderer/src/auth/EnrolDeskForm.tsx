import { Alert, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { EnrolConfirm } from './EnrolConfirm';
import { EnrolFields } from './EnrolFields';
import { useEnrolSteps } from './useEnrolSteps';
import { WizardFooter } from './WizardFooter';

/** The site enrolled as, and the series its orders are numbered in where it has one of its own. */
type Enrolled = { code: string; name: string; seriesCode?: string };

/** How often the screen asks how the first download is going. */
const progressPollMs = 1000;

/**
 * Enrolling this desk from the first-run screen: the head office's address and the one-time
 * code, then which site the code is for to confirm (`EnrolConfirm`: the code is spent only
 * then), then the first download with what is left of it, then on to sign-in. A site with no
 * people yet says who makes them; it moves on by itself once they have come down. The command
 * line stays as a hint for IT staff.
 */
export function EnrolDeskForm({
  enrolledAs,
  onBack,
  onReady,
}: {
  /** Enrolled before this screen opened (reloaded, or by the CLI): straight to the download. */
  enrolledAs?: Enrolled;
  onBack(): void;
  onReady(): void;
}) {
  const { t } = useTranslation('auth');
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [enrolled, setEnrolled] = useState<Enrolled | null>(enrolledAs ?? null);
  const { failure, busy, previewed, backFromConfirm, ask, confirm, back } = useEnrolSteps({
    preview: () => api.previewEnrolment({ serverUrl, code }),
    enrol: () => api.enrolDesk({ serverUrl, code }),
    onEnrolled: (value) => setEnrolled({ ...value.site, seriesCode: value.seriesCode }),
  });

  if (enrolled) return <FirstDownload site={enrolled} onReady={onReady} />;
  if (previewed)
    return (
      <EnrolConfirm
        site={previewed.site}
        busy={busy}
        onConfirm={() => void confirm()}
        onBack={back}
      />
    );

  const issue = (path: string) => {
    const found = failure?.issues?.find((i) => i.path === path);
    return found ? t(`errors:fields.${found.code}`, found.params ?? {}) : undefined;
  };
  return (
    <form onSubmit={(e) => void ask(e)} aria-label={t('firstRun.enrolTitle')} noValidate>
      <Stack>
        <Text>{t('firstRun.enrolIntro')}</Text>
        <EnrolFields
          serverUrl={serverUrl}
          code={code}
          onServerUrl={setServerUrl}
          onCode={setCode}
          issue={issue}
          focusCode={backFromConfirm}
        />
        <WizardFooter
          failure={failure}
          failureTitle={t('firstRun.enrolFailed')}
          submitLabel={t('enrolConfirm.next')}
          busy={busy}
          onBack={onBack}
        />
        <Text size="sm" c="dimmed">
          {t('firstRun.enrolCli')}
        </Text>
        <Code block>npm run cli -- enrol --server URL --code CODE</Code>
      </Stack>
    </form>
  );
}

/** The first pull: what is left to download, then sign-in (or who must add people first). */
function FirstDownload({ site, onReady }: { site: Enrolled; onReady(): void }) {
  const { t } = useTranslation('auth');
  const [progress, setProgress] = useState<{
    done: boolean;
    remaining: number;
    people: number;
    error: string | null;
  } | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const state = await api.getFirstRunState({});
      if (stopped) return;
      if (state.ok) {
        const { firstSync, people } = state.value;
        const now = {
          done: firstSync?.done ?? false,
          remaining: firstSync?.remaining ?? 0,
          error: firstSync?.error ?? null,
          people,
        };
        setProgress(now);
        if (now.done && now.people > 0) return onReady();
      }
      timer = setTimeout(() => void check(), progressPollMs);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [onReady]);

  const waitingForPeople = progress?.done && progress.people === 0;
  return (
    <Stack>
      <Alert color="green" title={t('firstRun.enrolledTitle')}>
        {t('firstRun.enrolledAs', { code: site.code, name: site.name })}
        {site.seriesCode && site.seriesCode !== site.code && (
          <Text size="sm" mt="xs">
            {t('firstRun.ownSeries', { series: site.seriesCode })}
          </Text>
        )}
      </Alert>
      {!waitingForPeople && (
        <Group gap="sm" role="status" aria-live="polite">
          <Loader size="sm" />
          <Text>
            {progress && progress.remaining > 0
              ? t('firstRun.downloading', { count: progress.remaining })
              : t('firstRun.downloadStarting')}
          </Text>
        </Group>
      )}
      {progress?.error && !progress.done && (
        <Text size="sm" c="orange">
          {t('firstRun.downloadRetrying')}
        </Text>
      )}
      {waitingForPeople && (
        <Alert color="yellow" role="status" title={t('firstRun.noPeopleTitle')}>
          {t('firstRun.noPeople', { code: site.code })}
        </Alert>
      )}
    </Stack>
  );
}
