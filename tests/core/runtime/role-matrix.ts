import { contract, roles, type MethodName, type Role } from '../../../core/contract';

export interface RefusalCase {
  method: MethodName;
  role: Role;
}

/**
 * Every (method, role) pair where the role is NOT allowed, read from the contract itself: a
 * method added tomorrow is covered without touching a test. The IPC, HTTP and CLI hosts reuse it.
 */
export function refusalMatrix(): RefusalCase[] {
  return (Object.keys(contract) as MethodName[]).flatMap((method) => {
    const spec = contract[method];
    if (spec.public) return [];
    return roles.filter((role) => !spec.roles.includes(role)).map((role) => ({ method, role }));
  });
}

/** Methods that answer with no session at all. */
export function publicMethods(): MethodName[] {
  return (Object.keys(contract) as MethodName[]).filter((m) => contract[m].public);
}
