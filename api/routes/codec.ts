import { Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { CODEC_ROLES } from '../auth/roles';
import { validationProblem } from '../problems';

/**
 * The Temporal UI's remote codec endpoint: POST /codec/encode and
 * /codec/decode with `{ payloads: [{ metadata, data }] }`, bytes in base64.
 * Only signed-in callers with a codec role see plain payloads; everyone else
 * sees ciphertext in the UI. CORS admits the UI's origin only.
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

export function codecRoutes(codec: PayloadCodec): Router {
  const router = Router();
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (req, res) => {
      requireRole(CODEC_ROLES, 'Seeing decoded payloads', req.caller);
      const parsed = payloadsSchema.safeParse(req.body);
      if (!parsed.success) throw validationProblem(parsed.error);
      const payloads = parsed.data.payloads.map(fromJson);
      const out = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      res.json({ payloads: out.map(toJson) });
    });
  }
  return router;
}
