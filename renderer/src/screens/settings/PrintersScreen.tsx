import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  printerSlots,
  type PrinterChoice,
  type PrinterSettings,
  type PrinterSlot,
} from '../../../../core/contract/documents';
import type { AppError } from '../../../../core/contract/errors';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { deskShell, usePrinter, type PrintFormat } from '../../documents/usePrinter';

/** Mantine's Select keeps no empty value: this one stands for "ask in the print dialog". */
const dialog = '__dialog__';

const papers: Record<PrinterSlot, readonly PrintFormat[]> = {
  receipt: ['80mm', 'a4'],
  label: ['label_62x29', 'label_40x20'],
  a4: ['a4'],
};

/** The paper each printer's test page comes on. */
function testPaper(slot: PrinterSlot, settings: PrinterSettings): PrintFormat {
  if (slot === 'receipt') return '80mm';
  if (slot === 'label') return settings.label.paper;
  return 'a4';
}

/**
 * Settings › Printers: which printer and paper this PC uses for receipts, labels and A4, with
 * a test page for each. The choices stay on this PC. In browser mode there are no printers to
 * choose: documents open as PDFs, and only the papers are set here.
 */
export function PrintersScreen() {
  const { t } = useTranslation(['documents', 'auth']);
  const shell = deskShell();
  const [settings, setSettings] = useState<PrinterSettings | null>(null);
  const [printers, setPrinters] = useState<PrinterChoice[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const { printTestPage, viewer } = usePrinter();

  useEffect(() => {
    void api.getPrinterSettings({}).then((result) => {
      if (result.ok) setSettings(result.value);
      else setError(result.error);
    });
    void shell?.listPrinters({}).then((result) => {
      if (result.ok) setPrinters(result.value);
    });
  }, [shell]);

  if (!settings) return <ErrorAlert error={error} />;

  const save = async (): Promise<boolean> => {
    setSaving(true);
    const result = await api.updatePrinterSettings(settings);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setError(null);
    setSettings(result.value);
    return true;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save()) notifications.show({ color: 'green', message: t('auth:settings.saved') });
  };

  // The test page goes where the saved settings send it, so the form is saved first.
  const test = async (slot: PrinterSlot) => {
    if (!(await save())) return;
    await printTestPage(testPaper(slot, settings), settings[slot].printer ?? undefined);
  };

  const printerData = [
    { value: dialog, label: t('printers.askEachTime') },
    ...printers.map((p) => ({ value: p.name, label: p.displayName })),
  ];

  const setPrinter = (slot: PrinterSlot, value: string | null) =>
    setSettings({
      ...settings,
      [slot]: { ...settings[slot], printer: value && value !== dialog ? value : null },
    });
  const setPaper = (slot: 'receipt' | 'label', value: string | null) => {
    if (!value) return;
    setSettings({ ...settings, [slot]: { ...settings[slot], paper: value } } as PrinterSettings);
  };

  return (
    <Stack maw={720} component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Title order={1}>{t('printers.title')}</Title>
      <Text>{t('printers.hint')}</Text>
      {!shell && <Alert color="blue">{t('printers.browserMode')}</Alert>}
      {printerSlots.map((slot, index) => {
        const current = settings[slot];
        const choices = papers[slot];
        const printer = current.printer;
        const known = printer === null || printers.some((p) => p.name === printer);
        return (
          <Paper key={slot} withBorder p="lg" role="group" aria-label={t(`printers.slot.${slot}`)}>
            <Text fw={600} mb="xs">
              {t(`printers.slot.${slot}`)}
            </Text>
            <Group align="flex-end">
              {shell && (
                <Select
                  label={t('printers.printer')}
                  data={known ? printerData : [...printerData, { value: printer, label: printer }]}
                  value={printer ?? dialog}
                  onChange={(value) => setPrinter(slot, value)}
                  allowDeselect={false}
                  searchable
                  w={300}
                  data-autofocus={index === 0 ? true : undefined}
                />
              )}
              {slot !== 'a4' && (
                <Select
                  label={t('printers.paper')}
                  data={choices.map((paper) => ({ value: paper, label: t(`format.${paper}`) }))}
                  value={'paper' in current ? current.paper : null}
                  onChange={(value) => setPaper(slot, value)}
                  allowDeselect={false}
                  w={200}
                />
              )}
              <Button variant="default" onClick={() => void test(slot)}>
                {t('printers.testPage')}
              </Button>
            </Group>
          </Paper>
        );
      })}
      <ErrorAlert error={error} />
      <Group>
        <Button type="submit" loading={saving}>
          {t('auth:settings.save')}
        </Button>
      </Group>
      {viewer}
    </Stack>
  );
}
