import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidImei } from '../../../../core/contract/imei';
import { deviceCategories } from '../../../../core/contract/orders';
import { api } from '../../api';
import { devicesWithImei, type DeviceCategory, type IntakeDraft } from './intake-draft';
import { intakeFieldAttribute } from './useEnterMovesOn';

const field = { [intakeFieldAttribute]: '' };

interface Props {
  device: IntakeDraft['device'];
  onChange: (device: IntakeDraft['device']) => void;
  message: (path: string) => string | undefined;
}

/** Brands and models typed in earlier orders, offered as the browser's own suggestion list. */
function useSuggestions(device: IntakeDraft['device']) {
  const [query] = useDebouncedValue(
    { category: device.category, brand: device.brand, model: device.model },
    150,
  );
  const [brands, setBrands] = useState<string[]>([]);
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    void api.suggestDevices({ ...query, limit: 8 }).then((r) => {
      if (!current || !r.ok) return;
      setBrands(r.value.brands.map((b) => b.brand));
      setModels(r.value.models.map((m) => m.model));
    });
    return () => {
      current = false;
    };
  }, [query]);
  return { brands, models };
}

export function DeviceFields({ device, onChange, message }: Props) {
  const { t } = useTranslation(['intake', 'common', 'errors']);
  const ids = { brands: useId(), models: useId() };
  const { brands, models } = useSuggestions(device);
  const set = (changes: Partial<IntakeDraft['device']>) => onChange({ ...device, ...changes });
  const imei = device.imei.trim();
  // The check digit is told as soon as fifteen digits are in, not only on save.
  const imeiMessage =
    message('device.imei') ??
    (/^\d{15}$/.test(imei) && !isValidImei(imei) ? t('errors:fields.invalid_imei') : undefined);
  return (
    <>
      <NativeSelect
        label={t('category')}
        value={device.category}
        onChange={(e) => set({ category: e.currentTarget.value as DeviceCategory })}
        data={deviceCategories.map((c) => ({ value: c, label: t(`common:category.${c}`) }))}
        error={message('device.category')}
        {...field}
      />
      <SimpleGrid cols={2}>
        <TextInput
          label={t('brand')}
          value={device.brand}
          onChange={(e) => set({ brand: e.currentTarget.value })}
          error={message('device.brand')}
          withAsterisk
          autoComplete="off"
          list={ids.brands}
          {...field}
        />
        <TextInput
          label={t('model')}
          value={device.model}
          onChange={(e) => set({ model: e.currentTarget.value })}
          error={message('device.model')}
          withAsterisk
          autoComplete="off"
          list={ids.models}
          {...field}
        />
        <TextInput
          label={t('serial')}
          value={device.serial}
          onChange={(e) => set({ serial: e.currentTarget.value })}
          error={message('device.serial')}
          autoComplete="off"
          {...field}
        />
        {devicesWithImei.includes(device.category) && (
          <TextInput
            label={t('imei')}
            inputMode="numeric"
            value={device.imei}
            onChange={(e) => set({ imei: e.currentTarget.value })}
            error={imeiMessage}
            autoComplete="off"
            {...field}
          />
        )}
      </SimpleGrid>
      <datalist id={ids.brands}>
        {brands.map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
      <datalist id={ids.models}>
        {models.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </>
  );
}
