import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { globalSearchInputId } from './sections';

/** Enter opens the order list filtered by what was typed (a name, phone, number, serial, IMEI). */
export function GlobalSearch() {
  const { t } = useTranslation('common');
  const navigate = useNavigate();
  const [term, setTerm] = useState('');
  return (
    <TextInput
      id={globalSearchInputId}
      type="search"
      aria-label={t('globalSearch.label')}
      placeholder={t('globalSearch.placeholder')}
      value={term}
      onChange={(event) => setTerm(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.currentTarget.blur();
        if (event.key !== 'Enter') return;
        event.preventDefault();
        const q = term.trim();
        void navigate(q ? `/orders?q=${encodeURIComponent(q)}` : '/orders');
        setTerm('');
      }}
      w={380}
    />
  );
}
