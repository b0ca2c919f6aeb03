import { Anchor, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useAuth } from '../../auth/AuthContext';

/**
 * Settings: people, the site's legal details (managers and admins), printers and the screen lock;
 * the rest is described as coming.
 */
export function SettingsScreen() {
  const { t } = useTranslation('auth');
  const { user } = useAuth();
  const canSeeUsers = user.roles.includes('admin') || user.roles.includes('manager');
  return (
    <Stack maw={720}>
      <Title order={1}>{t('settings.title')}</Title>
      {canSeeUsers && (
        <Paper withBorder p="lg">
          <Anchor component={Link} to="/settings/users" fw={600}>
            {t('settings.users')}
          </Anchor>
          <Text size="sm">{t('settings.usersHint')}</Text>
        </Paper>
      )}
      {canSeeUsers && (
        <Paper withBorder p="lg">
          <Anchor component={Link} to="/settings/site" fw={600}>
            {t('site.link')}
          </Anchor>
          <Text size="sm">{t('site.linkHint')}</Text>
        </Paper>
      )}
      <Paper withBorder p="lg">
        <Anchor component={Link} to="/settings/printers" fw={600}>
          {t('documents:printers.link')}
        </Anchor>
        <Text size="sm">{t('documents:printers.linkHint')}</Text>
      </Paper>
      {user.roles.includes('admin') && <IdleTimeoutForm />}
      <Paper withBorder p="lg">
        <Text fw={600} mb="xs">
          {t('nav:comingTitle')}
        </Text>
        <Text>{t('nav:coming.settings')}</Text>
      </Paper>
    </Stack>
  );
}

function IdleTimeoutForm() {
  const { t } = useTranslation('auth');
  const [minutes, setMinutes] = useState<number | string>(15);
  const [error, setError] = useState<string | undefined>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await api.configureSignIn({ idleTimeoutMinutes: Number(minutes) });
    if (result.ok) {
      setError(undefined);
      notifications.show({ message: t('settings.saved'), color: 'green' });
    } else {
      const issue = result.error.issues?.[0];
      setError(
        issue
          ? t(`errors:fields.${issue.code}`, issue.params ?? {})
          : t(`errors:errors.${result.error.code}`),
      );
    }
  };
  return (
    <Paper withBorder p="lg" component="form" onSubmit={(e: FormEvent) => void save(e)}>
      <Text fw={600} mb="xs">
        {t('settings.idleTitle')}
      </Text>
      <Group align="flex-end">
        <NumberInput
          label={t('settings.idleMinutes')}
          min={1}
          max={480}
          value={minutes}
          onChange={setMinutes}
          error={error}
          w={320}
        />
        <Button type="submit">{t('settings.save')}</Button>
      </Group>
    </Paper>
  );
}
