import { useEffect, useRef } from 'react';
import { api } from '../api';

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks the counter after `minutes` without a key press or pointer movement. While the person
 * is active the desk's session is kept alive too (a whoAmI at most every half timeout), so a
 * long intake typed without saving is not refused at the end.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const idle = useRef(onIdle);
  idle.current = onIdle;

  useEffect(() => {
    const timeoutMs = minutes * 60_000;
    lastActivity.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastPing.current > timeoutMs / 2) {
        lastPing.current = now;
        void api.whoAmI({});
      }
    };
    for (const name of activityEvents)
      window.addEventListener(name, onActivity, { passive: true, capture: true });
    let locked = false;
    const timer = window.setInterval(() => {
      if (locked || Date.now() - lastActivity.current < timeoutMs) return;
      locked = true;
      idle.current();
    }, 1000);
    return () => {
      for (const name of activityEvents)
        window.removeEventListener(name, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes]);
}
