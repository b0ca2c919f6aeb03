import { Paper, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../format/phone';
import type { CustomerSummary } from '../../../../core/contract/customers';
import { api } from '../../api';
import { useSearchNarrowed } from '../../sync/SyncStatusContext';
import { intakeFieldAttribute } from './useEnterMovesOn';

interface Props {
  onPick: (customer: CustomerSummary) => void;
  /** Enter with nothing to pick: hand what was typed to the new-customer fields. */
  onNoMatch: (term: string) => void;
}

const minTermLength = 2;

/**
 * Search-as-you-type over customers (`searchCustomers`): four digits of a phone or part of a
 * name. Arrow keys move through the matches, Enter picks, Esc closes the list.
 */
export function CustomerPicker({ onPick, onNoMatch }: Props) {
  const { t } = useTranslation('intake');
  const listId = useId();
  const [term, setTerm] = useState('');
  const [debounced] = useDebouncedValue(term.trim(), 150);
  const [matches, setMatches] = useState<CustomerSummary[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const narrowed = useSearchNarrowed();

  useEffect(() => {
    if (debounced.length < minTermLength) {
      setMatches([]);
      return;
    }
    let current = true;
    void api.searchCustomers({ term: debounced, limit: 8 }).then((result) => {
      if (!current || !result.ok) return;
      setMatches(result.value);
      setActive(0);
      setOpen(true);
    });
    return () => {
      current = false;
    };
    // Asked again once the indexes are built: a phone's digits find the customer from then on.
  }, [debounced, narrowed]);

  const showList = open && debounced.length >= minTermLength;
  const pick = (customer: CustomerSummary) => {
    setOpen(false);
    setTerm('');
    onPick(customer);
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && matches.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp' && matches.length > 0) {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Escape' && showList) {
      // Close the list only; a second Esc cancels the intake.
      event.stopPropagation();
      event.nativeEvent.stopImmediatePropagation();
      setOpen(false);
    } else if (event.key === 'Enter') {
      const chosen = showList ? matches[active] : undefined;
      if (chosen) {
        event.preventDefault();
        pick(chosen);
      } else if (term.trim()) {
        onNoMatch(term.trim());
      }
    }
  }

  return (
    <div style={{ position: 'relative' }}>
      <TextInput
        label={t('customerSearch')}
        placeholder={t('customerSearchPlaceholder')}
        description={narrowed ? t('customerSearchNarrowed') : undefined}
        value={term}
        onChange={(event) => {
          setTerm(event.currentTarget.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={showList && matches[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        {...{ [intakeFieldAttribute]: '' }}
      />
      {showList && (
        <Paper withBorder shadow="md" mt={4} pos="absolute" w="100%" style={{ zIndex: 10 }}>
          {matches.length === 0 ? (
            <Text p="sm" size="sm" c="dimmed" role="status">
              {t(narrowed ? 'customerSearchEmptyNarrowed' : 'customerSearchEmpty')}
            </Text>
          ) : (
            <ul
              id={listId}
              role="listbox"
              aria-label={t('customerResults')}
              style={{ listStyle: 'none', margin: 0, padding: 0 }}
            >
              {matches.map((customer, index) => (
                <li
                  key={customer.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                >
                  <UnstyledButton
                    tabIndex={-1}
                    w="100%"
                    p="sm"
                    bg={index === active ? 'blue.0' : undefined}
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => pick(customer)}
                  >
                    <Text fw={600} size="sm">
                      {customer.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {displayPhone(customer.phone)}
                      {customer.email ? ` · ${customer.email}` : ''} ·{' '}
                      {t('customerOrders', { count: customer.orderCount })}
                    </Text>
                  </UnstyledButton>
                </li>
              ))}
            </ul>
          )}
        </Paper>
      )}
    </div>
  );
}
