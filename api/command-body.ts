import type { z } from 'zod';
import type { stepSchema } from '../domain/complaint/commands';

/**
 * A command's body as a client sends it: its schema without the fields the
 * API fills in itself, the actor (from the token) and, where the command has
 * it, the independence register's answer (api/register-check.ts). A client
 * that sends either gets a 400 for an unknown field.
 */
export function clientBody(s: z.ZodType): typeof stepSchema {
  const schema = s as typeof stepSchema;
  const mask = 'register' in schema.shape ? { actor: true, register: true } : { actor: true };
  return schema.omit(mask as { actor: true }) as unknown as typeof stepSchema;
}
