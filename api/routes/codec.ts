import { Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { requireRole, type Caller } from '../auth/authenticate';
import { ENCODING } from '../../temporal/codec';
import { CODEC_ROLES } from '../auth/roles';
import { PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { noSuchComplaint } from '../auth/case-access';
import { REFERENCE_IN_TEXT } from '../schemas';
import type { Records } from '../../records/repository';

/**
 * The Temporal UI's remote codec endpoint: POST /codec/encode and
 * /codec/decode with `{ payloads: [{ metadata, data }] }`, bytes in base64.
 * Only signed-in callers with a codec role see plain payloads. Anyone else
 * (the dev server's UI has no sign-in, so it sends no token) gets each
 * encrypted payload back as a short notice saying why it stays encrypted:
 * the UI shows that instead of a "Codec Server could not connect" banner.
 * A token that is present but not valid is still a 401. CORS admits the UI's
 * origin only. Every decode for an allowed caller is a read of personal data:
 * one access log entry per case the payloads name (a workflow's id and input
 * carry its reference), or one without a case when they name none.
 */
const payloadsSchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), z.string()).default({}), data: z.string().default('') }))
    .max(1_000),
});

function fromJson(p: { metadata: Record<string, string>; data: string }): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data, 'base64'),
  };
}

function toJson(p: Payload) {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}

/** What stands in for an encrypted payload for a caller who may not see it (JSON, which the UI shows as it is). */
export function withheldNotice(caller: Caller | undefined): string {
  return caller
    ? `Encrypted: personal data. Your roles (${caller.roles.join(', ') || 'none'}) may not see it; decoding needs one of: ${CODEC_ROLES.join(', ')}.`
    : `Encrypted: personal data. Sign in as ${CODEC_ROLES.join(' or ')} to see it (the Temporal UI passes your token to this codec only with an auth provider; see the README).`;
}

function withheld(payload: Payload, notice: string): Payload {
  if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
  return { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(notice)) };
}

/** The complaint references named in decoded payloads, each once. */
export function referencesIn(payloads: readonly Payload[]): string[] {
  const found = new Set<string>();
  for (const p of payloads) for (const match of Buffer.from(p.data ?? []).toString('utf8').matchAll(REFERENCE_IN_TEXT)) found.add(match[0]);
  return [...found];
}

/**
 * A council's caller decodes its own council's payloads only: the UI's
 * X-Namespace (the namespace it shows) must be the council's, and every case
 * the decoded payloads name must be one of its own. Anything else is a 404,
 * as for a case that does not exist, and nothing is returned.
 */
export function codecRoutes(codec: PayloadCodec, records: Pick<Records, 'recordAccess' | 'caseAccessFacts'>, ownNamespace: () => string): Router {
  const router = Router();
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (req, res) => {
      const allowed = req.caller?.roles.some((r) => CODEC_ROLES.includes(r)) ?? false;
      // Encoding writes with the council's key: only for those allowed (401 or 403).
      if (direction === 'encode') requireRole(CODEC_ROLES, 'Encoding payloads', req.caller);
      const parsed = payloadsSchema.safeParse(req.body);
      if (!parsed.success) throw validationProblem(parsed.error);
      const payloads = parsed.data.payloads.map(fromJson);
      if (direction === 'decode' && !allowed) {
        const notice = withheldNotice(req.caller);
        res.json({ payloads: payloads.map((p) => toJson(withheld(p, notice))) });
        return;
      }
      const namespace = req.get('X-Namespace');
      if (namespace !== undefined && namespace !== ownNamespace()) {
        throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such namespace', `Your council's cases are not in the namespace ${namespace}`);
      }
      const out = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      if (direction === 'decode') for (const reference of referencesIn(out)) if (!(await records.caseAccessFacts(reference))) throw noSuchComplaint(reference);
      // Only payloads that were encrypted hold personal data: decoding the rest reads nothing.
      if (direction === 'decode' && payloads.some((p) => Buffer.from(p.metadata?.encoding ?? []).toString() === ENCODING)) {
        const actor = req.caller!.subject;
        const references = referencesIn(out);
        for (const reference of references) await records.recordAccess({ reference, actor, action: 'read', view: 'codec' });
        if (references.length === 0) await records.recordAccess({ actor, action: 'read', view: 'codec' });
      }
      res.json({ payloads: out.map(toJson) });
    });
  }
  return router;
}
