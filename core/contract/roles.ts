export const roles = ['receptionist', 'technician', 'accountant', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

export const everyone: readonly Role[] = roles;
export const counterStaff: readonly Role[] = ['receptionist', 'manager', 'admin'];
