import { Checkbox, Group, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { intakeFieldAttribute } from './useEnterMovesOn';

interface Props {
  label: string;
  group: 'condition' | 'accessories';
  items: readonly string[];
  checked: string[];
  onChecked: (codes: string[]) => void;
  notesLabel: string;
  notes: string;
  onNotes: (notes: string) => void;
  message: (path: string) => string | undefined;
  path: string;
}

/** A checklist for this kind of device (Space ticks, Tab moves) with free notes under it. */
export function ChecklistField(props: Props) {
  const { t } = useTranslation('counter-checklist');
  const { items, checked, onChecked } = props;
  return (
    <Stack gap="xs">
      <Checkbox.Group
        label={props.label}
        value={checked.filter((c) => items.includes(c))}
        onChange={onChecked}
        error={props.message(props.path)}
      >
        <Group gap="md" mt={6}>
          {items.map((code) => (
            <Checkbox key={code} value={code} label={t(`${props.group}.${code}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <Textarea
        label={props.notesLabel}
        value={props.notes}
        onChange={(e) => props.onNotes(e.currentTarget.value)}
        error={props.message(`${props.path}Notes`)}
        autosize
        minRows={1}
        {...{ [intakeFieldAttribute]: '' }}
      />
    </Stack>
  );
}
