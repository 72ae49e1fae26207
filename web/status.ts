import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { complainantAct, type ComplainantActResult } from '../api/complainant/actions';
import { actorOf, csrfToken, requireCsrf, type ComplainantPrincipal } from '../api/complainant/session';
import type { SignInCouncil } from '../api/complainant/sign-in-mail';
import { siteOf } from '../api/complainant/site';
import { complainantSentence } from '../api/complainant/words';
import { scopedKeyHash } from '../api/idempotency';
import { ProblemError, unstorableText } from '../api/problems';
import { COMPLAINANT_ACTOR } from '../domain/complaint/complainant';
import { londonDateOf } from '../domain/dates';
import { complainantCaseFacts, complainantLetter, type ComplainantCaseFacts } from '../records/complainant-case';
import { complainantStatus, type ComplainantCaseStatus } from '../records/complainant-status';
import type { Records } from '../records/repository';
import type { FieldError } from './journey';
import { ASSETS, env, longDate, pageHeaders } from './pages';
import { dueInWords, HOLD_WORDS, lateInWords, nextStageOf, stageInWords, workingDaysInWords, type Voice } from './status-words';

/**
 * The signed-in complainant's pages under /complaints/status: their case in
 * plain words (stage, the dates it waits for and how they were counted, a
 * hold without its reason, the letters sent to them, who is handling it by
 * role, how to reach the complaints team, their own acts) and the forms to
 * act on it. Each form carries the session's CSRF token and an idempotency
 * key made when the form was shown, so a double press or a resent form has
 * one effect. Every view of a case or a letter is on the access log.
 * A council's under `/councils/<id>/complaints/status` (api/complainant/site.ts)
 * read and act in that council only: its session, records and namespace.
 */
export interface StatusPageDeps {
  client: Client;
  records: Records;
  /** The default council's identity; another council's is its site's. */
  council: SignInCouncil;
  log: (message: string, error?: unknown) => void;
}

const SERVICE = 'Follow your complaint';
const REFERENCE = /^[A-Z]{2,5}-\d{4}-[0-9A-Z]{4,12}$/;
const ACTIONS = ['escalate', 'answer-extension', 'advocacy', 'satisfaction', 'withdraw'] as const;
type Action = (typeof ACTIONS)[number];

class PageNotFound extends Error {}
class NotSignedIn extends Error {}

interface CasePage {
  principal: ComplainantPrincipal;
  status: ComplainantCaseStatus;
  facts: ComplainantCaseFacts;
  voice: Voice;
}

