import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../../core/contract/auth';
import type { SiteChoice } from '../../../../core/contract/desk';
import type { AppError } from '../../../../core/contract/errors';
import { roles, type Role } from '../../../../core/contract/roles';
import { api } from '../../api';
import { useAuth } from '../../auth/AuthContext';
import { SiteSelect } from '../../components/SiteSelect';
import { useDesk } from '../../desk/DeskContext';

/** Settings › Users: who can sign in, with which roles; admins add and deactivate people. */
export function UsersScreen() {
  const { t } = useTranslation('auth');
  const { user } = useAuth();
  const isAdmin = user.roles.includes('admin');
  const [people, setPeople] = useState<UserSummary[] | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  // At a desk that knows other sites (the head office), each person belongs to one of them: the
  // forms ask which, and the list says.
  const [sites, setSites] = useState<SiteChoice[]>([]);
  const { site: deskSite } = useDesk();
  useEffect(() => {
    void api.listSites({}).then((result) => result.ok && setSites(result.value));
  }, []);
  const siteChoice = sites.length > 1 ? { sites, defaultSiteId: deskSite.id } : null;
  const siteLabel = (id: string) => {
    const site = sites.find((s) => s.id === id);
    return site ? `${site.code} · ${site.name}` : '—';
  };

  const load = useCallback(async () => {
    const result = await api.listUsers({ includeInactive });
    if (result.ok) setPeople(result.value);
    else setFailure(result.error);
  }, [includeInactive]);
  useEffect(() => {
    void load();
  }, [load]);

  const deactivate = async (person: UserSummary) => {
    const result = await api.deactivateUser({ id: person.id });
    if (!result.ok) return setFailure(result.error);
    notifications.show({ message: t('users.deactivated', { name: person.name }), color: 'green' });
    void load();
  };

  return (
    <Stack>
      <Title order={1}>{t('users.title')}</Title>
      {failure && (
        <Alert color="red" role="alert">
          {t(`errors:errors.${failure.code}`, failure.params ?? {})}
        </Alert>
      )}
      {people && (
        <>
          <Group justify="space-between">
            <Switch
              label={t('users.showInactive')}
              checked={includeInactive}
              onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
            />
            {isAdmin && !adding && (
              <Button onClick={() => setAdding(true)}>{t('users.add')}</Button>
            )}
          </Group>
          {adding && (
            <NewPersonForm
              siteChoice={siteChoice}
              onCancel={() => setAdding(false)}
              onCreated={(person) => {
                setAdding(false);
                notifications.show({
                  message: t('users.created', { name: person.name }),
                  color: 'green',
                });
                void load();
              }}
            />
          )}
          {editing && (
            <EditPersonForm
              key={editing.id}
              person={editing}
              siteChoice={siteChoice}
              onCancel={() => setEditing(null)}
              onSaved={(person) => {
                setEditing(null);
                notifications.show({
                  message: t('users.updated', { name: person.name }),
                  color: 'green',
                });
                void load();
              }}
            />
          )}
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.login')}</Table.Th>
                <Table.Th>{t('users.roles')}</Table.Th>
                {siteChoice && <Table.Th>{t('users.site')}</Table.Th>}
                <Table.Th>{t('users.hasPin')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                {isAdmin && <Table.Th>{t('users.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {people.map((person) => (
                <Table.Tr key={person.id}>
                  <Table.Td>{person.name}</Table.Td>
                  <Table.Td>{person.login}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {person.roles.map((role) => (
                        <Badge key={role} variant="outline" tt="none" color="gray.8">
                          {t(`roles.${role}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  {siteChoice && <Table.Td>{siteLabel(person.siteId)}</Table.Td>}
                  <Table.Td>{person.hasPin ? t('users.yes') : t('users.no')}</Table.Td>
                  <Table.Td>{person.active ? t('users.active') : t('users.inactive')}</Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Group gap="xs">
                        {person.active && (
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t('users.editNamed', { name: person.name })}
                            onClick={() => setEditing(person)}
                          >
                            {t('users.edit')}
                          </Button>
                        )}
                        {person.active && person.id !== user.id && (
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t('users.deactivateNamed', { name: person.name })}
                            onClick={() => void deactivate(person)}
                          >
                            {t('users.deactivate')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

/** The sites a person may belong to, where the desk knows more than its own. */
type SiteChoices = { sites: SiteChoice[]; defaultSiteId: string } | null;

function NewPersonForm({
  siteChoice,
  onCancel,
  onCreated,
}: {
  siteChoice: SiteChoices;
  onCancel(): void;
  onCreated(person: UserSummary): void;
}) {
  const { t } = useTranslation('auth');
  const [form, setForm] = useState({ name: '', login: '', password: '', pin: '' });
  const [siteId, setSiteId] = useState(siteChoice?.defaultSiteId ?? null);
  const [chosen, setChosen] = useState<Role[]>(['receptionist']);
  const [failure, setFailure] = useState<AppError | null>(null);
  const issueFor = (path: string) => {
    const issue = failure?.issues?.find((i) => i.path === path);
    return issue ? t(`errors:fields.${issue.code}`, issue.params ?? {}) : undefined;
  };
  const bind = (field: keyof typeof form) => ({
    value: form[field],
    onChange: (e: { currentTarget: { value: string } }) =>
      setForm({ ...form, [field]: e.currentTarget.value }),
    error: issueFor(field),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await api.createUser({
      name: form.name,
      login: form.login,
      password: form.password,
      roles: chosen,
      ...(form.pin.trim() ? { pin: form.pin } : {}),
      ...(siteChoice && siteId ? { siteId } : {}),
    });
    if (result.ok) onCreated(result.value);
    else setFailure(result.error);
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('users.add')}
        </Title>
        <SimpleGrid cols={2}>
          <TextInput label={t('users.name')} required {...bind('name')} />
          <TextInput label={t('users.login')} autoComplete="off" required {...bind('login')} />
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            required
            {...bind('password')}
          />
          <PasswordInput
            label={t('users.pin')}
            inputMode="numeric"
            autoComplete="off"
            {...bind('pin')}
          />
          {siteChoice && (
            <SiteSelect
              sites={siteChoice.sites}
              value={siteId}
              onChange={setSiteId}
              // Where they work: they sign in at that site's desks, which receive them.
              label={t('users.site')}
              description={t('users.siteHint')}
              error={issueFor('siteId')}
            />
          )}
        </SimpleGrid>
        <RolesAndActions
          chosen={chosen}
          onChoose={setChosen}
          rolesError={issueFor('roles')}
          failure={failure}
          submitLabel={t('users.create')}
          onCancel={onCancel}
        />
      </Stack>
    </Paper>
  );
}

/** An admin changes a person: name, roles, a new password, a new PIN or none (`updateUser`). */
function EditPersonForm({
  person,
  siteChoice,
  onCancel,
  onSaved,
}: {
  person: UserSummary;
  siteChoice: SiteChoices;
  onCancel(): void;
  onSaved(person: UserSummary): void;
}) {
  const { t } = useTranslation('auth');
  const [form, setForm] = useState({ name: person.name, password: '', pin: '' });
  const [siteId, setSiteId] = useState<string | null>(person.siteId);
  const [chosen, setChosen] = useState<Role[]>(person.roles);
  const [removePin, setRemovePin] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const issueFor = (path: string) => {
    const issue = failure?.issues?.find((i) => i.path === path);
    return issue ? t(`errors:fields.${issue.code}`, issue.params ?? {}) : undefined;
  };
  const bind = (field: keyof typeof form) => ({
    value: form[field],
    onChange: (e: { currentTarget: { value: string } }) =>
      setForm({ ...form, [field]: e.currentTarget.value }),
    error: issueFor(field),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const pin = removePin ? { pin: null } : form.pin.trim() ? { pin: form.pin } : {};
    const result = await api.updateUser({
      id: person.id,
      name: form.name,
      roles: chosen,
      ...(form.password ? { password: form.password } : {}),
      ...pin,
      ...(siteId && siteId !== person.siteId ? { siteId } : {}),
    });
    if (result.ok) onSaved(result.value);
    else setFailure(result.error);
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('users.editTitle', { name: person.name })}
        </Title>
        <SimpleGrid cols={2}>
          <TextInput label={t('users.name')} required {...bind('name')} />
          <TextInput label={t('users.login')} value={person.login} readOnly />
          <PasswordInput
            label={t('users.newPasswordOptional')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            {...bind('password')}
          />
          <PasswordInput
            label={t('users.newPinOptional')}
            inputMode="numeric"
            autoComplete="off"
            disabled={removePin}
            {...bind('pin')}
          />
          {siteChoice && (
            <SiteSelect
              sites={siteChoice.sites}
              value={siteId}
              onChange={setSiteId}
              // Where they work: they sign in at that site's desks, which receive them.
              label={t('users.site')}
              description={t('users.siteHint')}
              error={issueFor('siteId')}
            />
          )}
        </SimpleGrid>
        {person.hasPin && (
          <Checkbox
            label={t('users.removePin')}
            checked={removePin}
            onChange={(e) => setRemovePin(e.currentTarget.checked)}
          />
        )}
        <RolesAndActions
          chosen={chosen}
          onChoose={setChosen}
          rolesError={issueFor('roles')}
          failure={failure}
          submitLabel={t('users.save')}
          onCancel={onCancel}
        />
      </Stack>
    </Paper>
  );
}

/** The roles to tick, a failure that names no field, and the form's buttons (new and edit alike). */
function RolesAndActions({
  chosen,
  onChoose,
  rolesError,
  failure,
  submitLabel,
  onCancel,
}: {
  chosen: Role[];
  onChoose: (roles: Role[]) => void;
  rolesError: string | undefined;
  failure: AppError | null;
  submitLabel: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <Checkbox.Group
        label={t('users.roles')}
        value={chosen}
        onChange={(value) => onChoose(value as Role[])}
        error={rolesError}
      >
        <Group mt={6}>
          {roles.map((role) => (
            <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      {failure && !failure.issues?.length && (
        <Alert color="red" role="alert">
          {t(`errors:errors.${failure.code}`, failure.params ?? {})}
        </Alert>
      )}
      <Group>
        <Button type="submit">{submitLabel}</Button>
        <Button variant="default" onClick={onCancel}>
          {t('users.cancel')}
        </Button>
      </Group>
    </>
  );
}
