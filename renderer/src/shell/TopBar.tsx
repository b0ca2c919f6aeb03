import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/DeskContext';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SyncIndicator } from '../sync/SyncIndicator';
import { PersonMenu } from './PersonMenu';

export function TopBar() {
  const { t } = useTranslation('common');
  const { site } = useDesk();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap">
        <Badge size="lg" variant="filled" radius="sm" aria-label={t('site')}>
          {site.code}
        </Badge>
        <Text fw={600} truncate>
          {site.name}
        </Text>
      </Group>
      <GlobalSearch />
      <Group gap="md" wrap="nowrap">
        <SyncIndicator />
        <PersonMenu />
        <LanguageSwitcher />
      </Group>
    </Group>
  );
}
