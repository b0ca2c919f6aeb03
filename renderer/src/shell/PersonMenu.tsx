import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';

/**
 * The signed-in person in the top bar: one click to their password and PIN, to switch person,
 * lock or sign out.
 */
export function PersonMenu() {
  const { t } = useTranslation('auth');
  const auth = useAuth();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label={t('person.menu', { name: auth.user.name })}>
          {auth.user.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void navigate('/account')}>{t('person.account')}</Menu.Item>
        <Menu.Item onClick={auth.switchPerson}>{t('person.switch')}</Menu.Item>
        <Menu.Item onClick={auth.lock}>{t('person.lockNow')}</Menu.Item>
        <Menu.Item onClick={auth.signOut}>{t('person.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
