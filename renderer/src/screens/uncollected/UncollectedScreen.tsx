import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { reminderChannels, type UncollectedOrder } from '../../../../core/contract/workflow';
import { api } from '../../api';
import { useSiteFormat } from '../../desk/site-format';
import { displayPhone } from '../../format/phone';

type Row = z.infer<typeof UncollectedOrder>;
type Channel = (typeof reminderChannels)[number];

function ReminderButton({ orderId, onSent }: { orderId: string; onSent: () => void }) {
  const { t } = useTranslation(['uncollected', 'common']);
  const [channel, setChannel] = useState<Channel>('phone');
  const send = async () => {
    const result = await api.recordReminder({ orderId, channel });
    if (result.ok) {
      notifications.show({ color: 'green', message: t('reminderNoted') });
      onSent();
    }
  };
  return (
    <Group gap={4} wrap="nowrap">
      <NativeSelect
        size="xs"
        w={130}
        aria-label={t('channel')}
        value={channel}
        onChange={(e) => setChannel(e.currentTarget.value as Channel)}
        data={reminderChannels.map((c) => ({ value: c, label: t(`common:channel.${c}`) }))}
      />
      <Button size="xs" variant="default" style={{ flexShrink: 0 }} onClick={() => void send()}>
        {t('remind')}
      </Button>
    </Group>
  );
}

/** Devices ready too long: days waiting, reminders sent, and the storage fee that applies. */
export function UncollectedScreen() {
  const { t } = useTranslation(['uncollected', 'common']);
  const format = useSiteFormat();
  const [rows, setRows] = useState<Row[] | null>(null);
  const load = useCallback(() => {
    void api.listUncollected({}).then((r) => r.ok && setRows(r.value));
  }, []);
  useEffect(load, [load]);

  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      {rows && rows.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {rows && rows.length > 0 && (
        <Table striped highlightOnHover verticalSpacing={4} aria-label={t('title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('number')}</Table.Th>
              <Table.Th>{t('customer')}</Table.Th>
              <Table.Th>{t('device')}</Table.Th>
              <Table.Th>{t('readySince')}</Table.Th>
              <Table.Th ta="right">{t('days')}</Table.Th>
              <Table.Th>{t('reminders')}</Table.Th>
              <Table.Th ta="right">{t('storageFee')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/orders/${row.id}`} ff="monospace">
                    {row.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {row.customerName}
                  <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                    {displayPhone(row.customerPhone)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {row.deviceBrand} {row.deviceModel}
                </Table.Td>
                <Table.Td>{format.dateTime(row.readySince)}</Table.Td>
                <Table.Td ta="right">{row.daysWaiting}</Table.Td>
                <Table.Td>
                  {row.reminders.length === 0
                    ? t('noReminders')
                    : row.reminders
                        .map((r) => `${t(`common:channel.${r.channel}`)} ${format.dateTime(r.at)}`)
                        .join('; ')}
                </Table.Td>
                <Table.Td ta="right">{format.money(row.storageFee)}</Table.Td>
                <Table.Td>
                  <ReminderButton orderId={row.id} onSent={load} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
