import { TextInput, VisuallyHidden } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSearchNarrowed } from '../sync/SyncStatusContext';
import { globalSearchInputId } from './sections';

/**
 * Enter opens the order list filtered by what was typed (a name, phone, number, serial, IMEI).
 * While a download far behind has not built the search indexes, it says what it finds instead:
 * a shorter placeholder in the bar, the whole sentence as its description and its tooltip.
 */
export function GlobalSearch() {
  const { t } = useTranslation('common');
  const navigate = useNavigate();
  const narrowed = useSearchNarrowed();
  const [term, setTerm] = useState('');
  const hintId = useId();
  return (
    <>
      <TextInput
        id={globalSearchInputId}
        type="search"
        aria-label={t('globalSearch.label')}
        aria-describedby={narrowed ? hintId : undefined}
        placeholder={t(narrowed ? 'globalSearch.placeholderNarrowed' : 'globalSearch.placeholder')}
        title={narrowed ? t('orders:searchNarrowed') : undefined}
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
      {narrowed && <VisuallyHidden id={hintId}>{t('orders:searchNarrowed')}</VisuallyHidden>}
    </>
  );
}
