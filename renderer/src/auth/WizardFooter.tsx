import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';

/**
 * The foot of a first-run form: a failure that names no field (field issues show at their
 * field), then Back and the form's submit button.
 */
export function WizardFooter({
  failure,
  failureTitle,
  submitLabel,
  busy,
  onBack,
}: {
  failure: AppError | null;
  failureTitle?: string;
  submitLabel: string;
  busy: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation(['auth', 'errors']);
  return (
    <>
      {failure && !failure.issues?.length && (
        <Alert color="red" role="alert" {...(failureTitle ? { title: failureTitle } : {})}>
          {t(`errors:errors.${failure.code}`, failure.params ?? {})}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('firstRun.back')}
        </Button>
        <Button type="submit" size="md" loading={busy}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
