import { CloseButton, Combobox, Group, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartWithStock } from '../../../../core/contract/stock';
import { api } from '../../api';
import { useSiteFormat } from '../../desk/site-format';
import { usePiecesFormat } from '../stock/usePiecesFormat';

interface Props {
  /** The line's number as people count (1, 2…), for the labels. */
  n: number;
  description: string;
  /** The catalogue part the line is linked to, once known; null for a line typed freely. */
  linked: PartWithStock | 'loading' | null;
  error: string | undefined;
  onType: (description: string) => void;
  onPick: (part: PartWithStock) => void;
  onUnlink: () => void;
}

/** On hand at this site, marked in words and colour when there is none. */
function OnHandText({ part }: { part: PartWithStock }) {
  const { t } = useTranslation('stock');
  const { pieces } = usePiecesFormat();
  return (
    <Text span size="xs" c={part.onHandMilli > 0 ? undefined : 'red.9'} fw={600}>
      {part.onHandMilli > 0
        ? t('picker.onHand', { quantity: pieces(part.onHandMilli) })
        : `${t('picker.onHand', { quantity: pieces(part.onHandMilli) })} · ${t('outOfStock')}`}
    </Text>
  );
}

/**
 * A part line's description: typing searches the catalogue by SKU or name (arrows and Enter
 * pick, which fills price, VAT and warranty and links the part); or the text typed stays as a
 * free description.
 */
export function PartPicker({ n, description, linked, error, onType, onPick, onUnlink }: Props) {
  const { t } = useTranslation(['stock', 'orderPage']);
  const format = useSiteFormat();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [debounced] = useDebouncedValue(description.trim(), 150);
  const [found, setFound] = useState<{ term: string; parts: PartWithStock[] } | null>(null);
  const opened = combobox.dropdownOpened;
  // Only the answer to what is typed now is offered: a fast typist's Enter never picks a stale match.
  const matches = found?.term === description.trim() ? found.parts : null;

  useEffect(() => {
    if (!opened) return;
    let current = true;
    void api.listParts({ term: debounced, limit: 8 }).then((result) => {
      if (current && result.ok) setFound({ term: debounced, parts: result.value.parts });
    });
    return () => {
      current = false;
    };
  }, [debounced, opened]);

  const pick = (id: string) => {
    const part = matches?.find((p) => p.id === id);
    if (part) onPick(part);
    combobox.closeDropdown();
  };

  return (
    <>
      <Combobox
        store={combobox}
        onOptionSubmit={pick}
        position="bottom-start"
        width={480}
        withinPortal
      >
        <Combobox.Target withExpandedAttribute>
          <TextInput
            aria-label={t('orderPage:lines.descriptionOf', { n })}
            placeholder={t('picker.search')}
            autoComplete="off"
            value={description}
            onChange={(e) => {
              onType(e.currentTarget.value);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onClick={() => combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
            error={error}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={matches === null}>
          <Combobox.Options aria-label={t('picker.options')}>
            {matches?.length === 0 && <Combobox.Empty>{t('picker.noMatch')}</Combobox.Empty>}
            {matches?.map((part) => (
              <Combobox.Option value={part.id} key={part.id}>
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div>
                    <Text size="sm" fw={600}>
                      {part.sku}
                    </Text>
                    <Text size="xs">{part.name}</Text>
                  </div>
                  <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <Text size="sm">{format.money(part.price)}</Text>
                    <OnHandText part={part} />
                  </div>
                </Group>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {linked && linked !== 'loading' && (
        <Group gap={2} mt={2} wrap="nowrap" data-testid={`line-${n}-part`}>
          <Text size="xs" truncate="end" miw={0} style={{ flex: 1 }}>
            <span className="visually-hidden">{t('picker.linked')} </span>
            {linked.sku} · <OnHandText part={linked} />
          </Text>
          <CloseButton size="sm" aria-label={t('picker.unlink', { n })} onClick={onUnlink} />
        </Group>
      )}
    </>
  );
}
