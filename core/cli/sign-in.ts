import type { MethodName } from '../contract';
import type { Result } from '../contract/errors';
import type { Desk } from '../runtime/desk';
import type { CliT } from './i18n';

/** The command line was used wrongly: the CLI prints the message and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Who the command line signs in as: `--user LOGIN`, with `--pin` to use the PIN instead. */
export interface CliSignIn {
  login: string;
  with: 'password' | 'pin';
}

/** Where the password or PIN comes from: the environment first, else a prompt without echo. */
export interface SecretSource {
  environment: Readonly<Record<string, string | undefined>>;
  readSecret?(prompt: string): Promise<string>;
}

export const passwordVariable = 'SPORTELLO_PASSWORD';
export const pinVariable = 'SPORTELLO_PIN';

async function secretFor(
  signIn: CliSignIn,
  source: SecretSource,
  t: CliT,
): Promise<string | undefined> {
  const fromEnvironment =
    source.environment[signIn.with === 'pin' ? pinVariable : passwordVariable];
  if (fromEnvironment !== undefined) return fromEnvironment;
  const prompt = signIn.with === 'pin' ? 'signIn.pinPrompt' : 'signIn.passwordPrompt';
  return source.readSecret?.(t(prompt, { login: signIn.login }));
}

/**
 * A caller for one CLI run: with `--user` it signs in once through the contract's own `signIn`
 * (so the throttle, the audit row and the person's roles all apply) and every call carries that
 * session, exactly as IPC and HTTP do; without `--user` calls are anonymous, so only the public
 * methods answer. The session is closed when the run ends.
 */
export function cliCaller(
  desk: Desk,
  signIn: CliSignIn | undefined,
  t: CliT,
  source: SecretSource,
) {
  let session: Promise<Result<string | undefined>> | undefined;

  async function openSession(): Promise<Result<string | undefined>> {
    if (!signIn) return { ok: true, value: undefined };
    const secret = await secretFor(signIn, source, t);
    if (secret === undefined) {
      const variable = signIn.with === 'pin' ? pinVariable : passwordVariable;
      throw new CliUsageError(
        t(signIn.with === 'pin' ? 'signIn.needsPin' : 'signIn.needsPassword', {
          login: signIn.login,
          variable,
        }),
      );
    }
    const input =
      signIn.with === 'password'
        ? { with: 'password', login: signIn.login, password: secret }
        : { with: 'pin', login: signIn.login, pin: secret };
    const signedIn = await desk.callWithSession(undefined, 'signIn', input);
    if (!signedIn.ok) {
      // An unknown login and a wrong secret read the same, as at the counter.
      const code =
        signedIn.error.code === 'validation' ? 'invalid_credentials' : signedIn.error.code;
      return { ok: false, error: { ...signedIn.error, code } };
    }
    return { ok: true, value: (signedIn.value as { token: string }).token };
  }

  return {
    async call(method: MethodName | string, input: unknown): Promise<Result<unknown>> {
      const token = await (session ??= openSession());
      if (!token.ok) return token;
      return desk.callWithSession(token.value, method, input);
    },
    async signOut(): Promise<void> {
      // A sign-in that could not even start (no password given) has nothing to close.
      const token = await session?.catch(() => undefined);
      if (token?.ok && token.value) await desk.callWithSession(token.value, 'signOut', {});
    },
  };
}
