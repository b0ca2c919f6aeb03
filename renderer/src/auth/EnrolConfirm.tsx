import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export type PreviewedSite = { code: string; name: string; kind: string };

/**
 * Between typing a code and spending it: which site the code is for, and that this desk becomes
 * it (a code meant for another counter is easily mixed up on the phone). Confirm is the default,
 * so Enter goes on; Back (or Esc) returns to the code with nothing enrolled.
 */
export function EnrolConfirm({
  site,
  busy,
  onConfirm,
  onBack,
}: {
  site: PreviewedSite;
  busy: boolean;
  onConfirm(): void;
  onBack(): void;
}) {
  const { t } = useTranslation('auth');
  const kind = t(`enrolConfirm.kinds.${site.kind}`, { defaultValue: site.kind });
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
      aria-label={t('enrolConfirm.title')}
      noValidate
    >
      <Stack>
        <Alert color="blue" title={t('enrolConfirm.title')}>
          <Text fw={600}>
            {t('enrolConfirm.forSite', { code: site.code, name: site.name, kind })}
          </Text>
          <Text>{t('enrolConfirm.becomes')}</Text>
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
            loading={busy}
            data-autofocus
            autoFocus
            data-mantine-stop-propagation
          >
            {t('enrolConfirm.confirm')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('enrolConfirm.keys')}
        </Text>
      </Stack>
    </form>
  );
}
