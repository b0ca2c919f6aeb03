import {
  Alert,
  createTheme,
  MantineProvider,
  Notification,
  type CSSVariablesResolver,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createHashRouter, RouterProvider } from 'react-router';
import { AuthGate } from './auth/AuthGate';
import { DeskLoader } from './desk/DeskLoader';
import { routes } from './routes';

/** The theme, with the texts its components carry for screen readers in the UI language. */
const themeIn = (closeLabel: string) =>
  createTheme({
    primaryColor: 'blue',
    // Darker shades than Mantine's defaults so text on and in the primary colour meets AA contrast.
    primaryShade: { light: 8, dark: 6 },
    // Visible focus for keyboard users on every control.
    focusRing: 'auto',
    defaultRadius: 'sm',
    components: {
      // Mantine's light alert titles (green, yellow, orange) fall short of AA on their own fill:
      // every alert's title is in the text colour; the fill and the icon still carry the colour.
      Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
      // A toast's close button is otherwise an unnamed button ("Elena can now sign in." ×).
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': closeLabel } },
      }),
    },
  });

// Hash routing works from Electron's app:// protocol and from the browser-mode host alike.
const router = createHashRouter(routes);

const contrastSafeColours: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors (text and the invalid field's own text) in a red that meets AA on white.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

export function App() {
  const { t } = useTranslation('common');
  const theme = useMemo(() => themeIn(t('close')), [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastSafeColours}>
      <Notifications position="top-right" />
      <AuthGate>
        <DeskLoader>
          <RouterProvider router={router} />
        </DeskLoader>
      </AuthGate>
    </MantineProvider>
  );
}
