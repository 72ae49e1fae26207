import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/**
 * The pages' headers and limits, over plain HTTP against the real app: the
 * form cookie's attributes, a CSP of this origin only, the submit limit
 * (api/rate-limit.ts) as a page, and the API's own rules left as they were.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ trustProxy: 'loopback', web: { submitsPerMinute: 1 } });
});
afterAll(async () => {
  await api?.stop();
});

async function open(headers: Record<string, string> = {}): Promise<{ res: Response; cookie: string; csrf: string }> {
  const res = await fetch(`${api.baseUrl}/complaints/who`, { headers });
  const cookie = res.headers.get('set-cookie') ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { res, cookie, csrf };
}

describe('the form session and its headers', () => {
  it('sets complaint_form HttpOnly and SameSite=Lax, Secure only over TLS; a CSP of this origin only', async () => {
    const { res, cookie, csrf } = await open();
    expect(res.status).toBe(200);
    expect(cookie).toMatch(/^complaint_form=[A-Za-z0-9_-]{43}; Path=\/complaints; Max-Age=3600; HttpOnly; SameSite=Lax$/);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]+'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Behind a trusted proxy that terminated TLS, the cookie is Secure.
    const tls = await open({ 'x-forwarded-proto': 'https' });
    expect(tls.cookie).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('leaves the API as it was: its JSON, its CSP, no form cookie', async () => {
    const res = await fetch(`${api.baseUrl}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${api.baseUrl}/v1/complaints`)).status).toBe(401);
  });

  it('limits complaints sent from one address (429 as a page, with Retry-After)', async () => {
    const { cookie, csrf } = await open();
    const send = () =>
      fetch(`${api.baseUrl}/complaints/check`, {
        method: 'POST',
        headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }),
        redirect: 'manual',
      });
    // Nothing answered yet: sent back to the first question, and counted.
    const first = await send();
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/complaints/who');
    const second = await send();
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(second.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await second.text()).toContain('Too many complaints have been sent from your connection');
  });

  it('answers an unknown page with a 404 page and a bad form with a 400 naming the field', async () => {
    const missing = await fetch(`${api.baseUrl}/complaints/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<title>Page not found – Make a complaint – The Council</title>');
    const { cookie, csrf } = await open();
    const bad = await fetch(`${api.baseUrl}/complaints/who`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, who: 'king' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<a href="#who">Select who you are</a>');
    // A NUL the records store cannot keep: a 400 on its field, not a 500.
    const nul = await fetch(`${api.baseUrl}/complaints/outcome`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, outcome: 'an apology\u0000' }),
      redirect: 'manual',
    });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain('<a href="#outcome">Remove the character that cannot be stored from your answer</a>');
  });
});
