/** `ofm-postman sandbox`: the local FAPI 2.0 sandbox in the foreground. */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { DEFAULT_KEYS_DIR } from '../../keys/key-defaults.js';
import { SANDBOX_DEFAULTS } from '../../server/config.js';

/** The sandbox module loads oidc-provider; only this command needs it, so it is imported here. */
async function loadSandbox() {
  return import('../../server/sandbox.js');
}

interface SandboxArgs {
  port: number;
  host: string;
  keys: string;
  'strict-fapi': boolean;
  'max-assertion-lifetime': number;
  'access-token-ttl': number;
  quiet: boolean;
}

export const sandboxCommand: CommandModule<object, SandboxArgs> = {
  command: 'sandbox',
  describe:
    'Start the local FAPI 2.0 sandbox (authorization server + PayNet-like resource server) over mTLS',
  builder: (yargs) =>
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
      .option('quiet', {
        type: 'boolean',
        default: false,
        describe: 'Log only refusals, not the ready line',
      })
      .example('$0 sandbox', 'Serve https://127.0.0.1:8443 with the keys in .ofm/keys')
      .example('$0 sandbox --port 0 --strict-fapi', 'Any free port, FAPI 2.0 Final audience rules'),
  handler: async (args) => {
    const { startSandbox } = await loadSandbox();
    const sandbox = await startSandbox({
      host: args.host,
      port: args.port,
      keysDir: resolve(args.keys),
      strictFapi: args['strict-fapi'],
      maxAssertionLifetime: args['max-assertion-lifetime'],
      accessTokenTtl: args['access-token-ttl'],
      // One JSON object per line: the ready line on stdout, refusals and their reasons on stderr.
      log: (event: Record<string, unknown>) => {
        if (event['event'] === 'ready') {
          if (!args.quiet)
            process.stdout.write(
              `${JSON.stringify({ issuer: event['issuer'], port: event['port'], pid: event['pid'] })}\n`,
            );
        } else {
          process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
        }
      },
    });
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        process.stderr.write(`${JSON.stringify({ event: 'shutdown', signal })}\n`);
        void sandbox.close().then(done);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
