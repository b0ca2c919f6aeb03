import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import type { PartWithStock } from '../../../../core/contract/stock';
import { api } from '../../api';
import { DialogModal } from '../../components/DialogModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issuesByPath, useFieldMessage } from '../intake/field-issues';
import { parsePieces } from './pieces';
import { usePiecesFormat } from './usePiecesFormat';
import { submitOnCtrlS } from './save-shortcut';

interface Props {
  mode: 'receive' | 'adjust';
  part: PartWithStock;
  onClose: () => void;
  onMoved: (part: PartWithStock) => void;
}

const formFields = ['quantityMilli', 'note'];

/** What is wrong with the typed quantity and note before asking the desk, as field issues. */
function typedIssues(mode: Props['mode'], quantityMilli: number | null, note: string) {
  const issues: FieldIssue[] = [];
  if (quantityMilli === null || (mode === 'receive' && quantityMilli <= 0))
    issues.push({ path: 'quantityMilli', code: 'invalid_quantity' });
  else if (quantityMilli === 0) issues.push({ path: 'quantityMilli', code: 'not_zero' });
  if (mode === 'adjust' && !note.trim()) issues.push({ path: 'note', code: 'required' });
  return issues;
}

/**
 * A delivery received (pieces, optional delivery note) or a correction after a count (pieces
 * up or down and the reason, for managers): one movement in the site's ledger.
 */
export function StockMoveDialog({ mode, part, onClose, onMoved }: Props) {
  const { t } = useTranslation('stock');
  const { pieces, signed } = usePiecesFormat();
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const message = useFieldMessage(issuesByPath(issues));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const quantityMilli = parsePieces(quantity);
    const typed = typedIssues(mode, quantityMilli, note);
    setIssues(typed);
    setError(null);
    if (typed.length || quantityMilli === null) return;
    setSaving(true);
    const input = { partId: part.id, quantityMilli, note: note.trim() };
    const result = await (mode === 'receive' ? api.receiveStock(input) : api.adjustStock(input));
    setSaving(false);
    if (!result.ok) {
      const atFields = result.error.issues ?? [];
      setIssues(atFields);
      return setError(atFields.some((i) => formFields.includes(i.path)) ? null : result.error);
    }
    const done = {
      sku: part.sku,
      quantity: mode === 'receive' ? pieces(quantityMilli) : signed(quantityMilli),
      onHand: pieces(result.value.onHandMilli),
    };
    notifications.show({
      message: t(mode === 'receive' ? 'move.received' : 'move.adjusted', done),
      color: 'green',
    });
    onMoved(result.value);
  };

  return (
    <DialogModal
      opened
      onClose={onClose}
      title={t(mode === 'receive' ? 'move.receiveTitle' : 'move.adjustTitle', { sku: part.sku })}
      size="md"
    >
      <form onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlS} noValidate>
        <Stack gap="sm">
          <div>
            <Text fw={600}>{t('move.part', { sku: part.sku, name: part.name })}</Text>
            <Text size="sm" data-testid="on-hand-now">
              {t('move.onHandNow', { quantity: pieces(part.onHandMilli) })}
            </Text>
          </div>
          <TextInput
            label={t(mode === 'receive' ? 'move.quantity' : 'move.adjustQuantity')}
            description={t(mode === 'receive' ? 'move.quantityHint' : 'move.adjustHint')}
            required
            inputMode={mode === 'receive' ? 'decimal' : 'text'}
            autoComplete="off"
            data-autofocus
            value={quantity}
            onChange={(e) => setQuantity(e.currentTarget.value)}
            error={message('quantityMilli')}
          />
          <TextInput
            label={t(mode === 'receive' ? 'move.note' : 'move.reason')}
            description={mode === 'adjust' ? t('move.reasonHint') : undefined}
            required={mode === 'adjust'}
            autoComplete="off"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={message('note')}
          />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('move.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t(mode === 'receive' ? 'move.receive' : 'move.adjust')}
            </Button>
          </Group>
        </Stack>
      </form>
    </DialogModal>
  );
}
