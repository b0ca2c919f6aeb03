import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createHashRouter, RouterProvider } from 'react-router';
import { DeskLoader } from './desk/DeskLoader';
import { routes } from './routes';

const theme = createTheme({
  primaryColor: 'blue',
  // Visible focus for keyboard users on every control.
  focusRing: 'auto',
  defaultRadius: 'sm',
});

// Hash routing works from Electron's app:// protocol and from the browser-mode host alike.
const router = createHashRouter(routes);

export function App() {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <DeskLoader>
        <RouterProvider router={router} />
      </DeskLoader>
    </MantineProvider>
  );
}
