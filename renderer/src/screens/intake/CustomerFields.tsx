import { Button, Checkbox, Group, NativeSelect, Paper, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../format/phone';
import { customerKinds } from '../../../../core/contract/customers';
import { currentLegalVersion } from '../../../../core/contract/legal-versions';
import type { IntakeDraft } from './intake-draft';
import { intakeFieldAttribute } from './useEnterMovesOn';

const field = { [intakeFieldAttribute]: '' };

interface Props {
  draft: IntakeDraft;
  onChange: (customer: IntakeDraft['customer']) => void;
  onUnpick: () => void;
  message: (path: string) => string | undefined;
}

/** The picked customer as a card, or the fields of a new one. */
export function CustomerFields({ draft, onChange, onUnpick, message }: Props) {
  const { t } = useTranslation(['intake', 'common']);
  const { picked, customer } = draft;
  if (picked) {
    return (
      <Paper withBorder p="sm" aria-label={t('pickedCustomer')} role="group">
        <Group justify="space-between">
          <div>
            <Text size="xs" c="dimmed">
              {t('pickedCustomer')}
            </Text>
            <Text fw={600}>{picked.name}</Text>
            <Text size="sm">
              {displayPhone(picked.phone)}
              {picked.email ? ` · ${picked.email}` : ''}
            </Text>
          </div>
          <Button variant="default" onClick={onUnpick}>
            {t('changeCustomer')}
          </Button>
        </Group>
        {message('customer.id') && (
          <Text c="red.8" size="sm" role="alert">
            {message('customer.id')}
          </Text>
        )}
      </Paper>
    );
  }
  const set = (changes: Partial<IntakeDraft['customer']>) => onChange({ ...customer, ...changes });
  return (
    <>
      <NativeSelect
        label={t('kind')}
        value={customer.kind}
        onChange={(e) => set({ kind: e.currentTarget.value as IntakeDraft['customer']['kind'] })}
        data={customerKinds.map((kind) => ({
          value: kind,
          label: t(`common:customerKind.${kind}`),
        }))}
        error={message('customer.kind')}
        {...field}
      />
      <TextInput
        label={t('name')}
        value={customer.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={message('customer.name')}
        withAsterisk
        autoComplete="off"
        {...field}
      />
      <TextInput
        label={t('phone')}
        type="tel"
        value={customer.phone}
        onChange={(e) => set({ phone: e.currentTarget.value })}
        error={message('customer.phone')}
        withAsterisk
        autoComplete="off"
        {...field}
      />
      <TextInput
        label={t('email')}
        type="email"
        value={customer.email}
        onChange={(e) => set({ email: e.currentTarget.value })}
        error={message('customer.email')}
        autoComplete="off"
        {...field}
      />
      <TextInput
        label={t('taxId')}
        value={customer.taxId}
        onChange={(e) => set({ taxId: e.currentTarget.value })}
        error={message('customer.taxId')}
        autoComplete="off"
        {...field}
      />
      {customer.kind === 'company' && (
        <>
          <TextInput
            label={t('vatNumber')}
            value={customer.vatNumber}
            onChange={(e) => set({ vatNumber: e.currentTarget.value })}
            error={message('customer.vatNumber')}
            autoComplete="off"
            {...field}
          />
          <TextInput
            label={t('address')}
            value={customer.address}
            onChange={(e) => set({ address: e.currentTarget.value })}
            error={message('customer.address')}
            autoComplete="off"
            {...field}
          />
        </>
      )}
      <Checkbox
        label={t('consent', { version: currentLegalVersion })}
        checked={customer.consent}
        onChange={(e) => set({ consent: e.currentTarget.checked })}
        error={message('customer.consent')}
        {...field}
      />
    </>
  );
}
