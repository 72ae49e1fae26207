import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Channel } from '../../activities/delivery/channels';
import { inCouncil } from '../../records/council';
import type { CouncilSettings } from '../../records/councils';
import type { TemplateSet } from '../../records/letters/templates';
import { ComplainantSignInStore } from '../../records/complainant-sign-in';
import type { Records } from '../../records/repository';
import { windowLimit } from '../rate-limit';
import { emailHash, isSecret, newSecret, sha256 } from './secrets';
import type { SessionTimes } from './session';
import type { ComplainantSite } from './site';
import { SignInMailer, type SignInCouncil } from './sign-in-mail';

/** The complainant's side of the app (createApp's `complainant`). */
export interface ComplainantOptions {
  /** Where the service is reached from outside (`PUBLIC_URL`): the links in emails. Never taken from a request's Host header, which a sender chooses. */
  publicUrl: string;
  /** The letter channels (activities/delivery/channels.ts): the link goes by those that email. */
  channels: readonly Channel[];
  council: SignInCouncil;
  /**
   * A council's own identity, channels and templates for its sign-in emails,
   * from its councils row, each left out there the deployment's
   * (api/complainant/options.ts); without it, every council's go as the deployment's.
   */
  forCouncil?: (settings: CouncilSettings) => { council: SignInCouncil; channels: readonly Channel[]; templates?: TemplateSet };
  /** Idle and absolute session lengths; default 30 minutes and 12 hours. */
  session?: Partial<SessionTimes>;
  /** Sign-in requests per window, per email address and per client address; default 5 and 30 in 15 minutes. */
  signInLimit?: { perEmail?: number; perAddress?: number; windowMs?: number };
  /** The clock (tests move it). */
  now?: () => Date;
}

/** A link lasts 30 minutes (single-use, 30 minutes, stored only as a hash). */
export const LINK_LIFETIME_MS = 30 * 60_000;

/**
 * Signing in by a one-time link, one home for both doors to it: the JSON
 * route (api/complainant/routes.ts) and the HTML form (web/sign-in.ts). The
 * limits are one pair of counters, whichever door a request comes through.
 */
export interface SignInDesk {
  store: ComplainantSignInStore;
  times: SessionTimes;
  now: () => Date;
  council: SignInCouncil;
  /** Per client address, before the body is read. */
  perAddress: RequestHandler;
  /** Per email address (its hash: the limiter's memory holds no email); after the body is parsed into `{ email }`. */
  perEmail: RequestHandler;
  /**
   * Looks the address up among `site`'s cases and, if it is a complainant's,
   * files and sends a link to `site`'s pages. Call it once the answer has
   * gone, so its timing tells nothing.
   */
  issueLink(site: ComplainantSite, email: string, reference: string | undefined): Promise<void>;
  /**
   * Issues the link once `res` has gone (finished, not merely queued), so no
   * work for a known address delays the answer or tells it apart.
   */
  issueLinkAfter(res: Response, site: ComplainantSite, email: string, reference: string | undefined): void;
  /** Consumes a link: the new session's cookie secret, or undefined for a link expired, replayed or never sent. */
  consumeLink(token: string): Promise<string | undefined>;
}

export function signInDesk(deps: { records: Records; log: (message: string, error?: unknown) => void }, options: ComplainantOptions): SignInDesk {
  const store = new ComplainantSignInStore(deps.records.db);
  const mailer = new SignInMailer(options.channels, options.council);
  const now = options.now ?? (() => new Date());
  const times: SessionTimes = { idleMs: options.session?.idleMs ?? 30 * 60_000, absoluteMs: options.session?.absoluteMs ?? 12 * 3_600_000 };
  const limits = { perEmail: 5, perAddress: 30, windowMs: 15 * 60_000, ...options.signInLimit };
  // A council's mailer is made once per settings it has (its transports kept), the default's at start.
  const mailers = new WeakMap<object, SignInMailer>();
  const mailerOf = (site: ComplainantSite) => {
    if (!site.signIn) return mailer;
    let own = mailers.get(site.signIn);
    if (!own) mailers.set(site.signIn, (own = new SignInMailer(site.signIn.channels, site.signIn.council, site.signIn.templates)));
    return own;
  };
  const issueLink = async (site: ComplainantSite, email: string, reference: string | undefined): Promise<void> => {
    const cases = await store.casesOf(email, reference);
    const first = cases[0];
    if (!first) return;
    const token = newSecret();
    const at = now();
    const expiresAt = new Date(at.getTime() + LINK_LIFETIME_MS);
    const link = new URL(`${site.root}/sign-in/${token}`, options.publicUrl).toString();
    const tokenHash = sha256(token);
    // Filed before it is sent, so the link works as soon as it arrives.
    await store.recordLink({ tokenHash, emailHash: emailHash(email), references: cases.map((c) => c.reference), at, expiresAt });
    const sentVia = await mailerOf(site).send({ reference: first.reference, to: { name: first.name, email: first.email }, link, at, expiresAt }, deps.log);
    await store.markSent(tokenHash, sentVia);
    await store.purgeSessions(at, times.absoluteMs);
  };
  return {
    store,
    times,
    now,
    council: options.council,
    perAddress: windowLimit(limits.perAddress, limits.windowMs, 'sign-in-per-address'),
    perEmail: windowLimit(limits.perEmail, limits.windowMs, 'sign-in-per-email', (req) => emailHash((req.body as { email: string }).email)),
    issueLink,
    issueLinkAfter(res, site, email, reference) {
      res.on('finish', () => {
        // In the site's council named outright: the event runs outside the request's context.
        inCouncil(site.council, () => issueLink(site, email, reference)).catch((error: unknown) => deps.log('sign-in link not issued', error));
      });
    },
    async consumeLink(token) {
      if (!isSecret(token)) return undefined;
      const secret = newSecret();
      const session = await store.consumeLink({ tokenHash: sha256(token), at: now(), session: { id: randomUUID(), secretHash: sha256(secret) } });
      return session ? secret : undefined;
    },
  };
}
