/** `ofm-postman sandbox`: the local FAPI 2.0 sandbox in the foreground. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { ServerError } from '../../shared/errors.js';
import { DEFAULT_KEYS_DIR } from '../../keys/key-defaults.js';
import { SANDBOX_DEFAULTS } from '../../server/config.js';
import { MISBEHAVIOUR_NAMES } from '../../server/misbehave-modules.js';
import { shiftProcessClock } from '../../server/shifted-clock.js';
import { io } from '../../files/io.js';

/** The sandbox module loads oidc-provider; only this command needs it, so it is imported here. */
async function loadSandbox() {
  return import('../../server/sandbox.js');
}

const builder = (yargs: Argv) =>
  yargs
    .option('port', {
      type: 'number',
      default: SANDBOX_DEFAULTS.port,
      describe: 'Port (0: any free port)',
    })
    .option('host', {
      type: 'string',
      default: SANDBOX_DEFAULTS.host,
      describe: 'Loopback address to listen on',
    })
    .option('keys', {
      type: 'string',
      default: DEFAULT_KEYS_DIR,
      describe: 'Test key folder (ofm-postman keys)',
    })
    .option('strict-fapi', {
      type: 'boolean',
      default: false,
      describe: 'FAPI 2.0 Final: accept only the issuer as assertion aud',
    })
    .option('max-assertion-lifetime', {
      type: 'number',
      default: SANDBOX_DEFAULTS.maxAssertionLifetime,
      describe: 'Longest accepted client-assertion lifetime, seconds',
    })
    .option('access-token-ttl', {
      type: 'number',
      default: SANDBOX_DEFAULTS.accessTokenTtl,
      describe: 'Access-token lifetime, seconds',
    })
    .option('login', {
      choices: ['auto', 'manual'],
      default: SANDBOX_DEFAULTS.login,
      describe:
        'auto: approve the test user at once (Newman, npm start); manual: a login and consent page for a person',
    })
    .option('loopback-port', {
      type: 'number',
      default: SANDBOX_DEFAULTS.loopbackRedirectPort,
      describe: 'Port of the registered loopback redirect URI http://127.0.0.1:PORT/callback',
    })
    .option('misbehave', {
      choices: MISBEHAVIOUR_NAMES,
      default: SANDBOX_DEFAULTS.misbehave,
      describe:
        "Answer as this module of the OpenID Foundation's FAPI 2.0 client test plan does (fapi2-security-profile-final-client-test-…); see the README",
    })
    .option('clock-offset', {
      type: 'number',
      default: 0,
      describe:
        "Run the sandbox on a clock this many seconds off (negative: behind), to try a client's clock handling",
    })
    .option('kit', {
      type: 'string',
      describe:
        'Credential kit (ofm-postman onboard): both clients use its JWKS and transport certificates',
    })
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'Log only refusals, not the ready line',
    })
    .example('$0 sandbox', 'Serve https://127.0.0.1:8443 with the keys in .ofm/keys')
    .example('$0 sandbox --port 0 --strict-fapi', 'Any free port, FAPI 2.0 Final audience rules')
    .example(
      '$0 sandbox --port 0 --login manual',
      'A login and consent page at the authorization endpoint (test user in the ready line)',
    )
    .example(
      '$0 sandbox --misbehave invalid-nonce',
      'ID tokens with a wrong nonce: a client must refuse them',
    );

/** The arguments the builder declares, as yargs infers them. */
type SandboxArgs = BuilderArgs<typeof builder>;

export const sandboxCommand: CommandModule<object, SandboxArgs> = {
  command: 'sandbox',
  describe:
    'Start the local FAPI 2.0 sandbox (authorization server + PayNet-like resource server) over mTLS',
  builder,
  handler: async (args) => {
    const offset = args['clock-offset'];
    if (!Number.isInteger(offset) || Math.abs(offset) > 86_400) {
      throw new ServerError(
        'ERR_OFM_SANDBOX_CONFIG',
        `clockOffset: must be a whole number of seconds from -86400 to 86400, got ${String(offset)}.`,
        {
          hint: 'run ofm-postman sandbox --help for the accepted values',
        },
      );
    }
    shiftProcessClock(offset);
    // Stdout carries the ready line and nothing else, so a script can read it; whatever a
    // dependency prints through the console (oidc-provider's notices) goes to stderr.
    for (const level of ['log', 'info', 'debug'] as const) console[level] = console.error;
    // Signals are caught before the ready line goes out: a supervisor may stop the sandbox as soon
    // as it reads that line, and the shutdown must still be clean.
    let stopRequested: string | undefined;
    let stop = (signal: string) => {
      stopRequested = signal;
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    const { startSandbox } = await loadSandbox();
    const sandbox = await startSandbox({
      host: args.host,
      port: args.port,
      keysDir: resolve(args.keys),
      strictFapi: args['strict-fapi'],
      maxAssertionLifetime: args['max-assertion-lifetime'],
      accessTokenTtl: args['access-token-ttl'],
      login: args.login,
      loopbackRedirectPort: args['loopback-port'],
      misbehave: args.misbehave,
      kitDir: args.kit === undefined ? undefined : resolve(args.kit),
      // One JSON object per line: the ready line on stdout, refusals and their reasons on stderr.
      log: (event: Record<string, unknown>) => {
        if (event['event'] === 'ready') {
          if (!args.quiet)
            io.stdout.write(
              `${JSON.stringify({
                issuer: event['issuer'],
                port: event['port'],
                pid: event['pid'],
                login: event['login'],
                redirect_uris: event['redirect_uris'],
                ...(event['test_user'] === undefined ? {} : { test_user: event['test_user'] }),
                ...(args.misbehave === 'happy-path' ? {} : { misbehave: args.misbehave }),
                ...(offset === 0 ? {} : { clock_offset: offset }),
              })}\n`,
            );
        } else {
          io.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
        }
      },
    });
    await new Promise<void>((done) => {
      stop = (signal: string) => {
        io.stderr.write(`${JSON.stringify({ event: 'shutdown', signal })}\n`);
        void sandbox.close().then(done);
      };
      if (stopRequested !== undefined) stop(stopRequested);
    });
  },
};
