import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { deviceCategories } from '../../../../core/contract/orders';
import type { DeviceCategory, IntakeDraft } from './intake-draft';
import { intakeFieldAttribute } from './useEnterMovesOn';

const field = { [intakeFieldAttribute]: '' };

interface Props {
  device: IntakeDraft['device'];
  onChange: (device: IntakeDraft['device']) => void;
  message: (path: string) => string | undefined;
}

export function DeviceFields({ device, onChange, message }: Props) {
  const { t } = useTranslation(['intake', 'common']);
  const set = (changes: Partial<IntakeDraft['device']>) => onChange({ ...device, ...changes });
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
          {...field}
        />
        <TextInput
          label={t('model')}
          value={device.model}
          onChange={(e) => set({ model: e.currentTarget.value })}
          error={message('device.model')}
          withAsterisk
          autoComplete="off"
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
        <TextInput
          label={t('imei')}
          inputMode="numeric"
          value={device.imei}
          onChange={(e) => set({ imei: e.currentTarget.value })}
          error={message('device.imei')}
          autoComplete="off"
          {...field}
        />
      </SimpleGrid>
    </>
  );
}
