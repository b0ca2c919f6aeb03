import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../../core/contract/customers';
import { api } from '../../api';
import { displayPhone } from '../../format/phone';

type Duplicate = CustomerSummary & { reasons: string[] };

interface Props {
  name: string;
  phone: string;
  email: string;
  onPick: (customer: CustomerSummary) => void;
}

/** Before a new customer is created: the ones they probably already are, to pick instead. */
export function DuplicateWarning({ name, phone, email, onPick }: Props) {
  const { t } = useTranslation('intake');
  const [query] = useDebouncedValue({ name, phone, email }, 250);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);

  useEffect(() => {
    if (query.name.trim().length < 3 && query.phone.trim().length < 6 && !query.email.trim()) {
      setDuplicates([]);
      return;
    }
    let current = true;
    void api.findLikelyDuplicates(query).then((result) => {
      if (current && result.ok) setDuplicates(result.value);
    });
    return () => {
      current = false;
    };
  }, [query]);

  if (duplicates.length === 0) return null;
  return (
    <Alert color="orange" title={t('duplicateTitle')} role="status">
      <Stack gap="xs">
        {duplicates.slice(0, 3).map((customer) => (
          <Group key={customer.id} justify="space-between" wrap="nowrap">
            <Text size="sm">
              <b>{customer.name}</b> · {displayPhone(customer.phone)}
              {customer.email ? ` · ${customer.email}` : ''} ·{' '}
              {customer.reasons.map((r) => t(`duplicateReason.${r}`)).join(', ')}
            </Text>
            <Button size="xs" variant="default" onClick={() => onPick(customer)}>
              {t('useThisCustomer')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
