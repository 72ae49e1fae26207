/**
 * A readable page for the OpenAPI document, self-contained (no CDN: the
 * machines this runs on may have no internet).
 */
export function docsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary?: string; description?: string; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description?: string }> }>>;
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const sections = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const body = op.requestBody?.content['application/json']?.schema;
        const responses = Object.entries(op.responses)
          .map(([code, r]) => `<li><code>${code}</code> ${esc(r.description ?? '')}</li>`)
          .join('');
        return `<section><h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h2>
<p>${esc(op.summary ?? '')}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
${body ? `<details><summary>Request body</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<ul>${responses}</ul></section>`;
      }),
    )
    .join('\n');
  const info = doc.info as { title: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}
h1{font-size:1.8rem}h2{font-size:1.1rem;margin:0}section{border-top:1px solid #b1b4b6;padding:1rem 0}
.m{display:inline-block;min-width:3.5rem;font-weight:700}.post{color:#00703c}.get{color:#1d70b8}.d{color:#505a5f}
pre{background:#f3f2f1;padding:.75rem;overflow:auto;font-size:13px}code{font-size:14px}</style></head>
<body><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
${sections}</body></html>`;
}
