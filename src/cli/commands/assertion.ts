/** `ofm-postman assertion`: a signed client assertion (and the cURL token request) outside Postman. */
import { randomUUID } from 'node:crypto';
import type { CommandModule } from 'yargs';
import { CLIENT_ASSERTION_TYPE, readClientAuthSettings } from '../../shared/client-assertion.js';
import { isOfmError, OfmError } from '../../shared/errors.js';
import { VAR } from '../../shared/variables.js';
import {
  readPassphrase,
  resolveTarget,
  SECRET_ENV,
  withTargetOptions,
  type TargetArgs,
} from '../options.js';

interface AssertionArgs extends TargetArgs {
  'client-id': string;
  'signing-key': string;
  kid?: string;
  'passphrase-file'?: string;
  audience?: string;
  'token-endpoint'?: string;
  issuer?: string;
  lifetime?: string;
  curl: boolean;
  cert?: string;
  key?: string;
  scope: string;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const assertionCommand: CommandModule<object, AssertionArgs> = {
  command: 'assertion',
  describe: 'Print a freshly signed PS256 client assertion (with --curl: the whole token request)',
  builder: (yargs) =>
    withTargetOptions(yargs, undefined)
      .option('client-id', {
        type: 'string',
        demandOption: true,
        describe: 'Your OFP client_id (iss and sub)',
      })
      .option('signing-key', {
        type: 'string',
        demandOption: true,
        describe: 'Signing private key (PEM file)',
      })
      .option('kid', {
        type: 'string',
        describe: 'kid header (default: the key’s RFC 7638 thumbprint)',
      })
      .option('passphrase-file', {
        type: 'string',
        describe: `Passphrase file (or set ${SECRET_ENV.signingKeyPassphrase})`,
      })
      .option('audience', {
        type: 'string',
        describe: 'token_endpoint (default), issuer, or an https URL',
      })
      .option('token-endpoint', {
        type: 'string',
        describe: 'Token endpoint (default: from --target)',
      })
      .option('issuer', { type: 'string', describe: 'Issuer (default: from --target)' })
      .option('lifetime', {
        type: 'string',
        describe: 'Seconds from iat to exp, 1..3600 (default 600)',
      })
      .option('curl', {
        type: 'boolean',
        default: false,
        describe: 'Print the cURL client-credentials token request',
      })
      .option('cert', { type: 'string', describe: 'Transport certificate for --curl (mTLS)' })
      .option('key', { type: 'string', describe: 'Transport key for --curl (mTLS)' })
      .option('scope', { type: 'string', default: 'accounts', describe: 'scope for --curl' })
      .example(
        '$0 assertion --target paynet-sandbox --client-id 55aa… --signing-key keys/signing.key',
        'One assertion, aud = token endpoint',
      )
      .example(
        '$0 assertion --target paynet-sandbox --audience issuer --client-id 55aa… --signing-key keys/signing.key --curl --cert keys/transport.crt --key keys/transport.key',
        'The complete cURL request',
      ),
  handler: async (args) => {
    // jose and jsrsasign load when the command runs, not for --help.
    const { loadSigningKey } = await import('../../keys/signing-key.js');
    const { signClientAssertionNode } = await import('../../keys/sign-assertion.js');
    const target =
      args.target === undefined && args.discovery === undefined
        ? undefined
        : await resolveTarget(args);
    const passphrase = await readPassphrase(
      args['passphrase-file'],
      SECRET_ENV.signingKeyPassphrase,
    );
    const key = await loadSigningKey(args['signing-key'], passphrase);
    const tokenEndpoint = args['token-endpoint'] ?? target?.endpoints[VAR.tokenEndpoint];
    // The same validation as the sandbox script, over the same variable names.
    const variables: Record<string, string | undefined> = {
      [VAR.authMethod]: 'private_key_jwt',
      [VAR.clientId]: args['client-id'],
      [VAR.signingKid]: args.kid ?? key.thumbprint,
      [VAR.signingPrivateKey]: '(loaded from file)',
      [VAR.tokenEndpoint]: tokenEndpoint,
      [VAR.issuer]: args.issuer ?? target?.issuer,
      [VAR.assertionAudience]: args.audience,
      [VAR.assertionLifetime]: args.lifetime,
    };
    const settings = (() => {
      try {
        return readClientAuthSettings((name) => variables[name]);
      } catch (error) {
        if (isOfmError(error) && error.code === 'ERR_OFM_AUDIENCE_UNRESOLVED') {
          throw new OfmError(error.code, error.message, {
            cause: error,
            hint: 'add --target, or --token-endpoint / --issuer',
          });
        }
        throw error;
      }
    })();
    if (settings.method !== 'private_key_jwt') throw new Error('unreachable: method is fixed');
    const assertion = signClientAssertionNode(settings, key.privateKey);
    if (!args.curl) {
      process.stdout.write(`${assertion}\n`);
      return;
    }
    if (tokenEndpoint === undefined) {
      throw new OfmError('ERR_OFM_USAGE', '--curl needs the token endpoint.', {
        hint: 'add --target or --token-endpoint',
      });
    }
    const lines = [
      `curl -sS -X POST ${shellQuote(tokenEndpoint)}`,
      ...(args.cert ? [`--cert ${shellQuote(args.cert)}`] : []),
      ...(args.key ? [`--key ${shellQuote(args.key)}`] : []),
      `-H 'Content-Type: application/x-www-form-urlencoded'`,
      `-H ${shellQuote(`x-fapi-interaction-id: ${randomUUID()}`)}`,
      `--data-urlencode 'grant_type=client_credentials'`,
      `--data-urlencode ${shellQuote(`scope=${args.scope}`)}`,
      `--data-urlencode ${shellQuote(`client_id=${settings.clientId}`)}`,
      `--data-urlencode ${shellQuote(`client_assertion_type=${CLIENT_ASSERTION_TYPE}`)}`,
      `--data-urlencode ${shellQuote(`client_assertion=${assertion}`)}`,
    ];
    process.stdout.write(`${lines.join(' \\\n  ')}\n`);
  },
};
