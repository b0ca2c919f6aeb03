/** The main screens, their routes and their keyboard shortcuts (Alt + the key's physical code). */
export const sections = [
  { id: 'reception', path: '/', altKey: 'KeyR', keyLabel: 'Alt+R' },
  { id: 'orders', path: '/orders', altKey: 'KeyO', keyLabel: 'Alt+O' },
  { id: 'customers', path: '/customers', altKey: 'KeyC', keyLabel: 'Alt+C' },
  { id: 'workshops', path: '/workshops', altKey: 'KeyW', keyLabel: 'Alt+W' },
  { id: 'stock', path: '/stock', altKey: 'KeyP', keyLabel: 'Alt+P' },
  { id: 'accounting', path: '/accounting', altKey: 'KeyA', keyLabel: 'Alt+A' },
  { id: 'sla', path: '/sla', altKey: 'KeyL', keyLabel: 'Alt+L' },
  { id: 'settings', path: '/settings', altKey: 'KeyS', keyLabel: 'Alt+S' },
] as const;

export type SectionId = (typeof sections)[number]['id'];

export const globalSearchInputId = 'global-search';
