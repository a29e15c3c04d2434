/** `ofm-postman assertion`: a signed client assertion (and the cURL token request) outside Postman. */
import { randomUUID } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import {
  CLIENT_ASSERTION_TYPE,
  DEFAULT_AUDIENCE_CHOICE,
  readClientAuthSettings,
} from '../../shared/client-assertion.js';
import type { Target } from '../../builder/targets.js';
import { DEFAULT_KEYS_DIR } from '../../keys/key-defaults.js';
import { clockSkewWarning, offsetFromDateHeader } from '../../shared/clock.js';
import { isOfmError, OfmError, UsageError } from '../../shared/errors.js';
import { AUTH_METHODS, VAR, type AuthMethod } from '../../shared/variables.js';
import {
  assertPassphraseOpens,
  readPassphrase,
  resolveClientId,
  resolveTarget,
  readClockSkewFlag,
  withTargetOptions,
} from '../options.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { withKitOption } from '../kit-option.js';
import { io } from '../../files/io.js';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where the audience came from, for the line that says which one was signed. */
function audienceSource(given: string | undefined, target: Target | undefined): string {
  if (given !== undefined) return `--audience ${given}`;
  if (target !== undefined)
    return `assertion_audience ${target.assertionAudience}, as the ${target.name} environment`;
  return `assertion_audience ${DEFAULT_AUDIENCE_CHOICE}, the default`;
}

