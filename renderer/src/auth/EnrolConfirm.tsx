import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export type PreviewedSite = { code: string; name: string; kind: string };

/**
 * Between typing a code and spending it: which site the code is for, and that this desk becomes
 * it (a code meant for another counter is easily mixed up on the phone). Confirm is the default,
 * so Enter goes on; Back (or Esc) returns to the code with nothing enrolled.
 *
 * `current`: enrolling again, the site this desk is now. Its own site's code (the usual case)
 * says the desk stays that site with its orders and queue; another site's is a warning in orange
 * that the desk stops being the one it is, and its (red) button names the site it becomes.
 */
export function EnrolConfirm({
  site,
  current,
  busy,
  onConfirm,
  onBack,
}: {
  site: PreviewedSite;
  current?: { code: string; name: string } | null;
  busy: boolean;
  onConfirm(): void;
  onBack(): void;
}) {
  const { t } = useTranslation('auth');
  const kind = t(`enrolConfirm.kinds.${site.kind}`, { defaultValue: site.kind });
  const words = { code: site.code, name: site.name, kind };
  const other = current && current.code !== site.code ? current : null;
  const title = other ? t('enrolConfirm.otherTitle') : t('enrolConfirm.title');
  const lines = other
    ? [
        t('enrolConfirm.otherSite', { ...words, current: other.code, currentName: other.name }),
        t('enrolConfirm.otherBecomes', { code: site.code, current: other.code }),
      ]
    : current
      ? [t('enrolConfirm.ownSite', words), t('enrolConfirm.keeps', { code: site.code })]
      : [t('enrolConfirm.forSite', words), t('enrolConfirm.becomes')];
  const confirmLabel = other
    ? t('enrolConfirm.otherConfirm', { code: site.code })
    : current
      ? t('enrolConfirm.confirmAgain')
      : t('enrolConfirm.confirm');
  const escapeGoesBack = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || busy) return;
    event.preventDefault();
    onBack();
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) onConfirm();
      }}
      onKeyDown={escapeGoesBack}
      aria-label={title}
      noValidate
    >
      <Stack>
        <Alert
          color={other ? 'orange' : 'blue'}
          title={title}
          {...(other ? { role: 'alert' } : {})}
          data-testid="enrol-confirm"
        >
          <Text fw={600}>{lines[0]}</Text>
          <Text>{lines[1]}</Text>
          <Text size="sm" mt="xs">
            {t('enrolConfirm.wrongSite')}
          </Text>
        </Alert>
        {/* In a dialog, Esc on these goes back instead of closing it (Mantine's own marker). */}
        <Group justify="space-between">
          <Button variant="default" onClick={onBack} disabled={busy} data-mantine-stop-propagation>
            {t('firstRun.back')}
          </Button>
          <Button
            type="submit"
            size="md"
            color={other ? 'red.9' : undefined}
            loading={busy}
            data-autofocus
            autoFocus
            data-mantine-stop-propagation
          >
            {confirmLabel}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('enrolConfirm.keys')}
        </Text>
      </Stack>
    </form>
  );
}
