import {
  Center,
  Fieldset,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../core/contract/errors';
import type { SportelloClient } from '../../../core/contract/client';
import { api } from '../api';
import { EnrolDeskForm } from './EnrolDeskForm';
import { followCountry, initialTimeZone } from './site-defaults';
import { WizardFooter } from './WizardFooter';
import { LanguageSwitcher } from '../shell/LanguageSwitcher';
import type { SignedIn } from './SignInScreen';

export type FirstRunState = Extract<
  Awaited<ReturnType<SportelloClient['getFirstRunState']>>,
  { ok: true }
>['value'];

const computerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const emptyForm = {
  code: '',
  siteName: '',
  legalName: '',
  address: '',
  vatNumber: '',
  country: 'IT',
  currency: 'EUR',
  timezone: initialTimeZone(computerZone, 'IT'),
  locale: 'it-IT',
  adminName: '',
  login: '',
  password: '',
  pin: '',
};
type Form = typeof emptyForm;
type FieldName = keyof Form;

/** Where the contract reports an issue (its path) → the field that shows it. */
const fieldOfPath: Record<string, FieldName> = {
  'site.code': 'code',
  'site.name': 'siteName',
  'site.legal.legalName': 'legalName',
  'site.legal.address': 'address',
  'site.legal.vatNumber': 'vatNumber',
  'site.country': 'country',
  'site.currency': 'currency',
  'site.timezone': 'timezone',
  'site.locale': 'locale',
  'admin.name': 'adminName',
  'admin.login': 'login',
  'admin.password': 'password',
  'admin.pin': 'pin',
};

/**
 * The first start of a desk: set up the head office (its site and first admin, then signed in)
 * or enrol a desk joining a network with the head office's code (`EnrolDeskForm`).
 */
export function FirstRunWizard({
  state,
  onSignedIn,
  onEnrolled,
}: {
  state: FirstRunState;
  onSignedIn(session: SignedIn): void;
  /** Enrolled and the first download done: on to sign-in. */
  onEnrolled(): void;
}) {
  const { t } = useTranslation('auth');
  // Set up already: an enrolled desk still waiting for its people (see AuthGate).
  const [choice, setChoice] = useState<'none' | 'headOffice' | 'enrol'>(
    state.setUp ? 'enrol' : 'none',
  );
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={680} maw="100%">
        <Stack>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Title order={1} size="h2">
              {choice === 'enrol' ? t('firstRun.enrolTitle') : t('firstRun.title')}
            </Title>
            <LanguageSwitcher />
          </Group>
          {choice === 'none' && (
            <>
              <Text>{t('firstRun.intro')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <ChoiceCard
                  title={t('firstRun.headOffice')}
                  hint={t('firstRun.headOfficeHint')}
                  onClick={() => setChoice('headOffice')}
                />
                <ChoiceCard
                  title={t('firstRun.enrol')}
                  hint={t('firstRun.enrolHint')}
                  onClick={() => setChoice('enrol')}
                />
              </SimpleGrid>
            </>
          )}
          {choice === 'enrol' && (
            <EnrolDeskForm
              {...(state.setUp ? { enrolledAs: state.site } : {})}
              onBack={() => setChoice('none')}
              onReady={onEnrolled}
            />
          )}
          {choice === 'headOffice' && (
            <HeadOfficeForm onBack={() => setChoice('none')} onSignedIn={onSignedIn} />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

function ChoiceCard({ title, hint, onClick }: { title: string; hint: string; onClick(): void }) {
  return (
    <UnstyledButton onClick={onClick} className="choice-card">
      <Paper withBorder p="md" h="100%">
        <Text fw={600} size="lg">
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

function HeadOfficeForm({
  onBack,
  onSignedIn,
}: {
  onBack(): void;
  onSignedIn(session: SignedIn): void;
}) {
  const { t } = useTranslation('auth');
  // The embedded desk's name ("Sportello Milano Centro") would look like a real site's: the
  // field starts empty, with an example.
  const [form, setForm] = useState<Form>(emptyForm);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  // A field typed in since the last attempt no longer shows that attempt's message.
  const [editedSinceFailure, setEdited] = useState<ReadonlySet<FieldName>>(new Set());

  const issueFor = (field: FieldName) => {
    if (editedSinceFailure.has(field)) return undefined;
    const issue = failure?.issues?.find((i) => fieldOfPath[i.path] === field);
    return issue ? t(`errors:fields.${issue.code}`, issue.params ?? {}) : undefined;
  };
  const bind = (field: FieldName) => ({
    value: form[field],
    onChange: (e: { currentTarget: { value: string } }) => {
      setForm({ ...form, [field]: e.currentTarget.value });
      setEdited(new Set(editedSinceFailure).add(field));
    },
    error: issueFor(field),
  });
  const optional = (value: string) => (value.trim() ? value : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api.setUpHeadOffice({
      site: {
        code: form.code,
        name: form.siteName,
        timezone: form.timezone,
        country: form.country,
        currency: form.currency,
        locale: form.locale,
        legal: {
          legalName: form.legalName,
          address: form.address,
          ...(optional(form.vatNumber) ? { vatNumber: form.vatNumber } : {}),
        },
      },
      admin: {
        name: form.adminName,
        login: form.login,
        password: form.password,
        ...(optional(form.pin) ? { pin: form.pin } : {}),
      },
    });
    setBusy(false);
    if (result.ok) return onSignedIn(result.value);
    setEdited(new Set());
    setFailure(result.error);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('firstRun.headOffice')} noValidate>
      <Stack>
        <Fieldset legend={t('firstRun.siteGroup')}>
          <Stack gap="sm">
            <SimpleGrid cols={2}>
              <TextInput
                label={t('firstRun.siteCode')}
                description={t('firstRun.siteCodeHint')}
                required
                {...bind('code')}
              />
              <TextInput
                label={t('firstRun.siteName')}
                placeholder={t('firstRun.siteNameExample')}
                required
                {...bind('siteName')}
              />
            </SimpleGrid>
            <TextInput label={t('firstRun.legalName')} required {...bind('legalName')} />
            <TextInput label={t('firstRun.address')} required {...bind('address')} />
            <SimpleGrid cols={2}>
              <TextInput label={t('firstRun.vatNumber')} {...bind('vatNumber')} />
              <TextInput
                label={t('firstRun.country')}
                description={t('firstRun.countryHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                required
                {...bind('country')}
                onChange={(e) => {
                  setForm(followCountry(form, e.currentTarget.value));
                  setEdited(new Set(editedSinceFailure).add('country'));
                }}
              />
              <TextInput label={t('firstRun.currency')} required {...bind('currency')} />
              <TextInput label={t('firstRun.timezone')} required {...bind('timezone')} />
              <TextInput label={t('firstRun.locale')} required {...bind('locale')} />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('firstRun.adminGroup')}>
          <Stack gap="sm">
            <TextInput label={t('firstRun.adminName')} required {...bind('adminName')} />
            <SimpleGrid cols={2}>
              <TextInput
                label={t('firstRun.adminLogin')}
                autoComplete="username"
                required
                {...bind('login')}
              />
              <PasswordInput
                label={t('firstRun.adminPassword')}
                description={t('firstRun.passwordHint')}
                autoComplete="new-password"
                required
                {...bind('password')}
              />
            </SimpleGrid>
            <PasswordInput
              label={t('firstRun.adminPin')}
              description={t('firstRun.pinHint')}
              inputMode="numeric"
              autoComplete="off"
              {...bind('pin')}
            />
          </Stack>
        </Fieldset>
        <WizardFooter
          failure={failure}
          submitLabel={t('firstRun.submit')}
          busy={busy}
          onBack={onBack}
        />
      </Stack>
    </form>
  );
}
