import { z } from 'zod';

/**
 * "Previous" and "Next" over the records' keyset cursors (records/cases.ts
 * listCases, records/staff-queues.ts): a cursor only goes forward, so the
 * link to the next page carries the cursors of the pages before it (`back`),
 * and "Previous" takes the last of them off. The first page has no cursor.
 */
export const pagingSchema = z.object({
  cursor: z.string().min(1).max(500, { error: 'That page link is damaged: start again from the first page' }).optional(),
  back: z
    .union([z.string(), z.array(z.string())])
    .transform((b) => (Array.isArray(b) ? b : [b]))
    .pipe(z.array(z.string().min(1).max(500)).max(100, { error: 'That page link is damaged: start again from the first page' }))
    .optional(),
});
export type Paging = z.infer<typeof pagingSchema>;

export interface PageLinks {
  previous?: { href: string };
  next?: { href: string };
}

/** The links of a page at `paging`, whose next page starts at `nextCursor`; `keep` are the page's other query parameters (its filters). */
export function pageLinks(path: string, keep: Record<string, string | undefined>, paging: Paging, nextCursor: string | null): PageLinks {
  const href = (cursor: string | undefined, back: readonly string[]) => {
    const q = new URLSearchParams(Object.entries(keep).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    if (cursor) q.set('cursor', cursor);
    for (const b of back) q.append('back', b);
    const text = q.toString();
    return `${path}${text ? `?${text}` : ''}`;
  };
  const back = paging.back ?? [];
  const links: PageLinks = {};
  if (paging.cursor) links.previous = { href: href(back.at(-1), back.slice(0, -1)) };
  if (nextCursor) links.next = { href: href(nextCursor, paging.cursor ? [...back, paging.cursor] : []) };
  return links;
}
