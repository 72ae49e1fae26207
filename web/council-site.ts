import type { RequestHandler } from 'express';
import type { ComplainantOptions } from '../api/complainant/sign-in';
import type { ComplainantSite } from '../api/complainant/site';
import { DEFAULT_COUNCIL, isCouncilId } from '../domain/council';
import { inCouncil } from '../records/council';
import type { CouncilSettings } from '../records/councils';
import type { Records } from '../records/repository';
import { stableJson } from '../records/sql';
import { env, pageHeaders, ASSETS } from './pages';

/** Where a council's own pages are: `/councils/<id>/complaints`, mirroring the default council's `/complaints`. */
export const councilRoot = (council: string) => `/councils/${council}/complaints`;

/**
 * Mounted at `/councils/:council/complaints` before the complainant's
 * routers: the council must be one this deployment serves (else a plain 404
 * page, whatever the rest of the path), then the rest of the request runs in
 * that council's context (records/council.ts), so its form sessions, sign-in
 * links, sessions and cases are that council's partition, and its Temporal
 * calls that council's namespace (api/council-clients.ts). The default
 * council's pages stay at `/complaints`: its address here redirects there.
 */
export function councilSite(deps: {
  serves: (council: string) => Promise<boolean>;
  /** The records on the database (each council's through its own handle). */
  records: Records;
  complainant?: ComplainantOptions;
  /** The deployment's name, on the page for a council not served. */
  councilName?: string;
}): RequestHandler {
  const sites = new Map<string, { settings: CouncilSettings; key: string; site: ComplainantSite }>();

  // A council's settings as the council directory has them (a new name or channel shows within its TTL).
  const siteFor = async (council: string): Promise<ComplainantSite | undefined> => {
    const settings = (await deps.records.councils.find(council))?.settings;
    if (!settings) return undefined;
    const cached = sites.get(council);
    if (cached?.settings === settings) return cached.site;
    const key = stableJson(settings);
    // Unchanged settings keep their site, and with it the mail transports made for it.
    const site =
      cached?.key === key
        ? cached.site
        : {
            council,
            root: councilRoot(council),
            name: settings.letters.name ?? settings.name,
            ...(deps.complainant?.forCouncil ? { signIn: deps.complainant.forCouncil(settings) } : {}),
          };
    sites.set(council, { settings, key, site });
    return site;
  };

  return async (req, res, next) => {
    const council = String(req.params.council);
    if (council === DEFAULT_COUNCIL) return res.redirect(308, `/complaints${req.url === '/' ? '' : req.url}`);
    const site = isCouncilId(council) && (await deps.serves(council)) ? await siteFor(council) : undefined;
    if (!site) {
      pageHeaders(req, res, () => undefined);
      const councilName = deps.councilName ?? 'The Council';
      res.status(404).type('html').send(
        env.render('message.njk', {
          title: 'Page not found',
          heading: 'Page not found',
          body: 'If you typed the web address, check it is correct.',
          pageTitle: `Page not found – Make a complaint – ${councilName}`,
          councilName,
          service: 'Make a complaint',
          root: '/complaints',
          assetPath: ASSETS,
          cspNonce: res.locals.cspNonce,
          errors: [],
        }),
      );
      return;
    }
    req.complainantSite = site;
    req.council = council;
    inCouncil(council, next);
  };
}