export function statusPages(deps: StatusPageDeps): Router {
  const router = Router();
  const forms = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 });

  const councilOf = (req: Request) => siteOf(req).signIn?.council ?? deps.council;
  const render = (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string; errors?: FieldError[] }, status = 200) => {
    const errors = ctx.errors ?? [];
    const site = siteOf(req);
    const councilName = site.name ?? deps.council.name;
    res.status(status).type('html').send(
      env.render(view, {
        ...ctx,
        pageTitle: `${errors.length ? 'Error: ' : ''}${ctx.title} – ${SERVICE} – ${councilName}`,
        councilName,
        service: SERVICE,
        followHref: `${site.root}/status`,
        root: site.root,
        // The header's "Sign out" form, with the session's own CSRF token.
        signOutCsrf: req.complainant ? csrfToken(req) : undefined,
        assetPath: ASSETS,
        cspNonce: res.locals.cspNonce,
        csrf: req.complainant ? csrfToken(req) : undefined,
        errors,
        errorOf: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      }),
    );
  };

  const principalOf = (req: Request): ComplainantPrincipal => {
    if (!req.complainant) throw new NotSignedIn();
    return req.complainant;
  };

  /** The case if it is the signed-in complainant's; anything else is "not found", whether or not it exists. */
  const casePage = async (req: Request, view: 'complainant-status' | 'complainant-letter', reference = String(req.params.reference)): Promise<CasePage> => {
    const principal = principalOf(req);
    if (!REFERENCE.test(reference) || !principal.references.includes(reference)) throw new PageNotFound();
    const [status] = await complainantStatus(deps.records.db, [reference]);
    const facts = await complainantCaseFacts(deps.records.db, reference);
    if (!status || !facts) throw new PageNotFound();
    await deps.records.recordAccess({ reference, actor: actorOf(principal), action: 'read', view });
    return { principal, status, facts, voice: facts.easyRead ? 'easy' : 'standard' };
  };

  const caseUrl = (req: Request, reference: string) => `${siteOf(req).root}/status/${reference}`;

  router.use(pageHeaders);

  router.get('/', async (req, res) => {
    const principal = principalOf(req);
    const cases = await complainantStatus(deps.records.db, principal.references);
    // One case: its page, here. Several: a list to choose from (each case's page logs its own view).
    if (cases.length === 1) return render(req, res, 'status.njk', statusContext(await casePage(req, 'complainant-status', cases[0]!.reference), councilOf(req), siteOf(req).root));
    for (const c of cases) await deps.records.recordAccess({ reference: c.reference, actor: actorOf(principal), action: 'read', view: 'complainant-status' });
    render(req, res, 'status-list.njk', {
      title: 'Your complaints',
      cases: cases.map((c) => ({ reference: c.reference, received: longDate(londonDateOf(new Date(c.receivedAt))), stage: stageInWords(c.stage, c.status, 'standard'), href: caseUrl(req, c.reference) })),
    });
  });

  router.get('/:reference', async (req, res) => {
    const page = await casePage(req, 'complainant-status');
    const done = typeof req.query.done === 'string' ? await recall(page.status.reference, req.query.done) : undefined;
    render(req, res, 'status.njk', { ...statusContext(page, councilOf(req), siteOf(req).root), done });
  });

  router.get('/:reference/letters/:n', async (req, res) => {
    const page = await casePage(req, 'complainant-letter');
    const letter = await letterOf(page, req.params.n as string);
    render(req, res, 'letter.njk', {
      title: letter.subject,
      easy: page.voice === 'easy',
      backHref: caseUrl(req, page.status.reference),
      sent: longDate(londonDateOf(new Date(letter.date))),
      paragraphs: letter.body.split(/\n{2,}/).map((p) => p.split('\n')),
      downloadHref: `${caseUrl(req, page.status.reference)}/letters/${req.params.n}/download`,
    });
  });

  router.get('/:reference/letters/:n/download', async (req, res) => {
    const page = await casePage(req, 'complainant-letter');
    const letter = await letterOf(page, req.params.n as string);
    res.attachment(`${page.status.reference}-letter-${req.params.n}.md`).type('text/markdown; charset=utf-8').send(letter.body);
  });

  const letterOf = async (page: CasePage, n: string) => {
    const letter = /^[1-9]\d{0,3}$/.test(n) ? await complainantLetter(deps.records.db, page.status.reference, Number(n)) : null;
    if (!letter) throw new PageNotFound();
    return letter;
  };

  /** The answer `complainantAct` kept for this key: the page after a form shows it (post, redirect, get). */
  const recall = async (reference: string, key: string): Promise<ComplainantActResult | undefined> => {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) return undefined;
    const scope = `${COMPLAINANT_ACTOR}:${reference}`;
    const stored = await deps.records.recallResponse(scopedKeyHash(scope, key), scope);
    return stored ? (stored.body as ComplainantActResult) : undefined;
  };

  const actionPage = (req: Request, res: Response, page: CasePage, action: Action, values: Record<string, string> = {}, errors: FieldError[] = [], status = 200) => {
    const easy = page.voice === 'easy';
    const next = nextStageOf(page.facts.window?.key, page.voice);
    const titles: Record<Action, string> = {
      escalate: next.button,
      'answer-extension': easy ? 'Can we have more time?' : 'Do you agree to give us more time?',
      advocacy: easy ? 'Ask for someone to help you' : 'Ask for an advocate',
      satisfaction: easy ? 'Are you happy with how we dealt with your complaint?' : 'Are you satisfied with how your complaint was resolved?',
      withdraw: easy ? 'Are you sure you want to stop your complaint?' : 'Are you sure you want to withdraw your complaint?',
    };
    render(
      req,
      res,
      `act-${action}.njk`,
      {
        title: titles[action],
        errors,
        easy,
        reference: page.status.reference,
        action: `${caseUrl(req, page.status.reference)}/${action}`,
        backHref: caseUrl(req, page.status.reference),
        // Made when the form is shown: a second press or a resent form carries the same key, so it acts once.
        idempotencyKey: values.idempotencyKey ?? randomUUID(),
        values,
        next,
        window: page.facts.window ? { ...page.facts.window, date: longDate(page.facts.window.due) } : null,
        extension: page.facts.extensionAsked ? { workingDays: page.facts.extensionAsked.workingDays, proposedDue: longDate(page.facts.extensionAsked.proposedDue) } : null,
        respondBy: page.facts.pending.find((d) => d.key === 'stage2.respond')?.due,
      },
      errors.length ? status : 200,
    );
  };

  for (const action of ACTIONS) {
    router.get(`/:reference/${action}`, async (req, res) => {
      const page = await casePage(req, 'complainant-status');
      // A form the case does not offer now is not shown; one sent anyway is answered by the procedure's reason.
      if (!offered(page).includes(action)) throw new PageNotFound();
      actionPage(req, res, page, action);
    });
    router.post(`/:reference/${action}`, forms, requireCsrf, async (req, res) => {
      const page = await casePage(req, 'complainant-status');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const again = (errors: FieldError[], status: number) => actionPage(req, res, page, action, values, errors, status);
      const unstorable = unstorableText(values);
      if (unstorable) return again([{ field: unstorable, href: `#${unstorable}`, text: 'Remove the character that cannot be stored from your answer' }], 400);
      const read = readAction(action, values, page.voice);
      if ('errors' in read) return again(read.errors, 400);
      try {
        const result = await complainantAct(
          { client: deps.client, records: deps.records },
          { part: 'complainant', isComplainant: true },
          page.status.reference,
          read.command,
          read.input,
          values.idempotencyKey || undefined,
        );
        res.redirect(303, `${caseUrl(req, result.reference)}?done=${encodeURIComponent(values.idempotencyKey ?? '')}`);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500) throw error;
        // The procedure's reason (409) or the field the API names (400), beside the form's field.
        const field = read.field;
        const listed = (error.extra.errors as Array<{ field: string; message: string }> | undefined) ?? [];
        const text = error.status === 409 ? `${error.detail}` : listed.map((e) => `${e.field}: ${e.message}`).join('; ') || String(error.detail ?? error.title);
        again([{ field, href: `#${field}`, text: sentence(text) }], error.status === 409 ? 409 : 400);
      }
    });
  }

  const onError: ErrorRequestHandler = (error, req, res, next) => {
    if (error instanceof NotSignedIn || (error instanceof ProblemError && error.status === 401)) {
      return render(req, res, 'message.njk', { title: 'Sign in to see your complaint', heading: 'Sign in to see your complaint', body: 'We will email you a link to sign in.', link: { href: `${siteOf(req).root}/sign-in`, text: 'Get a link to sign in' } }, 401);
    }
    if (error instanceof PageNotFound) {
      return render(req, res, 'message.njk', { title: 'Page not found', heading: 'Page not found', body: 'If you typed the web address, check it is correct.', link: { href: `${siteOf(req).root}/status`, text: 'Go to your complaint' } }, 404);
    }
    if (error instanceof ProblemError && error.status === 403) {
      return render(req, res, 'message.njk', { title: 'Your form could not be sent', heading: 'Your form could not be sent', body: 'The page was open too long, or came from somewhere else. Nothing was sent.', link: { href: `${siteOf(req).root}/status`, text: 'Go back to your complaint' } }, 403);
    }
    if (error instanceof ProblemError && error.status < 500) return next(error);
    deps.log('status page failed', error);
    render(req, res, 'message.njk', { title: 'Sorry, there is a problem with the service', heading: 'Sorry, there is a problem with the service', body: 'Try again later. Nothing you sent has been lost.' }, 500);
  };

  const outer = Router();
  outer.use('/status', router);
  router.use(onError);
  return outer;
}

