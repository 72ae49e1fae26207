import { isCouncilId } from '../domain/council';
import { DEFAULT_WAKE_SPREAD_MS, MAX_WAKE_SPREAD_MS } from '../domain/complaint/wake-spread';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every setting the product reads, parsed once at start-up so a bad value
 * fails fast with its name. The README's settings table mirrors this schema.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A setting holding JSON, checked against `schema`. */
function jsonOf<T extends z.ZodType>(schema: T) {
  return z.string().transform((text, ctx) => {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data as z.infer<T>;
      ctx.addIssue({ code: 'custom', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    }
    return z.NEVER;
  });
}

/**
 * Express's `trust proxy`: which proxies in front of the API may say, in
 * X-Forwarded-For, whose request it is (the address rate limits count by).
 * Off (`false`, or unset) ignores the header. A hop count (`1`), or a
 * comma-separated list of `loopback`, `linklocal`, `uniquelocal`, addresses
 * and subnets (`10.0.0.0/8`). Not `true`: trusting every hop lets any client
 * name its own address, and so escape its limit.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string => {
    if (value === '' || value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const bad = value.split(',').map((item) => item.trim()).filter((item) => !trustedProxy(item));
    if (value === 'true') ctx.addIssue({ code: 'custom', message: 'true would trust any client to name its own address: give the number of proxies in front of the API, or their addresses' });
    else if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not a hop count, loopback, linklocal, uniquelocal, address or subnet: ${bad.join(', ')}` });
    return value;
  });

function trustedProxy(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
  const [address = '', range, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4; // a netmask, 255.255.0.0
}

/** A setting where an empty value (as Compose passes an unset variable) counts as unset. */
function unlessEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/**
 * Who signs the letters and how to reach them. Every letter tells the
 * complainant to contact the team, and a council's procedure gives its phone,
 * email and postal address (Rutland 4.1, Luton 6.1), so a deployment whose
 * letters leave for real must give them. The embedded default (`npm start`
 * with nothing set) signs with these example values, which no council has:
 * the phone number is in Ofcom's range for drama, the domain is reserved
 * (RFC 2606).
 */
export const EXAMPLE_COUNCIL = {
  COUNCIL_NAME: 'The Council',
  COUNCIL_COMPLAINTS_PHONE: '01632 960000',
  COUNCIL_COMPLAINTS_EMAIL: 'complaints@council.example',
  COUNCIL_COMPLAINTS_ADDRESS: '1 Example Street, Exampletown, XX1 1XX',
} as const;
type CouncilSetting = keyof typeof EXAMPLE_COUNCIL;

/**
 * Whether the identity provider's key set is fetched safely: over https, or
 * over plain http only from this machine (loopback), where no one can swap
 * the keys in transit.
 */
export function isHttpsOrLoopback(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:') return true;
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname));
}

/** Token rules' defaults (README, "Tokens"): one home for the settings and for apps built without them. */
export const TOKEN_DEFAULTS = { maxTokenHours: 12, clockToleranceSeconds: 30 } as const;

