import type { z } from 'zod';
import type { stepSchema } from '../domain/complaint/commands';

/**
 * A command's body as a client sends it: its schema without the fields the
 * API fills in itself, the actor (from the token) and, where the command has
 * it, the independence register's answer (api/register-check.ts), and `by`
 * (the complainant's own act). A client
 * that sends either gets a 400 for an unknown field.
 */
export function clientBody(s: z.ZodType): ReturnType<typeof stepSchema> {
  let body = bodies.get(s);
  if (!body) bodies.set(s, (body = maskedBody(s)));
  return body;
}

/** The client's body, unknown fields refused (400): what a command's request is parsed with. */
export function strictClientBody(s: z.ZodType): ReturnType<typeof stepSchema> {
  let body = strictBodies.get(s);
  if (!body) strictBodies.set(s, (body = clientBody(s).strict() as unknown as ReturnType<typeof stepSchema>));
  return body;
}

// Built once a schema: a zod schema is immutable, and building one (`.strict()` clones it) costs more than parsing a body with it.
const bodies = new WeakMap<z.ZodType, ReturnType<typeof stepSchema>>();
const strictBodies = new WeakMap<z.ZodType, ReturnType<typeof stepSchema>>();

function maskedBody(s: z.ZodType): ReturnType<typeof stepSchema> {
  const schema = s as ReturnType<typeof stepSchema>;
  // `by` marks the complainant's own act (api/complainant/actions.ts): never a staff client's to claim.
  const mask = 'register' in schema.shape ? { actor: true, by: true, register: true } : { actor: true, by: true };
  return schema.omit(mask as { actor: true }) as unknown as ReturnType<typeof stepSchema>;
}
