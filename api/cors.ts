import type { RequestHandler } from 'express';

/**
 * CORS for a fixed list of origins, closed to every other: the API opens it
 * to CORS_ORIGINS (none by default), the codec endpoint to the Temporal UI.
 */
export function cors(options: { origins: readonly string[]; headers: string; methods: string; credentials?: boolean }): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && options.origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (options.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', options.headers);
      res.setHeader('Access-Control-Allow-Methods', options.methods);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
