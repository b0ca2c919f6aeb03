import { Alert, Button, Fieldset, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import type { CustomerSummary } from '../../../../core/contract/customers';
import { api } from '../../api';
import { useDesk } from '../../desk/DeskContext';
import { CustomerFields } from './CustomerFields';
import { useCurrencyDigits } from '../../money/useCurrencyDigits';
import { keepPhotos, type PendingPhoto } from '../../photos/photo-files';
import { PhotoInput } from '../../photos/PhotoInput';
import { CustomerPicker } from './CustomerPicker';
import { DeviceFields } from './DeviceFields';
import { DeviceHistoryPanel } from './DeviceHistoryPanel';
import { DuplicateWarning } from './DuplicateWarning';
import { KnownDevices } from './KnownDevices';
import { OrderFields } from './OrderFields';
import { issuesByPath, useFieldMessage } from './field-issues';
import { mayTakeIntake } from './may-take-intake';
import {
  clearDraft,
  emptyDraft,
  intakeInputFrom,
  isDraftEmpty,
  loadDraft,
  saveDraft,
  validateDraft,
  type IntakeDraft,
} from './intake-draft';
import { intakeFieldAttribute, useEnterMovesOn } from './useEnterMovesOn';
import { errorHeadingKey } from '../../components/error-heading';

const looksLikePhoneFragment = (term: string) => /^[\d\s+\-()./]+$/.test(term);

/** New intake: customer, device, complaint; keyboard first (Enter, Ctrl+S, Esc). */
export function IntakeScreen() {
  const { t } = useTranslation('intake');
  const { person } = useDesk();
  if (!mayTakeIntake(person.roles))
    return (
      <Stack>
        <Title order={1}>{t('title')}</Title>
        <Alert color="blue" role="status">
          {t('notAllowed')}
        </Alert>
      </Stack>
    );
  return <IntakeForm />;
}

function IntakeForm() {
  const { t } = useTranslation(['intake', 'errors']);
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [restored] = useState(() => loadDraft());
  const [draft, setDraft] = useState<IntakeDraft>(restored ?? emptyDraft);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [focusError, setFocusError] = useState(0);
  const message = useFieldMessage(issuesByPath(issues));
  const enterMovesOn = useEnterMovesOn();
  const digits = useCurrencyDigits();
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);

  const update = (next: IntakeDraft) => {
    setDraft(next);
    if (isDraftEmpty(next)) clearDraft();
    else saveDraft(next);
    // After a first attempt, messages follow the typing so a fixed field clears at once.
    if (attempted) setIssues(validateDraft(next, digits));
  };

  /** A customer picked from the search or from the duplicate warning: the order is for them. */
  const pickCustomer = (customer: CustomerSummary) =>
    update({
      ...draft,
      picked: {
        id: customer.id,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
        orderCount: customer.orderCount,
      },
    });

  // On arrival, and after a customer is picked (the search is gone): the first field to type in.
  const [focusFirstField, setFocusFirstField] = useState(0);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>(`[${intakeFieldAttribute}]`)?.focus();
  }, [focusFirstField]);

  useEffect(() => {
    if (focusError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusError]);

  const save = useCallback(
    async (andPrint: boolean) => {
      if (saving) return;
      setAttempted(true);
      setFailure(null);
      const clientIssues = validateDraft(draft, digits);
      if (clientIssues.length > 0) {
        setIssues(clientIssues);
        setFocusError((n) => n + 1);
        return;
      }
      setSaving(true);
      const result = await api.createIntake(intakeInputFrom(draft, digits));
      if (!result.ok) {
        setSaving(false);
        setIssues(result.error.issues ?? []);
        setFailure(result.error);
        setFocusError((n) => n + 1);
        return;
      }
      clearDraft();
      // The order exists now; its photos follow. A refused photo is said, the order stays.
      const photoProblem = await keepPhotos(result.value.id, photos);
      setSaving(false);
      if (photoProblem)
        notifications.show({
          color: 'red',
          title: t('photosNotKept'),
          message: t([`errors:errors.${photoProblem.code}`, 'errors:errors.internal']),
        });
      notifications.show({
        title: t('savedTitle'),
        message: t('saved', { number: result.value.number }),
        color: 'green',
      });
      void navigate(`/orders/${result.value.id}${andPrint ? '?print=intake_receipt' : ''}`);
    },
    [draft, saving, navigate, t, digits, photos],
  );

  const cancel = useCallback(() => {
    clearDraft();
    void navigate('/');
  }, [navigate]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && (event.code === 'KeyS' || event.code === 'KeyP')) {
        event.preventDefault();
        void save(event.code === 'KeyP');
      } else if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        cancel();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [save, cancel]);

  const placed =
    /^(customer|device)\.|^(complaint|condition|accessories|warrantyBasis|proofOfPurchase|preauthorisedAmount|diagnosisFee|deposit|itemValue|promisedOn|unlock)/;
  const unplaced = issues.filter((issue) => !placed.test(issue.path));

  return (
    <form
      ref={formRef}
      noValidate
      onKeyDown={enterMovesOn}
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
      aria-labelledby="intake-title"
    >
      <Stack maw={760} gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={1} id="intake-title">
            {t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('keysHint')}
          </Text>
        </Group>
        {restored && !isDraftEmpty(restored) && (
          <Text size="sm" c="blue.8" role="status">
            {t('draftRestored')}
          </Text>
        )}
        {failure && failure.code !== 'validation' && (
          <Alert color="red" role="alert" title={t(`errors:${errorHeadingKey(failure.code)}`)}>
            {t(`errors:errors.${failure.code}`)}
          </Alert>
        )}
        {issues.length > 0 && (
          <Alert color="red" role="alert">
            {t('fixFields')}
            {unplaced.map((issue) => (
              <Text key={issue.path} size="sm">
                {issue.path}:{' '}
                {t([`errors:fields.${issue.code}`, 'errors:fields.invalid'], issue.params ?? {})}
              </Text>
            ))}
          </Alert>
        )}
        <Fieldset legend={t('customerGroup')}>
          <Stack gap="sm">
            {!draft.picked && (
              <CustomerPicker
                onPick={(customer) => {
                  setFocusFirstField((n) => n + 1);
                  pickCustomer(customer);
                }}
                onNoMatch={(term) => {
                  const key = looksLikePhoneFragment(term) ? 'phone' : 'name';
                  if (!draft.customer[key])
                    update({ ...draft, customer: { ...draft.customer, [key]: term } });
                }}
              />
            )}
            <CustomerFields
              draft={draft}
              onChange={(customer) => update({ ...draft, customer })}
              onUnpick={() => update({ ...draft, picked: null })}
              message={message}
            />
            {!draft.picked && (
              <DuplicateWarning
                name={draft.customer.name}
                phone={draft.customer.phone}
                email={draft.customer.email}
                onPick={pickCustomer}
              />
            )}
          </Stack>
        </Fieldset>
        <Fieldset legend={t('deviceGroup')}>
          <Stack gap="sm">
            {draft.pickedDevice ? (
              <DeviceHistoryPanel
                deviceId={draft.pickedDevice.id}
                claim={draft.warrantyClaim}
                onClaim={(warrantyClaim) =>
                  update({
                    ...draft,
                    warrantyClaim,
                    warrantyBasis: warrantyClaim ? 'our_repair' : draft.warrantyBasis,
                  })
                }
                onUnpick={() => update({ ...draft, pickedDevice: null, warrantyClaim: null })}
              />
            ) : (
              <>
                <KnownDevices
                  customerId={draft.picked?.id ?? null}
                  serialOrImei={draft.device.imei || draft.device.serial}
                  onPick={(pickedDevice) => update({ ...draft, pickedDevice })}
                />
                <DeviceFields
                  device={draft.device}
                  onChange={(device) => update({ ...draft, device })}
                  message={message}
                />
              </>
            )}
          </Stack>
        </Fieldset>
        <Fieldset legend={t('orderGroup')}>
          <OrderFields
            draft={draft}
            onChange={(changes) => update({ ...draft, ...changes })}
            message={message}
          />
        </Fieldset>
        <Fieldset legend={t('photosGroup')}>
          <PhotoInput photos={photos} onChange={setPhotos} />
        </Fieldset>
        <Group
          justify="flex-end"
          pos="sticky"
          bottom={0}
          py="sm"
          bg="var(--mantine-color-body)"
          style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Button variant="default" onClick={cancel} size="md">
            {t('cancel')} (Esc)
          </Button>
          <Button type="submit" variant="default" loading={saving} size="md">
            {t('save')} (Ctrl+S)
          </Button>
          <Button loading={saving} size="md" onClick={() => void save(true)}>
            {t('saveAndPrint')} (Ctrl+P)
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
