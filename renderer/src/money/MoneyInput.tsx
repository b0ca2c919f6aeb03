import { Text, TextInput, type TextInputProps } from '@mantine/core';
import { useDesk } from '../desk/DeskContext';

interface Props extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** The amount exactly as typed; `parseMoney` turns it into minor units. */
  value: string;
  onChange: (typed: string) => void;
}

/** An amount in the site's currency, typed as a decimal ("12,50"); converted without floats. */
export function MoneyInput({ value, onChange, ...props }: Props) {
  const { site } = useDesk();
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={
        <Text size="xs" c="dimmed" aria-hidden>
          {site.currency}
        </Text>
      }
      rightSectionWidth={44}
      {...props}
    />
  );
}
