import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../desk/DeskContext';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitcher } from './LanguageSwitcher';

export function TopBar() {
  const { t } = useTranslation('common');
  const { site, person } = useDesk();
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
        <Text size="sm" aria-label={t('person')} title={t('person')}>
          {person.name}
        </Text>
        <LanguageSwitcher />
      </Group>
    </Group>
  );
}
