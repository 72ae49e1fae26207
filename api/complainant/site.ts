import type { Request } from 'express';
import type { Channel } from '../../activities/delivery/channels';
import { DEFAULT_COUNCIL } from '../../domain/council';
import type { TemplateSet } from '../../records/letters/templates';
import type { SignInCouncil } from './sign-in-mail';

/**
 * The complainant's side of one council: where its pages are and whose they
 * are. The default council's are at `/complaints`, with the deployment's
 * settings; any other council's at `/councils/<id>/complaints`
 * (web/council-site.ts), with its own name, letters' identity and sign-in
 * mail channels (its policy: api/council-policy.ts). Every link, redirect and cookie path of the pages
 * starts from `root`, so a council's families stay on their council's pages
 * and their cookies are sent to those pages only.
 */
export interface ComplainantSite {
  council: string;
  /** The path the council's pages start at, without a trailing slash. */
  root: string;
  /** The council's name on its pages; for `default`, the deployment's as configured (WebOptions, ComplainantOptions). */
  name?: string;
  /** The identity, channels and templates its sign-in emails go by; for `default`, the deployment's. */
  signIn?: { council: SignInCouncil; channels: readonly Channel[]; templates?: TemplateSet };
}

export const DEFAULT_SITE: ComplainantSite = Object.freeze({ council: DEFAULT_COUNCIL, root: '/complaints' });

declare module 'express-serve-static-core' {
  interface Request {
    /** Set under `/councils/<id>/complaints`; the default council's otherwise. */
    complainantSite?: ComplainantSite;
  }
}

/** The site of the pages this request is for. */
export function siteOf(req: Request): ComplainantSite {
  return req.complainantSite ?? DEFAULT_SITE;
}
