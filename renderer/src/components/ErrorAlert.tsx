import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import { errorHeadingKey } from './error-heading';

/**
 * A refused action, in the user's language (never a stack trace), headed by what kind of answer
 * it is: "Something went wrong" only for a failure, not for a form to check or a rule.
 */
export function ErrorAlert({ error }: { error: AppError | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={t(errorHeadingKey(error.code))}>
      {t([`errors.${error.code}`, 'errors.internal'], error.params ?? {})}
    </Alert>
  );
}
