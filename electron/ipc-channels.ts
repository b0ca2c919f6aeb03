/** One IPC channel per contract method: `sportello:<method>`. Shared by main and preload. */
export const channelPrefix = 'sportello:';

const methodNamePattern = /^[a-z][A-Za-z0-9]{0,63}$/;

export function channelFor(method: string): string {
  if (!methodNamePattern.test(method)) throw new Error(`Not a contract method name: ${method}`);
  return channelPrefix + method;
}