/** The signed assertion and the line that says its audience. */
async function signedAssertion(
  args: AssertionArgs,
  target: Target | undefined,
  clientId: string,
  tokenEndpoint: string | undefined,
  nowMs: number,
): Promise<{ assertion: string; note: string }> {
  if (args['signing-key'] === undefined) {
    throw new UsageError('ERR_OFM_USAGE', 'private_key_jwt needs --signing-key.', {
      hint: 'add --signing-key path/to/signing.key (the local sandbox: .ofm/keys/signing.key)',
    });
  }
  // jose and jsrsasign load when the command runs, not for --help.
  const { loadSigningKey } = await import('../../keys/signing-key.js');
  const { signClientAssertionNode } = await import('../../keys/sign-assertion.js');
  const passphrase = await readPassphrase(args['passphrase-file'], SECRET_ENV.signingKeyPassphrase);
  const key = await loadSigningKey(args['signing-key'], passphrase);
  if (args['passphrase-file'] !== undefined)
    await assertPassphraseOpens('--passphrase-file', {
      path: args['signing-key'],
      from: '--signing-key',
    });
  // The same validation as the sandbox script, over the same variable names.
  const variables: Record<string, string | undefined> = {
    [VAR.authMethod]: 'private_key_jwt',
    [VAR.clientId]: clientId,
    [VAR.signingKid]: args.kid ?? key.thumbprint,
    [VAR.signingPrivateKey]: '(loaded from file)',
    [VAR.tokenEndpoint]: tokenEndpoint,
    [VAR.issuer]: args.issuer ?? target?.issuer,
    [VAR.assertionAudience]: args.audience ?? target?.assertionAudience,
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
  return {
    assertion: signClientAssertionNode(settings, key.privateKey, nowMs),
    note: `# client assertion for ${clientId}: aud ${settings.audience} (${audienceSource(args.audience, target)}), valid ${settings.lifetime} s`,
  };
}

/** What --curl needs, checked before anything is signed: a client certificate issued for its key. */
async function checkCurlArgs(args: AssertionArgs, auth: AuthMethod): Promise<void> {
  if (auth === 'tls_client_auth' && !args.curl) {
    throw new UsageError(
      'ERR_OFM_USAGE',
      'tls_client_auth signs no client assertion: the client certificate authenticates.',
      { hint: 'add --curl --cert transport.crt --key transport.key for the token request' },
    );
  }
  if (args.curl && (args.cert === undefined || args.key === undefined)) {
    throw new UsageError(
      'ERR_OFM_USAGE',
      '--curl needs the client certificate: the token endpoint takes mTLS for both methods.',
      {
        hint: `add --cert and --key (the local sandbox: .ofm/keys/transport-${auth}.crt and .key)`,
      },
    );
  }
  if (args.curl) {
    const { checkCertFlags } = await import('../../runner/inputs/client-certificates.js');
    const passphrase = process.env[SECRET_ENV.transportKeyPassphrase];
    await checkCertFlags({
      cert: args.cert as string,
      key: args.key as string,
      ...(passphrase ? { passphrase } : {}),
    });
  }
}

const builder = (yargs: Argv) =>
  withKitOption(
    withTargetOptions(yargs),
    (kit, argv) => ({
      'signing-key': kit.key('signing'),
      kid: kit.kid('signing'),
      ...(argv['curl'] === true ? { cert: kit.cert('transport'), key: kit.key('transport') } : {}),
    }),
    'its signing key and kid (and, with --curl, its transport certificate and key)',
  )
    .option('auth', {
      choices: AUTH_METHODS,
      default: 'private_key_jwt' as const,
      describe: 'Client authentication: tls_client_auth has no assertion, only the --curl request',
    })
    .option('client-id', {
      type: 'string',
      describe: 'Your OFP client_id, iss and sub (default for --target local: its client)',
    })
    .option('signing-key', {
      type: 'string',
      describe: 'Signing private key (PEM file); required for private_key_jwt',
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
      describe:
        "token_endpoint, issuer, or an https URL (default: the target environment's assertion_audience)",
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
    .option('cert', {
      type: 'string',
      describe: 'Transport certificate for --curl (mTLS); required with --curl',
    })
    .option('key', { type: 'string', describe: 'Transport key for --curl (mTLS)' })
    .option('scope', { type: 'string', default: 'accounts', describe: 'scope for --curl' })
    .option('clock-skew', {
      type: 'string',
      default: 'auto',
      describe:
        "Whose clock dates the assertion: auto (the server's, from the Date header of the --discovery answer), off, or seconds the server is ahead",
    })
    .example(
      '$0 assertion --target local --signing-key .ofm/keys/signing.key',
      'One assertion for the local private_key_jwt client, aud as its environment says',
    )
    .example(
      '$0 assertion --target local --signing-key .ofm/keys/signing.key --curl --cert .ofm/keys/transport-private_key_jwt.crt --key .ofm/keys/transport-private_key_jwt.key',
      'The complete private_key_jwt token request (with --cacert for the local CA)',
    )
    .example(
      '$0 assertion --target local --auth tls_client_auth --curl --cert .ofm/keys/transport-tls_client_auth.crt --key .ofm/keys/transport-tls_client_auth.key',
      'The tls_client_auth token request: client_id and the client certificate, no assertion',
    );

/** The arguments the builder declares, as yargs infers them. */
type AssertionArgs = BuilderArgs<typeof builder>;

export const assertionCommand: CommandModule<object, AssertionArgs> = {
  command: 'assertion',
  describe: 'Print a freshly signed PS256 client assertion (with --curl: the whole token request)',
  builder,
  handler: async (args) => {
    const auth = args.auth;
    const clockSkew = readClockSkewFlag(args['clock-skew']);
    let serverOffset = 0;
    const target =
      args.target === undefined && args.discovery === undefined
        ? undefined
        : await resolveTarget(args, (date, localMs) => {
            serverOffset = offsetFromDateHeader(date, localMs) ?? 0;
          });
    const offsetSeconds = clockSkew === 'off' ? 0 : clockSkew === 'auto' ? serverOffset : clockSkew;
    if (clockSkew === 'auto' && serverOffset !== 0)
      io.stderr.write(`${clockSkewWarning(serverOffset)}\n`);
    const clientId = resolveClientId(args['client-id'], target, auth);
    await checkCurlArgs(args, auth);
    const tokenEndpoint = args['token-endpoint'] ?? target?.endpoints[VAR.tokenEndpoint];
    if (args.curl && tokenEndpoint === undefined) {
      throw new UsageError('ERR_OFM_USAGE', '--curl needs the token endpoint.', {
        hint: 'add --target or --token-endpoint',
      });
    }
    const signed =
      auth === 'private_key_jwt'
        ? await signedAssertion(
            args,
            target,
            clientId,
            tokenEndpoint,
            Date.now() + offsetSeconds * 1000,
          )
        : undefined;
    if (!args.curl) {
      // The JWT alone on stdout (for $(…)); which audience it carries on stderr.
      io.stderr.write(`${signed?.note ?? ''}\n`);
      io.stdout.write(`${signed?.assertion ?? ''}\n`);
      return;
    }
    const cacert =
      args.ca ??
      (target?.name === 'local'
        ? (await import('../../keys/test-pki.js')).pkiPaths(DEFAULT_KEYS_DIR).caCert
        : undefined);
    const lines = [
      `curl -sS -X POST ${shellQuote(tokenEndpoint as string)}`,
      `--cert ${shellQuote(args.cert as string)}`,
      `--key ${shellQuote(args.key as string)}`,
      ...(cacert === undefined ? [] : [`--cacert ${shellQuote(cacert)}`]),
      `-H 'Content-Type: application/x-www-form-urlencoded'`,
      `-H ${shellQuote(`x-fapi-interaction-id: ${randomUUID()}`)}`,
      `--data-urlencode 'grant_type=client_credentials'`,
      `--data-urlencode ${shellQuote(`scope=${args.scope}`)}`,
      `--data-urlencode ${shellQuote(`client_id=${clientId}`)}`,
      ...(signed === undefined
        ? []
        : [
            `--data-urlencode ${shellQuote(`client_assertion_type=${CLIENT_ASSERTION_TYPE}`)}`,
            `--data-urlencode ${shellQuote(`client_assertion=${signed.assertion}`)}`,
          ]),
    ];
    const note =
      signed?.note ??
      `# tls_client_auth token request for ${clientId}: the client certificate authenticates, no assertion`;
    io.stdout.write(`${note}\n${lines.join(' \\\n  ')}\n`);
  },
};
