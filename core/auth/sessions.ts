import { randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionPolicy {
  /** A session unused this long is over: the counter locks itself. */
  idleTimeoutMs: number;
  /** However busy, a session ends after this long (a shift). */
  maxLifetimeMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleTimeoutMs: 15 * 60_000,
  maxLifetimeMs: 12 * 60 * 60_000,
};

/**
 * Sessions live only in the desk's memory: a restart signs everyone out, and a stolen database
 * file holds no token. Tokens are 256 random bits.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    private readonly policy: () => SessionPolicy = () => defaultSessionPolicy,
  ) {}

  open(userId: string): Session {
    const at = this.now();
    const session = {
      token: randomBytes(32).toString('base64url'),
      userId,
      createdAt: at,
      lastSeenAt: at,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for a token, touched; an expired one is removed and not returned. */
  resolve(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    const at = this.now();
    if (at >= this.expiresAt(session)) {
      this.sessions.delete(token);
      return undefined;
    }
    session.lastSeenAt = at;
    return session;
  }

  expiresAt(session: Session): number {
    const { idleTimeoutMs, maxLifetimeMs } = this.policy();
    return Math.min(session.lastSeenAt + idleTimeoutMs, session.createdAt + maxLifetimeMs);
  }

  close(token: string): boolean {
    return this.sessions.delete(token);
  }

  closeAllFor(userId: string): void {
    for (const [token, session] of this.sessions) {
      if (session.userId === userId) this.sessions.delete(token);
    }
  }
}
