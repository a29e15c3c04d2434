/**
 * `ofm-postman consent`: the consent a person gives at the bank, from the command line. Discovery
 * and PAR with the collection's own scripts, the authorization URL on its own line (opened with
 * --open), the answer taken by a loopback listener, a paste or --redirect-url/--code, the code
 * redeemed and the consent saved into the state that `ofm-postman run` reads.
 */
import { spawn } from 'node:child_process';
import type { CommandModule } from 'yargs';
import {
  listenForRedirect,
  loopbackListenAddress,
  readPastedUrl,
} from '../../consent/authorization-response.js';
import {
  type AuthorizationResponse,
  ConsentStepFailed,
  runConsent,
} from '../../consent/consent.js';
import { executionLines, palette, summaryTable, useColor } from '../../runner/console.js';
import type { Execution } from '../../runner/record.js';
import { stateFromVariables, writeState } from '../../consent/state.js';
import { UsageError } from '../../shared/errors.js';
import { localLoopbackRedirectUri } from '../../shared/local-sandbox.js';
import { EXIT } from '../exit-codes.js';
import {
  checkTargetArgs,
  preflight,
  resolveInputs,
  targetOptions,
  type TargetArgs,
} from '../run-inputs.js';

interface ConsentArgs extends TargetArgs {
  'url-only': boolean;
  'redirect-url'?: string;
  code?: string;
  open: boolean;
  wait: number;
  verbose: boolean;
}

