import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage, languages } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  return (
    <NativeSelect
      aria-label={t('language')}
      value={i18n.resolvedLanguage}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (isLanguage(next)) void i18n.changeLanguage(next);
      }}
      data={languages.map((lng) => ({ value: lng, label: t(`languages.${lng}`) }))}
      w={120}
    />
  );
}
