import { Kbd, NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { sections } from './sections';

export function SideNav() {
  const { t } = useTranslation('nav');
  const { pathname } = useLocation();
  const isActive = (path: string) =>
    path === '/' ? pathname === '/' || pathname.startsWith('/intake') : pathname.startsWith(path);
  return (
    <>
      <Stack gap={2}>
        {sections.map((section) => (
          <NavLink
            key={section.id}
            component={Link}
            to={section.path}
            label={t(section.id)}
            active={isActive(section.path)}
            aria-current={isActive(section.path) ? 'page' : undefined}
            rightSection={<Kbd size="xs">{section.keyLabel}</Kbd>}
            h={40}
          />
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="md" px="xs">
        {t('common:shortcutsHint')}
      </Text>
    </>
  );
}
