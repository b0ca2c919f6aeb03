import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/DeskContext';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitcher } from './LanguageSwitcher';
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
        {/* A title, not a Tooltip: floating-ui would weigh on the first paint for one hint. */}
        <Badge
          variant="outline"
          tt="none"
          color="gray.8"
          size="lg"
          title={t('sync.standaloneHint')}
          aria-label={`${t('sync.label')}: ${t('sync.standalone')}`}
        >
          {t('sync.standalone')}
        </Badge>
        <PersonMenu />
        <LanguageSwitcher />
      </Group>
    </Group>
  );
}