/** A refusal's reason as a sentence: capital first, full stop last. */
function sentence(text: string): string {
  const t = text.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

/** The forms the case offers now. The workflow decides in the end: a form shown a moment too late is refused with its reason. */
export function offered({ status, facts }: Pick<CasePage, 'status' | 'facts'>): Action[] {
  const open = status.status !== 'closed';
  const did = (action: string) => facts.acts.some((a) => a.action === action);
  const out: Action[] = [];
  // Inside the window, always accepted; after it (closed as not pursued), recorded as a late request (Luton 19.12; RRC guidance, Stage 2).
  // And while the response is overdue: the complainant may go on without it (transitions/escalation.ts).
  const responseLate = open && (status.overdue?.key === 'stage1.respond' || status.overdue?.key === 'stage2.respond');
  if ((status.status === 'awaiting-escalation' && facts.window?.open) || (status.status === 'closed' && facts.outcome?.kind === 'not-pursued') || responseLate) out.push('escalate');
  if (open && facts.extensionAsked) out.push('answer-extension');
  if (open && !did('advocacy-requested') && !did('advocacy-accepted')) out.push('advocacy');
  if (!open && !did('satisfaction-recorded') && (facts.satisfaction === null || facts.satisfaction === 'not-asked' || facts.satisfaction === 'no-answer')) out.push('satisfaction');
  if (open) out.push('withdraw');
  return out;
}

type Read = { command: string; input: Record<string, unknown>; field: string } | { errors: FieldError[] };

/** The form's fields as the command's input, or the fields' errors. */
function readAction(action: Action, values: Record<string, string>, voice: Voice): Read {
  switch (action) {
    case 'escalate': {
      const reasons = (values.reasons ?? '').trim();
      if (reasons.length > 10_000) return { errors: [{ field: 'reasons', href: '#reasons', text: 'Your reasons must be 10,000 characters or fewer' }] };
      return { command: 'escalate', input: reasons ? { reasons } : {}, field: 'reasons' };
    }
    case 'answer-extension':
      if (values.agree !== 'yes' && values.agree !== 'no') return { errors: [{ field: 'agree', href: '#agree', text: voice === 'easy' ? 'Choose yes or no' : 'Select yes if you agree to the extra time' }] };
      return { command: 'answer-extension', input: { agree: values.agree === 'yes' }, field: 'agree' };
    case 'advocacy':
      return { command: 'advocacy', input: { event: 'requested' }, field: 'advocacy' };
    case 'satisfaction':
      if (values.satisfaction !== 'satisfied' && values.satisfaction !== 'not-satisfied') {
        return { errors: [{ field: 'satisfaction', href: '#satisfaction', text: voice === 'easy' ? 'Choose yes or no' : 'Select whether you are satisfied' }] };
      }
      return { command: 'record-satisfaction', input: { satisfaction: values.satisfaction }, field: 'satisfaction' };
    default:
      return { command: 'withdraw', input: {}, field: 'withdraw' };
  }
}

/** The status page's content: every date in GOV.UK's long style, every word from status-words.ts. */
function statusContext(page: CasePage, council: SignInCouncil, root: string): Record<string, unknown> & { title: string } {
  const { status, facts, voice } = page;
  const easy = voice === 'easy';
  const ref = status.reference;
  const dates = facts.pending.map((d) => ({ key: d.key, words: dueInWords(d, voice), date: longDate(d.due), workingDays: workingDaysInWords(d, voice), explanation: d.explanation }));
  return {
    title: easy ? 'Your complaint' : `Your complaint ${ref}`,
    easy,
    reference: ref,
    stage: stageInWords(status.stage, status.status, voice),
    received: longDate(londonDateOf(new Date(status.receivedAt))),
    closed: status.closedAt ? longDate(londonDateOf(new Date(status.closedAt))) : null,
    dates,
    overdue: status.overdue ? lateInWords(status.overdue, longDate(status.overdue.due), voice) : null,
    hold: status.onHold ? HOLD_WORDS[voice] : null,
    letters: status.letters.map((l, i) => ({ subject: l.subject, date: longDate(londonDateOf(new Date(l.date))), href: `${root}/status/${ref}/letters/${i + 1}`, download: `${root}/status/${ref}/letters/${i + 1}/download` })),
    handledBy: status.handledBy,
    council,
    acts: facts.acts.flatMap((a) => {
      const said = complainantSentence(a, 'You');
      return said ? [{ date: longDate(londonDateOf(new Date(a.at))), text: `${said}.` }] : [];
    }),
    offered: offered(page),
    next: nextStageOf(facts.window?.key, voice),
    windowClosed: facts.window && !facts.window.open ? longDate(facts.window.due) : null,
    extension: facts.extensionAsked ? { workingDays: facts.extensionAsked.workingDays, proposedDue: longDate(facts.extensionAsked.proposedDue) } : null,
  };
}
