import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';

/** A refused action, in the user's language (never a stack trace). */
export function ErrorAlert({ error }: { error: AppError | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={t('title')}>
      {t([`errors.${error.code}`, 'errors.internal'], error.params ?? {})}
    </Alert>
  );
}
