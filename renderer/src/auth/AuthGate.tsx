import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../core/contract/auth';
import type { AppError } from '../../../core/contract/errors';
import { api } from '../api';
import { AuthContext, type Auth } from './AuthContext';
import { FirstRunWizard, type FirstRunState } from './FirstRunWizard';
import { sessionEnded } from './session-token';
import { SignInScreen, type SignedIn } from './SignInScreen';
import { useIdleLock } from './useIdleLock';

type Gate =
  | { step: 'loading' }
  | { step: 'failed'; error: AppError }
  | { step: 'firstRun'; state: FirstRunState }
  | { step: 'signIn'; state: FirstRunState; locked?: UserSummary }
  | { step: 'signedIn'; user: UserSummary; idleTimeoutMinutes: number };

/**
 * Nothing of the desk shows until someone is signed in: a fresh desk shows the first-run
 * wizard, a set-up one the sign-in. An idle counter locks itself; any `unauthenticated` reply
 * (the desk forgot the session) brings the lock back. The screens behind it unmount while
 * locked: no customer data stays on a locked screen, and the intake draft lives in storage.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('errors');
  const [gate, setGate] = useState<Gate>({ step: 'loading' });
  /**
   * Set while this screen itself ends the session (lock, switch, sign out) until someone signs in
   * again: the `unauthenticated` replies of polls still in flight (the sync indicator asks every
   * 250 ms) then say nothing new, and must not replace the lock or sign-in screen it chose.
   */
  const ending = useRef(false);

  const toSignIn = useCallback(async (locked?: UserSummary) => {
    const state = await api.getFirstRunState({});
    if (!state.ok) return setGate({ step: 'failed', error: state.error });
    // An enrolled desk no one of its site can sign in to yet waits on the first-run screen.
    const waitingForPeople = state.value.firstSync !== null && state.value.people === 0;
    if (!state.value.setUp || waitingForPeople)
      return setGate({ step: 'firstRun', state: state.value });
    setGate({ step: 'signIn', state: state.value, ...(locked ? { locked } : {}) });
  }, []);

  const start = useCallback(async () => {
    setGate({ step: 'loading' });
    const me = await api.whoAmI({});
    if (me.ok) {
      ending.current = false;
      setGate({
        step: 'signedIn',
        user: me.value.user,
        idleTimeoutMinutes: me.value.idleTimeoutMinutes,
      });
      return;
    }
    if (me.error.code !== 'unauthenticated') return setGate({ step: 'failed', error: me.error });
    await toSignIn();
  }, [toSignIn]);

  useEffect(() => {
    void start();
  }, [start]);

  const signedInUser = gate.step === 'signedIn' ? gate.user : undefined;
  useEffect(
    () =>
      sessionEnded.subscribe(() => {
        if (signedInUser && !ending.current) void toSignIn(signedInUser);
      }),
    [signedInUser, toSignIn],
  );

  const onSignedIn = useCallback((session: SignedIn) => {
    ending.current = false;
    setGate({
      step: 'signedIn',
      user: session.user,
      idleTimeoutMinutes: session.idleTimeoutMinutes,
    });
  }, []);

  const onEnrolled = useCallback(() => void toSignIn(), [toSignIn]);

  const auth = useMemo<Auth | null>(() => {
    if (!signedInUser) return null;
    const endThen = (locked?: UserSummary) => {
      ending.current = true;
      void api.signOut({}).then(() => toSignIn(locked));
    };
    return {
      user: signedInUser,
      lock: () => endThen(signedInUser),
      switchPerson: () => endThen(),
      signOut: () => endThen(),
    };
  }, [signedInUser, toSignIn]);

  if (gate.step === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  }
  if (gate.step === 'failed') {
    return (
      <Center h="100vh">
        <Stack maw={480}>
          <Alert color="red" title={t('title')} role="alert">
            {t(`errors.${gate.error.code}`, gate.error.params ?? {})}
          </Alert>
          <Button onClick={() => void start()}>{t('common:retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (gate.step === 'firstRun')
    return <FirstRunWizard state={gate.state} onSignedIn={onSignedIn} onEnrolled={onEnrolled} />;
  if (gate.step === 'signIn') {
    return (
      <SignInScreen
        state={gate.state}
        {...(gate.locked ? { locked: gate.locked } : {})}
        onSignedIn={onSignedIn}
        onSomeoneElse={() => void toSignIn()}
      />
    );
  }
  return (
    <SignedInArea auth={auth!} idleTimeoutMinutes={gate.idleTimeoutMinutes}>
      {children}
    </SignedInArea>
  );
}

function SignedInArea({
  auth,
  idleTimeoutMinutes,
  children,
}: {
  auth: Auth;
  idleTimeoutMinutes: number;
  children: ReactNode;
}) {
  useIdleLock(idleTimeoutMinutes, auth.lock);
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