/** Opens the URL in the default browser; a failure only means the person opens it by hand. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () =>
      process.stderr.write(`could not start ${command}: open the URL above by hand\n`),
    );
    child.unref();
  } catch {
    process.stderr.write(`could not start ${command}: open the URL above by hand\n`);
  }
}

export const consentCommand: CommandModule<object, ConsentArgs> = {
  command: 'consent',
  describe:
    'Get a consent with a person in the loop: PAR, the bank login URL, the answer captured or pasted, the code redeemed, the consent saved for ofm-postman run',
  builder: (yargs) =>
    targetOptions(yargs)
      .option('url-only', {
        type: 'boolean',
        default: false,
        describe:
          'Non-interactive, step 1: push the request, save the pending flow in the state, print the URL and exit',
      })
      .option('redirect-url', {
        type: 'string',
        describe:
          'Non-interactive, step 2: the URL the browser landed on; finishes the flow --url-only started',
      })
      .option('code', {
        type: 'string',
        describe:
          'Step 2 with only the code (state and iss cannot be checked then; prefer --redirect-url)',
      })
      .option('open', {
        type: 'boolean',
        default: false,
        describe: 'Open the authorization URL in the default browser',
      })
      .option('wait', {
        type: 'number',
        default: 300,
        describe: 'Seconds to wait for the redirect or the pasted URL',
      })
      .option('verbose', {
        type: 'boolean',
        default: false,
        describe: 'Print every request of the discovery, PAR and token exchange steps',
      })
      .conflicts('redirect-url', 'code')
      .check((args) => {
        checkTargetArgs(args);
        if (args['url-only'] && (args['redirect-url'] !== undefined || args.code !== undefined))
          throw new UsageError(
            'ERR_OFM_USAGE',
            '--url-only starts a flow; --redirect-url and --code finish one: give one of them.',
          );
        if (!(args.wait > 0))
          throw new UsageError('ERR_OFM_USAGE', `--wait must be a positive number of seconds.`);
        return true;
      })
      .example(
        `$0 consent --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt --env-var redirect_uri=${localLoopbackRedirectUri()} --open`,
        'Loopback redirect URI (the local sandbox registers this one): the CLI listens there and captures the answer itself',
      )
      .example(
        '$0 consent --auth private_key_jwt --target paynet-sandbox --cert keys/transport.crt --key keys/transport.key',
        'Any other redirect URI, on a terminal: log in, approve, then paste the URL the browser landed on',
      )
      .example(
        '$0 consent --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt --url-only',
        'Non-interactive, step 1: push the request and print the URL for the person',
      )
      .example(
        '$0 consent --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt --redirect-url URL',
        'Non-interactive, step 2: URL is the address the browser landed on, query string included',
      ),
  handler: async (args) => {
    const inputs = await resolveInputs(args);
    if (inputs.statePath === undefined)
      throw new UsageError('ERR_OFM_USAGE', 'consent needs a state file to save the consent in.', {
        hint: 'give --auth and --target, or --state FILE',
      });
    await preflight(args, inputs);
    const colors = palette(useColor(process.stdout.isTTY));
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const timeoutMs = args.wait * 1000;

    const obtainResponse = async (
      authorizationUrl: string,
      redirectUri: string,
    ): Promise<AuthorizationResponse> => {
      if (args['redirect-url'] !== undefined) return { kind: 'url', value: args['redirect-url'] };
      if (args.code !== undefined) return { kind: 'code', value: args.code };
      const loopback = loopbackListenAddress(redirectUri);
      // Listening first: the browser may come back the moment the URL is opened.
      const listener = loopback ? await listenForRedirect(redirectUri, timeoutMs) : undefined;
      out('');
      out(colors.bold('Open this URL in a browser, log in at the bank and approve:'));
      out(authorizationUrl);
      out('');
      if (args.open) openInBrowser(authorizationUrl);
      if (listener !== undefined) {
        out(`Waiting for the bank's answer at ${redirectUri} (up to ${args.wait} s) …`);
        return { kind: 'url', value: await listener.received };
      }
      out(
        process.stdin.isTTY
          ? `Then paste the URL the browser landed on (it starts with ${redirectUri}) and press Enter:`
          : 'Reading the URL the browser landed on from standard input …',
      );
      return { kind: 'url', value: await readPastedUrl(process.stdin, timeoutMs) };
    };

    const run = {
      ...inputs.runOptions,
      envVars: { ...inputs.stateValues, ...inputs.envVars },
      color: false,
      onExecution: (execution: Execution, mask: (text: string) => string) => {
        const lines = executionLines(execution, { palette: colors, mask, verbose: false });
        // Quiet by default: only what failed, unless --verbose.
        if (args.verbose || lines.some((l) => l.includes('✗'))) out(lines.join('\n'));
      },
    };
    const save = (variables: Parameters<typeof stateFromVariables>[0]) =>
      writeState(inputs.statePath as string, {
        target: inputs.target,
        auth: inputs.auth,
        issuer: inputs.issuer,
        values: stateFromVariables(variables),
      });
    try {
      if (args['url-only']) {
        const pending = await runConsent({ run, obtainResponse, mode: 'url-only' });
        await save(pending.variables);
        out(colors.bold('Open this URL in a browser, log in at the bank and approve:'));
        out(pending.authorizationUrl);
        out('');
        out(
          'Then finish it, within about a minute of the approval (the code is short-lived), with the same options and the URL the browser landed on:',
        );
        out('  ofm-postman consent … --redirect-url URL');
        process.exitCode = EXIT.OK;
        return;
      }
      const resume = args['redirect-url'] !== undefined || args.code !== undefined;
      const result = await runConsent({
        run,
        obtainResponse,
        mode: resume ? 'resume' : 'full',
      });
      await save(result.variables);
      out('');
      out(
        `${colors.ok('✓')} consent ${result.consentId}${result.consentStatus ? ` (${result.consentStatus})` : ''}${result.consentExpiresAt ? `, expires ${result.consentExpiresAt}` : ''}`,
      );
      out(`  accounts: ${result.accounts.join(', ') || '(none)'}`);
      out(
        `  access token: ${result.accessTokenExpiresAt === undefined ? 'lifetime not given by the server' : `valid until ${new Date(result.accessTokenExpiresAt).toISOString()}`}; a refresh token renews it`,
      );
      if (result.unchecked)
        out(
          colors.skip(
            '  state and iss were not checked (only --code was given); prefer --redirect-url',
          ),
        );
      out(`  state saved to ${inputs.statePath} (owner-only; holds tokens, never keys)`);
      out('');
      out(
        `next: ofm-postman run${inputs.auth ? ` --auth ${inputs.auth}` : ''}${inputs.target ? ` --target ${inputs.target}` : ''} --folder "Account data" (with the same certificate options)`,
      );
      process.exitCode = EXIT.OK;
    } catch (error) {
      if (error instanceof ConsentStepFailed) {
        out(
          `\n${summaryTable([{ label: `consent: ${error.step}`, result: error.result }], colors)}`,
        );
        out(
          `\nThe consent was not completed (${error.step === 'prepare' ? 'discovery or PAR failed' : 'the token exchange failed'}); nothing was saved.`,
        );
        process.exitCode = EXIT.FAILED;
        return;
      }
      throw error;
    }
  },
};
