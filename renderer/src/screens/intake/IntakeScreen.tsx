import { Alert, Button, Fieldset, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AppError, FieldIssue } from '../../../../core/contract/errors';
import { api } from '../../api';
import { CustomerFields } from './CustomerFields';
import { CustomerPicker } from './CustomerPicker';
import { DeviceFields } from './DeviceFields';
import { issuesByPath, useFieldMessage } from './field-issues';
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

const looksLikePhoneFragment = (term: string) => /^[\d\s+\-()./]+$/.test(term);

/** New intake: customer, device, complaint; keyboard first (Enter, Ctrl+S, Esc). */
export function IntakeScreen() {
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

  const update = (next: IntakeDraft) => {
    setDraft(next);
    if (isDraftEmpty(next)) clearDraft();
    else saveDraft(next);
    // After a first attempt, messages follow the typing so a fixed field clears at once.
    if (attempted) setIssues(validateDraft(next));
  };

  // On arrival, and after a customer is picked (the search is gone): the first field to type in.
  const [focusFirstField, setFocusFirstField] = useState(0);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>(`[${intakeFieldAttribute}]`)?.focus();
  }, [focusFirstField]);

  useEffect(() => {
    if (focusError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusError]);

  const save = useCallback(async () => {
    if (saving) return;
    setAttempted(true);
    setFailure(null);
    const clientIssues = validateDraft(draft);
    if (clientIssues.length > 0) {
      setIssues(clientIssues);
      setFocusError((n) => n + 1);
      return;
    }
    setSaving(true);
    const result = await api.createIntake(intakeInputFrom(draft));
    setSaving(false);
    if (!result.ok) {
      setIssues(result.error.issues ?? []);
      setFailure(result.error);
      setFocusError((n) => n + 1);
      return;
    }
    clearDraft();
    notifications.show({
      title: t('savedTitle'),
      message: t('saved', { number: result.value.number }),
      color: 'green',
    });
    void navigate(`/orders/${result.value.id}`);
  }, [draft, saving, navigate, t]);

  const cancel = useCallback(() => {
    clearDraft();
    void navigate('/');
  }, [navigate]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.code === 'KeyS') {
        event.preventDefault();
        void save();
      } else if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        cancel();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [save, cancel]);

  const unplaced = issues.filter((issue) => !/^(customer|device)\.|^complaint$/.test(issue.path));

  return (
    <form
      ref={formRef}
      noValidate
      onKeyDown={enterMovesOn}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
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
          <Alert color="red" role="alert" title={t('errors:title')}>
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
          </Stack>
        </Fieldset>
        <Fieldset legend={t('deviceGroup')}>
          <Stack gap="sm">
            <DeviceFields
              device={draft.device}
              onChange={(device) => update({ ...draft, device })}
              message={message}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend={t('orderGroup')}>
          <Textarea
            label={t('complaint')}
            placeholder={t('complaintPlaceholder')}
            value={draft.complaint}
            onChange={(e) => update({ ...draft, complaint: e.currentTarget.value })}
            error={message('complaint')}
            withAsterisk
            autosize
            minRows={3}
            {...{ [intakeFieldAttribute]: '' }}
          />
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
          <Button type="submit" loading={saving} size="md">
            {t('save')} (Ctrl+S)
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
