import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../core/contract/orders';
import { useDesk } from '../../desk/DeskContext';
import { useSiteFormat } from '../../desk/site-format';
import type { PrintFormat } from '../../documents/usePrinter';
import type { RenderableDocument } from '../../../../core/contract/documents';

interface Props {
  order: OrderDetail;
  print: (document: RenderableDocument, format: PrintFormat) => Promise<void>;
}

const choices: { document: RenderableDocument; format: PrintFormat }[] = [
  { document: 'intake_receipt', format: '80mm' },
  { document: 'intake_receipt', format: 'a4' },
  { document: 'device_label', format: 'label_62x29' },
  { document: 'device_label', format: 'label_40x20' },
  { document: 'warranty_slip', format: '80mm' },
  { document: 'warranty_slip', format: 'a4' },
];

const isDocument = (value: unknown): value is RenderableDocument =>
  choices.some((c) => c.document === value);

/** Print any of the order's documents, and every printout so far with a reprint button. */
export function DocumentsTab({ order, print }: Props) {
  const { t } = useTranslation('documents');
  const format = useSiteFormat();
  const slipExists = order.status === 'handed_over';
  // The receipt and the slip are the customer's papers, with their name and signature: a partner
  // workshop, sent neither, prints the device's label only.
  const partner = useDesk().site.kind === 'workshop_partner';
  const printable = (document: RenderableDocument) =>
    document === 'device_label' || (!partner && (document !== 'warranty_slip' || slipExists));
  const printouts = order.events.filter((e) => e.kind === 'print' && e.data);
  return (
    <Stack>
      <Group gap="xs">
        {choices
          .filter((c) => printable(c.document))
          .map((c) => (
            <Button
              key={`${c.document}-${c.format}`}
              variant="default"
              onClick={() => void print(c.document, c.format)}
            >
              {t('printChoice', {
                document: t(`document.${c.document}`),
                format: t(`format.${c.format}`),
              })}
            </Button>
          ))}
      </Group>
      {printouts.length === 0 ? (
        <Text c="dimmed">{t('nonePrinted')}</Text>
      ) : (
        <Table aria-label={t('printed')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('when')}</Table.Th>
              <Table.Th>{t('what')}</Table.Th>
              <Table.Th>{t('who')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {printouts.map((event) => {
              const document = event.data?.document;
              const paper = String(event.data?.format ?? '80mm') as PrintFormat;
              return (
                <Table.Tr key={event.id}>
                  <Table.Td>{format.dateTime(event.at)}</Table.Td>
                  <Table.Td>
                    {isDocument(document) ? t(`document.${document}`) : String(document)} ·{' '}
                    {t(`format.${paper}`)}
                    {event.data?.output === 'viewer' && ` · ${t('openedInViewer')}`}
                  </Table.Td>
                  <Table.Td>{event.userName}</Table.Td>
                  <Table.Td>
                    {isDocument(document) && printable(document) && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => void print(document, paper)}
                      >
                        {t('reprint')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
