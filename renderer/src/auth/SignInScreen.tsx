import {
  Alert,
  Anchor,
  Button,
  Center,
  Chip,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../core/contract/auth';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { LanguageSwitcher } from '../shell/LanguageSwitcher';
import type { FirstRunState } from './FirstRunWizard';

export interface SignedIn {
  user: UserSummary;
  idleTimeoutMinutes: number;
}

type Method = 'pin' | 'password';

/**
 * Sign-in for a shared counter: pick yourself and type your PIN (the fast switch), or login
 * and password. When the counter locked itself for a person, it asks that person only, with
 * "someone else" one click away.
 */
export function SignInScreen({
  state,
  locked,
  onSignedIn,
  onSomeoneElse,
}: {
  state: FirstRunState;
  locked?: UserSummary;
  onSignedIn(session: SignedIn): void;
  onSomeoneElse(): void;
}) {
  const { t } = useTranslation('auth');
  const canPin = locked ? locked.hasPin : state.pinUsers.length > 0;
  const [method, setMethod] = useState<Method>(canPin ? 'pin' : 'password');
  const [userId, setUserId] = useState<string>(locked?.id ?? state.pinUsers[0]?.id ?? '');
  const [login, setLogin] = useState(locked?.login ?? '');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await api.signIn(
      method === 'pin'
        ? { with: 'pin', userId, pin: secret }
        : { with: 'password', login, password: secret },
    );
    setBusy(false);
    if (result.ok) return onSignedIn(result.value);
    setSecret('');
    setError(result.error);
  };

  const title = locked ? t('lock.title') : t('signIn.title');
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={440} maw="100%">
        <form onSubmit={(e) => void submit(e)} aria-label={title}>
          <Stack>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Title order={1} size="h2">
                  {title}
                </Title>
                <Text c="dimmed" size="sm">
                  {state.site.code} · {state.site.name}
                </Text>
              </div>
              <LanguageSwitcher />
            </Group>
            {locked && (
              <Text>
                {t('lock.lockedFor', { name: locked.name })} {t('lock.draftKept')}
              </Text>
            )}
            {(locked ? locked.hasPin : true) && (
              <SegmentedControl
                aria-label={t('signIn.method')}
                fullWidth
                value={method}
                onChange={(value) => {
                  setMethod(value as Method);
                  setSecret('');
                  setError(null);
                }}
                data={[
                  { value: 'pin', label: t('signIn.withPin'), disabled: !canPin },
                  { value: 'password', label: t('signIn.withPassword') },
                ]}
              />
            )}
            {method === 'pin' && !locked && (
              <Stack gap={6} role="radiogroup" aria-label={t('signIn.pickPerson')}>
                <Text fw={500} size="sm">
                  {t('signIn.pickPerson')}
                </Text>
                <Group gap="xs">
                  {state.pinUsers.map((person) => (
                    <Chip
                      key={person.id}
                      type="radio"
                      size="md"
                      checked={userId === person.id}
                      onChange={() => setUserId(person.id)}
                    >
                      {person.name}
                    </Chip>
                  ))}
                </Group>
              </Stack>
            )}
            {method === 'password' && !locked && (
              <TextInput
                label={t('signIn.login')}
                autoComplete="username"
                autoCapitalize="none"
                value={login}
                onChange={(e) => setLogin(e.currentTarget.value)}
                required
                data-autofocus
              />
            )}
            {!canPin && !locked && <Text size="sm">{t('signIn.noPinUsers')}</Text>}
            <PasswordInput
              key={`${method}-${userId}`}
              label={method === 'pin' ? t('signIn.pin') : t('signIn.password')}
              autoComplete={method === 'pin' ? 'off' : 'current-password'}
              inputMode={method === 'pin' ? 'numeric' : 'text'}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              required
              // The field to type in when the screen opens: the PIN, or the password on a lock.
              autoFocus={method === 'pin' || !!locked}
            />
            {error && (
              <Alert color="red" role="alert">
                {t(`errors:errors.${error.code}`, error.params ?? {})}
              </Alert>
            )}
            <Button type="submit" size="md" loading={busy}>
              {locked ? t('lock.unlock') : t('signIn.submit')}
            </Button>
            {locked && (
              <Anchor component="button" type="button" onClick={onSomeoneElse}>
                {t('lock.someoneElse')}
              </Anchor>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
