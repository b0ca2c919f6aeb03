import { NativeSelect, PasswordInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  accessoryChecklists,
  conditionChecklists,
} from '../../../../core/contract/condition-checklists';
import { unlockKinds, warrantyBases } from '../../../../core/contract/orders';
import { MoneyInput } from '../../money/MoneyInput';
import { ChecklistField } from './ChecklistField';
import type { IntakeDraft, MoneyField, UnlockKind, WarrantyBasis } from './intake-draft';
import { intakeFieldAttribute } from './useEnterMovesOn';

const field = { [intakeFieldAttribute]: '' };

interface Props {
  draft: IntakeDraft;
  onChange: (changes: Partial<IntakeDraft>) => void;
  message: (path: string) => string | undefined;
}

/** The repair: complaint, condition, accessories, warranty basis, money, date, unlock code. */
export function OrderFields({ draft, onChange, message }: Props) {
  const { t } = useTranslation('intake');
  const category = draft.device.category;
  const money = (name: MoneyField) => ({
    label: t(`money.${name}`),
    value: draft.money[name],
    onChange: (typed: string) => onChange({ money: { ...draft.money, [name]: typed } }),
    error: message(name),
    ...field,
  });
  return (
    <Stack gap="sm">
      <Textarea
        label={t('complaint')}
        placeholder={t('complaintPlaceholder')}
        value={draft.complaint}
        onChange={(e) => onChange({ complaint: e.currentTarget.value })}
        error={message('complaint')}
        withAsterisk
        autosize
        minRows={3}
        {...field}
      />
      <ChecklistField
        label={t('condition')}
        group="condition"
        items={conditionChecklists[category]}
        checked={draft.condition}
        onChecked={(condition) => onChange({ condition })}
        notesLabel={t('conditionNotes')}
        notes={draft.conditionNotes}
        onNotes={(conditionNotes) => onChange({ conditionNotes })}
        message={message}
        path="condition"
      />
      <ChecklistField
        label={t('accessories')}
        group="accessories"
        items={accessoryChecklists[category]}
        checked={draft.accessories}
        onChecked={(accessories) => onChange({ accessories })}
        notesLabel={t('accessoriesNotes')}
        notes={draft.accessoriesNotes}
        onNotes={(accessoriesNotes) => onChange({ accessoriesNotes })}
        message={message}
        path="accessories"
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('warrantyBasis')}
          value={draft.warrantyBasis}
          onChange={(e) => onChange({ warrantyBasis: e.currentTarget.value as WarrantyBasis })}
          data={warrantyBases.map((b) => ({ value: b, label: t(`warrantyBases.${b}`) }))}
          error={message('warrantyBasis')}
          {...field}
        />
        {draft.warrantyBasis === 'manufacturer' && (
          <>
            <TextInput
              type="date"
              label={t('proofPurchasedOn')}
              value={draft.proofPurchasedOn}
              onChange={(e) => onChange({ proofPurchasedOn: e.currentTarget.value })}
              error={message('proofOfPurchase.purchasedOn') ?? message('proofOfPurchase')}
              {...field}
            />
            <TextInput
              label={t('proofDocument')}
              value={draft.proofDocument}
              onChange={(e) => onChange({ proofDocument: e.currentTarget.value })}
              error={message('proofOfPurchase.document')}
              {...field}
            />
          </>
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <MoneyInput {...money('preauthorisedAmount')} />
        <MoneyInput {...money('diagnosisFee')} />
        <MoneyInput {...money('deposit')} />
        <MoneyInput {...money('itemValue')} />
        <TextInput
          type="date"
          label={t('promisedOn')}
          value={draft.promisedOn}
          onChange={(e) => onChange({ promisedOn: e.currentTarget.value })}
          error={message('promisedOn')}
          {...field}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('unlockKind')}
          value={draft.unlockKind}
          onChange={(e) => onChange({ unlockKind: e.currentTarget.value as UnlockKind | '' })}
          data={[
            { value: '', label: t('unlockNone') },
            ...unlockKinds.map((k) => ({ value: k, label: t(`unlockKinds.${k}`) })),
          ]}
          {...field}
        />
        {draft.unlockKind && (
          <PasswordInput
            label={t('unlockValue')}
            description={draft.unlockKind === 'pattern' ? t('patternHint') : undefined}
            value={draft.unlockValue}
            onChange={(e) => onChange({ unlockValue: e.currentTarget.value })}
            error={message('unlock.value')}
            autoComplete="off"
            {...field}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
}
