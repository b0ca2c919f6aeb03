import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../core/contract/errors';
import { api } from '../../api';
import { useAuth } from '../../auth/AuthContext';

/** A form's failure as the screen shows it: per field where the desk named one, else one alert. */
function useFailure() {
  const { t } = useTranslation('auth');
  const [failure, setFailure] = useState<AppError | null>(null);
  const fieldError = (path: string) => {
    const issue = failure?.issues?.find((i) => i.path === path);
    return issue ? t(`errors:fields.${issue.code}`, issue.params ?? {}) : undefined;
  };
  const alert =
    failure && !failure.issues?.length ? (
      <Alert color="red" role="alert">
        {t(`errors:errors.${failure.code}`, failure.params ?? {})}
      </Alert>
    ) : null;
  return { setFailure, fieldError, alert };
}

/** The signed-in person's own password and PIN (person menu › Password and PIN). */
export function AccountScreen() {
  const { t } = useTranslation('auth');
  const { user } = useAuth();
  return (
    <Stack maw={560}>
      <Title order={1}>{t('account.title')}</Title>
      <Text>{t('account.signedInAs', { name: user.name, login: user.login })}</Text>
      <PasswordForm />
      <PinForm hadPin={user.hasPin} />
    </Stack>
  );
}

function PasswordForm() {
  const { t } = useTranslation('auth');
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  const { setFailure, fieldError, alert } = useFailure();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.next !== form.repeat) return setMismatch(true);
    setMismatch(false);
    const result = await api.changeOwnPassword({ current: form.current, next: form.next });
    if (!result.ok) return setFailure(result.error);
    setFailure(null);
    setForm({ current: '', next: '', repeat: '' });
    notifications.show({ message: t('account.passwordChanged'), color: 'green' });
  };
  const bind = (field: keyof typeof form) => ({
    value: form[field],
    onChange: (e: { currentTarget: { value: string } }) =>
      setForm({ ...form, [field]: e.currentTarget.value }),
  });
  return (
    <Paper withBorder p="lg" component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('account.passwordTitle')}
        </Title>
        <PasswordInput
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          error={fieldError('current')}
          {...bind('current')}
        />
        <PasswordInput
          label={t('account.newPassword')}
          description={t('users.passwordHint')}
          autoComplete="new-password"
          required
          error={fieldError('next')}
          {...bind('next')}
        />
        <PasswordInput
          label={t('account.repeatPassword')}
          autoComplete="new-password"
          required
          error={mismatch ? t('account.mismatch') : undefined}
          {...bind('repeat')}
        />
        {alert}
        <Group>
          <Button type="submit">{t('account.changePassword')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function PinForm({ hadPin }: { hadPin: boolean }) {
  const { t } = useTranslation('auth');
  const [hasPin, setHasPin] = useState(hadPin);
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const { setFailure, fieldError, alert } = useFailure();
  const save = async (next: string | null) => {
    const result = await api.changeOwnPin({ current, pin: next });
    if (!result.ok) return setFailure(result.error);
    setFailure(null);
    setCurrent('');
    setPin('');
    setHasPin(result.value.hasPin);
    notifications.show({
      message: result.value.hasPin ? t('account.pinSet') : t('account.pinRemoved'),
      color: 'green',
    });
  };
  return (
    <Paper
      withBorder
      p="lg"
      component="form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save(pin);
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('account.pinTitle')}
        </Title>
        <Text size="sm">{hasPin ? t('account.hasPin') : t('account.noPin')}</Text>
        <PasswordInput
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={fieldError('current')}
        />
        <PasswordInput
          label={t('account.newPin')}
          description={t('firstRun.pinHint')}
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value)}
          error={fieldError('pin')}
        />
        {alert}
        <Group>
          <Button type="submit" disabled={!pin}>
            {t('account.savePin')}
          </Button>
          {hasPin && (
            <Button variant="default" disabled={!current} onClick={() => void save(null)}>
              {t('account.removePin')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
