import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SectionId } from '../shell/sections';

type Section = Exclude<SectionId, 'reception' | 'orders' | 'stock'> | 'notFound';

/** A main screen that is not built yet says in a sentence what it will hold. */
export function ComingSoonScreen({ section }: { section: Section }) {
  const { t } = useTranslation('nav');
  if (section === 'notFound') {
    return <Title order={1}>{t('errors:errors.not_found')}</Title>;
  }
  return (
    <Stack maw={720}>
      <Title order={1}>{t(section)}</Title>
      <Paper withBorder p="lg">
        <Text fw={600} mb="xs">
          {t('comingTitle')}
        </Text>
        <Text>{t(`coming.${section}`)}</Text>
      </Paper>
    </Stack>
  );
}