export const configSchema = z.object({
  NODE_ENV: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('complaints'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFlag.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_DEV_SERVER_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DEFAULT_POLICY: z.string().min(1).default('england-statutory'),
  // The councils a worker process polls for (comma-separated ids), so one council's workers scale on their own; every council when unset.
  WORKER_COUNCILS: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.split(',').map((id) => id.trim()).filter(Boolean)))
    .refine((ids) => ids === undefined || ids.every(isCouncilId), 'council ids separated by commas, such as "default,luton"'),
  // Each council's worker's slots: how many workflow tasks and activities one council's burst (a bulk import, a midnight of deadlines) may hold in this process at once; DEFAULT_WORKER_SLOTS (worker/worker.ts) when unset.
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(1).max(1_000).optional(),
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1_000).optional(),
  // Each council's worker's sticky cache: how many cases it keeps in memory between tasks (about 0.5 MiB each), so their next task skips the replay; from the heap size when unset (worker/worker.ts).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).optional(),
  NOTIFY_API_KEY: z.string().min(10).optional(),
  NOTIFY_TEMPLATE_IDS: jsonOf(z.record(z.string(), z.string().min(1))).optional(),
  COUNCIL_NAME: unlessEmpty(z.string().trim().min(1).max(200)),
  COUNCIL_COMPLAINTS_CONTACT: z.string().min(1).default('the Complaints Team'),
  COUNCIL_COMPLAINTS_PHONE: unlessEmpty(z.string().trim().regex(/^\+?[\d ()-]{6,30}$/, 'a phone number such as 01572 758000')),
  COUNCIL_COMPLAINTS_EMAIL: unlessEmpty(z.email()),
  COUNCIL_COMPLAINTS_ADDRESS: unlessEmpty(z.string().trim().min(5).max(300)),
  STAFF_EMAILS: jsonOf(z.record(z.string(), z.email())).optional(),
  COMPLAINTS_INBOX: z.email().optional(),
  AUTH_JWKS_URL: z
    .url()
    .refine(isHttpsOrLoopback, 'must be an https: URL, such as https://login.council.example/.well-known/jwks.json (http: only on loopback: 127.0.0.0/8, ::1, localhost)')
    .optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_HOURS: z.coerce.number().int().min(1).max(168).default(TOKEN_DEFAULTS.maxTokenHours),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(TOKEN_DEFAULTS.clockToleranceSeconds),
  PAYLOAD_ENCRYPTION: booleanFlag.default(true),
  PAYLOAD_KEYS: z.string().min(1).optional(),
  PAYLOAD_KEYS_FILE: z.string().min(1).optional(),
  TEMPORAL_UI_ORIGINS: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((o) => o.trim()).filter(Boolean) : undefined)),
  // Seconds after a clock's instant (midnight for deadlines) across which cases' wakes are spread (domain/complaint/wake-spread.ts); 0 wakes each on the instant.
  DEADLINE_WAKE_SPREAD: z.coerce.number().int().min(0).max(MAX_WAKE_SPREAD_MS / 1000).default(DEFAULT_WAKE_SPREAD_MS / 1000),
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(3_000),
  TRUST_PROXY: trustProxy.default(false),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(5_000),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // The complainant's side (api/complainant/): where emailed links point (default http://HOST:PORT), and how long a session lasts.
  PUBLIC_URL: z.url().optional(),
  COMPLAINANT_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  COMPLAINANT_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  // The staff pages (web/staff/): their OpenID Connect client at the identity provider AUTH_ISSUER names, and their sessions.
  STAFF_OIDC_CLIENT_ID: z.string().min(1).optional(),
  STAFF_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(10),
});

export type Config = Readonly<Omit<z.infer<typeof configSchema>, CouncilSetting> & Record<CouncilSetting, string>>;

/**
 * Whether letters leave for real, so the council's own name and contact
 * details are required: in production (`NODE_ENV=production`, as the
 * Dockerfile sets), or once email or GOV.UK Notify is configured.
 */
function lettersLeaveForReal(config: z.infer<typeof configSchema>): string | undefined {
  if (config.NODE_ENV === 'production') return 'NODE_ENV is production';
  if (config.SMTP_URL) return 'SMTP_URL is set';
  if (config.NOTIFY_API_KEY) return 'NOTIFY_API_KEY is set';
  return undefined;
}

/** Whether the letters are signed with the example council's details (the embedded default). */
export function usesExampleCouncil(config: Config): boolean {
  return (Object.keys(EXAMPLE_COUNCIL) as CouncilSetting[]).some((key) => config[key] === EXAMPLE_COUNCIL[key]);
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  if (Boolean(config.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    throw new ConfigError(
      'Invalid configuration:\n  TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together',
    );
  }
  if (config.SMTP_URL && !config.MAIL_FROM) throw new ConfigError('Invalid configuration:\n  SMTP_URL needs MAIL_FROM');
  if (config.STAFF_OIDC_CLIENT_ID && !config.AUTH_JWKS_URL) {
    throw new ConfigError('Invalid configuration:\n  STAFF_OIDC_CLIENT_ID needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE: the staff pages sign in at the identity provider the API trusts');
  }
  if (config.AUTH_JWKS_URL && (!config.AUTH_ISSUER || !config.AUTH_AUDIENCE)) {
    throw new ConfigError('Invalid configuration:\n  AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
  }
  const real = lettersLeaveForReal(config);
  const council = {} as Record<CouncilSetting, string>;
  const missing: string[] = [];
  for (const key of Object.keys(EXAMPLE_COUNCIL) as CouncilSetting[]) {
    const value = config[key];
    if (value === undefined && real) missing.push(`  ${key}: required, as ${real}: every letter gives the council's name and how to contact its Complaints Team`);
    council[key] = value ?? EXAMPLE_COUNCIL[key];
  }
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return Object.freeze({ ...config, ...council });
}

/**
 * The configuration of a process that serves the API: in production it takes
 * only the council's identity provider's tokens. The local key pair (and
 * `npm run token`) is for the embedded default only: anyone who can read
 * DATA_DIR could sign in as anyone.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = loadConfig(env);
  if (config.NODE_ENV === 'production' && !config.AUTH_JWKS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_JWKS_URL: required, as NODE_ENV is production: the API accepts only tokens from the council\'s identity provider ' +
        '(set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE); the local keys in DATA_DIR/keys are for the embedded default only',
    );
  }
  return config;
}
