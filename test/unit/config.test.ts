import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_COUNCIL, loadConfig, usesExampleCouncil } from '../../config/config';

const COUNCIL = {
  COUNCIL_NAME: 'Rutland County Council',
  COUNCIL_COMPLAINTS_PHONE: '01572 722577',
  COUNCIL_COMPLAINTS_EMAIL: 'letusknow@rutland.example',
  COUNCIL_COMPLAINTS_ADDRESS: 'Catmose, Catmos Street, Oakham, LE15 6HP',
};

/** The ConfigError's message, or a failure if the settings were accepted. */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('the council contact settings', () => {
  it('with nothing set (npm start), signs letters with clearly example details', () => {
    const config = loadConfig({});
    expect(config).toMatchObject(EXAMPLE_COUNCIL);
    expect(usesExampleCouncil(config)).toBe(true);
    expect(usesExampleCouncil(loadConfig(COUNCIL))).toBe(false);
  });

  it('refuses to start in production without them, naming each missing setting', () => {
    expect(refusal({ NODE_ENV: 'production' })).toBe(
      [
        'Invalid configuration:',
        "  COUNCIL_NAME: required, as NODE_ENV is production: every letter gives the council's name and how to contact its Complaints Team",
        "  COUNCIL_COMPLAINTS_PHONE: required, as NODE_ENV is production: every letter gives the council's name and how to contact its Complaints Team",
        "  COUNCIL_COMPLAINTS_EMAIL: required, as NODE_ENV is production: every letter gives the council's name and how to contact its Complaints Team",
        "  COUNCIL_COMPLAINTS_ADDRESS: required, as NODE_ENV is production: every letter gives the council's name and how to contact its Complaints Team",
      ].join('\n'),
    );
    // Compose passes an unset variable as empty: still missing.
    const { COUNCIL_COMPLAINTS_PHONE: _phone, ...withoutPhone } = COUNCIL;
    expect(refusal({ NODE_ENV: 'production', ...withoutPhone, COUNCIL_COMPLAINTS_PHONE: '' })).toBe(
      "Invalid configuration:\n  COUNCIL_COMPLAINTS_PHONE: required, as NODE_ENV is production: every letter gives the council's name and how to contact its Complaints Team",
    );
    expect(loadConfig({ NODE_ENV: 'production', ...COUNCIL })).toMatchObject(COUNCIL);
  });

  it('requires them once letters are emailed or sent by Notify, whatever NODE_ENV says', () => {
    const { COUNCIL_COMPLAINTS_ADDRESS: _address, ...withoutAddress } = COUNCIL;
    expect(refusal({ SMTP_URL: 'smtp://mail.example:25', MAIL_FROM: 'complaints@rutland.example', ...withoutAddress })).toMatch(
      /^Invalid configuration:\n {2}COUNCIL_COMPLAINTS_ADDRESS: required, as SMTP_URL is set/,
    );
    expect(refusal({ NOTIFY_API_KEY: 'test_key-0123456789', ...withoutAddress })).toMatch(/COUNCIL_COMPLAINTS_ADDRESS: required, as NOTIFY_API_KEY is set/);
  });

  it('refuses a malformed phone number or email by name', () => {
    expect(refusal({ ...COUNCIL, COUNCIL_COMPLAINTS_PHONE: 'call us' })).toContain('COUNCIL_COMPLAINTS_PHONE: a phone number such as 01572 758000');
    expect(refusal({ ...COUNCIL, COUNCIL_COMPLAINTS_EMAIL: 'complaints at rutland' })).toContain('COUNCIL_COMPLAINTS_EMAIL');
  });
});
