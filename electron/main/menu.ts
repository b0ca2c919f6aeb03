import { Menu } from 'electron';

/** A minimal menu of Electron roles only: the system translates their labels. */
export function installAppMenu(isMac: boolean): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      isMac ? { role: 'appMenu' } : { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}
