import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import type { PartWithStock } from '../../../../core/contract/stock';
import { api } from '../../api';
import { DialogModal } from '../../components/DialogModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyInput } from '../../money/MoneyInput';
import { minorToDecimalString, parseMoney } from '../../money/parse-money';
import { useCurrencyDigits } from '../../money/useCurrencyDigits';
import { issuesByPath, useFieldMessage } from '../intake/field-issues';
import { useVatRates } from '../order/useVatRates';
import { usePercentFormat } from './usePercentFormat';
import { submitOnCtrlS } from './save-shortcut';

const formFields = ['sku', 'name', 'price', 'vatRateBp', 'warrantyMonths'];

interface Props {
  /** Null: a new part. */
  part: PartWithStock | null;
  onClose: () => void;
  onSaved: (part: PartWithStock) => void;
}

/** A catalogue part as typed: price and months as strings until saved. */
function draftOf(part: PartWithStock | null, digits: number) {
  return {
    sku: part?.sku ?? '',
    name: part?.name ?? '',
    price: part ? minorToDecimalString(part.price, digits) : '',
    vatRateBp: part?.vatRateBp ?? null,
    warrantyMonths: String(part?.warrantyMonths ?? 3),
  };
}

/** New part or edit (managers, at the head office): SKU, name, net price, VAT rate, warranty. */
export function PartFormDialog({ part, onClose, onSaved }: Props) {
  const { t } = useTranslation('stock');
  const digits = useCurrencyDigits();
  const percent = usePercentFormat();
  const vatRates = useVatRates();
  const [draft, setDraft] = useState(() => draftOf(part, digits));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const message = useFieldMessage(issuesByPath(issues));

  const vatRateBp = draft.vatRateBp ?? vatRates[0]?.rateBp ?? 0;
  // A part priced at a rate no longer in force still shows it, so nothing changes unseen.
  const rateOptions = [...new Set([...vatRates.map((r) => r.rateBp), vatRateBp])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const price = parseMoney(draft.price, digits);
    const months = /^\d{1,3}$/.test(draft.warrantyMonths.trim())
      ? Number(draft.warrantyMonths.trim())
      : null;
    const typed: FieldIssue[] = [
      ...(price === null ? [{ path: 'price', code: 'invalid_amount' }] : []),
      ...(months === null ? [{ path: 'warrantyMonths', code: 'invalid_months' }] : []),
    ];
    setIssues(typed);
    setError(null);
    if (price === null || months === null) return;
    setSaving(true);
    const result = await api.savePart({
      ...(part ? { id: part.id } : {}),
      sku: draft.sku.trim(),
      name: draft.name.trim(),
      price,
      vatRateBp,
      warrantyMonths: months,
    });
    setSaving(false);
    if (!result.ok) {
      const atFields = result.error.issues ?? [];
      setIssues(atFields);
      // A refusal that names none of these fields (head office only, no rights) is said above the buttons.
      return setError(atFields.some((i) => formFields.includes(i.path)) ? null : result.error);
    }
    notifications.show({
      message: t(part ? 'form.saved' : 'form.created', { sku: result.value.sku }),
      color: 'green',
    });
    onSaved(result.value);
  };

  const text = (field: 'sku' | 'name') => ({
    value: draft[field],
    onChange: (e: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [field]: e.currentTarget.value }),
    error: message(field),
  });

  return (
    <DialogModal
      opened
      onClose={onClose}
      title={part ? t('form.editTitle', { sku: part.sku }) : t('form.newTitle')}
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlS} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('form.sku')}
            description={t('form.skuHint')}
            required
            autoComplete="off"
            data-autofocus
            {...text('sku')}
          />
          <TextInput label={t('form.name')} required autoComplete="off" {...text('name')} />
          <SimpleGrid cols={3}>
            <MoneyInput
              label={t('form.price')}
              required
              value={draft.price}
              onChange={(price) => setDraft({ ...draft, price })}
              error={message('price')}
            />
            <NativeSelect
              label={t('form.vat')}
              value={String(vatRateBp)}
              onChange={(e) => setDraft({ ...draft, vatRateBp: Number(e.currentTarget.value) })}
              data={rateOptions.map((bp) => ({ value: String(bp), label: percent(bp) }))}
              error={message('vatRateBp')}
            />
            <TextInput
              label={t('form.warrantyMonths')}
              inputMode="numeric"
              autoComplete="off"
              value={draft.warrantyMonths}
              onChange={(e) => setDraft({ ...draft, warrantyMonths: e.currentTarget.value })}
              error={message('warrantyMonths')}
            />
          </SimpleGrid>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </DialogModal>
  );
}
