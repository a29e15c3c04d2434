/**
 * `ofm-postman consent`: the consent a person gives at the bank, from the command line. Discovery
 * and PAR with the collection's own scripts, the authorization URL on its own line (opened with
 * --open), the answer taken by a loopback listener, a paste or --redirect-url/--code, the code
 * redeemed and the consent saved into the state that `ofm-postman run` reads.
 */
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import {
  listenForRedirect,
  loopbackListenAddress,
  type RedirectListener,
} from '../../consent/authorization-response.js';
import { type ConsentResult, ConsentStepFailed, runConsent } from '../../consent/consent.js';
import {
  executionLines,
  palette,
  summaryTable,
  useColor,
  type Palette,
} from '../../runner/console.js';
import type { Execution } from '../../runner/record.js';
import { prepareRun, type PreparedRun } from '../../runner/prepare.js';
import { assertReachable } from '../../runner/preflight.js';
import { stateFromVariables, writeState } from '../../runner/state/state.js';
import { stateWrite } from '../../runner/state/state-write.js';
import { checkWritePlan } from '../../files/plan.js';
import {
  assertPending,
  stateUnusableError,
  type LockedStateUse,
} from '../../runner/state/state-use.js';
import { formatError, isOfmError, OfmError, UsageError } from '../../shared/errors.js';
import { localLoopbackRedirectUri } from '../../shared/local-sandbox.js';
import { ANSWER_OPTIONS, answerTaker } from '../consent-answer.js';
import { EXIT } from '../exit-codes.js';
import { checkRunInputArgs, RUN_INPUT_OPTIONS, runInputsOf } from '../run-inputs.js';
import { io } from '../../files/io.js';

/** `consent`'s options, declared once: the inputs `run` shares, how the answer is taken, and one more. */
const CONSENT_OPTIONS = {
  ...RUN_INPUT_OPTIONS,
  ...ANSWER_OPTIONS,
  verbose: {
    type: 'boolean',
    default: false,
    describe: 'Print every request of the discovery, PAR and token exchange steps',
  },
} as const satisfies Record<string, Options>;

/** What yargs parses `consent`'s command line into: inferred from the declarations. */
type ConsentArgs = InferredOptionTypes<typeof CONSENT_OPTIONS>;

export const consentCommand: CommandModule<object, ConsentArgs> = {
  command: 'consent',
  describe:
    'Get a consent with a person in the loop: PAR, the bank login URL, the answer captured or pasted, the code redeemed, the consent saved for ofm-postman run',
  builder: (yargs) =>
    yargs
      .options(CONSENT_OPTIONS)
      .conflicts('redirect-url', 'code')
      .check((args) => {
        checkRunInputArgs(args);
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
    const inputs = await prepareRun(await runInputsOf(args));
    const use = inputs.stateUse;
    if (use === undefined)
      throw new UsageError('ERR_OFM_USAGE', 'consent needs a state file to save the consent in.', {
        hint: 'give --auth and --target, or --state FILE',
      });
    // The state's lock is held from reading it (prepareRun) until the consent is saved.
    try {
      await consentWithState(args, inputs, use);
    } finally {
      await use.lock.release();
    }
  },
};

/** Checks what the state allows, listens on a loopback redirect URI if any, then the flow. */
async function consentWithState(
  args: ArgumentsCamelCase<ConsentArgs>,
  inputs: PreparedRun,
  use: LockedStateUse,
): Promise<void> {
  // A consent it could not save is no use: stop before anything is sent.
  if (use.problem !== undefined) throw stateUnusableError(use);
  await checkWritePlan([stateWrite(use.path)]);
  const resume = args['redirect-url'] !== undefined || args.code !== undefined;
  if (resume) assertPending(use, inputs.run.envVars);
  // Listening first, before anything is sent: a port in use stops here, and the browser may
  // come back the moment the URL is opened.
  const loopback =
    !resume && !args['url-only'] && inputs.redirectUri !== undefined
      ? loopbackListenAddress(inputs.redirectUri)
      : undefined;
  const listener =
    loopback === undefined ? undefined : await listenForRedirect(inputs.redirectUri as string);
  try {
    if (args.preflight && inputs.owner.issuer !== undefined)
      await assertReachable(inputs.owner.issuer);
    await finishConsent(args, inputs, use, listener, resume);
  } finally {
    listener?.close();
  }
}

/** The flow itself, once the inputs are checked (and the loopback listener, if any, listens). */
async function finishConsent(
  args: ArgumentsCamelCase<ConsentArgs>,
  inputs: PreparedRun,
  use: LockedStateUse,
  listener: RedirectListener | undefined,
  resume: boolean,
): Promise<void> {
  const colors = palette(useColor(io.stdout.isTTY));
  const out = (line: string) => io.stdout.write(`${line}\n`);

  const obtainResponse = answerTaker({ args, listener, colors, out });

  const settings = {
    color: false,
    onExecution: (execution: Execution, mask: (text: string) => string) => {
      const lines = executionLines(execution, { palette: colors, mask, verbose: false });
      // Quiet by default: only what failed, unless --verbose.
      if (args.verbose || lines.some((l) => l.includes('✗'))) out(lines.join('\n'));
    },
  };
  const save = (variables: Parameters<typeof stateFromVariables>[0]) => {
    use.lock.assertHeld();
    return writeState(use.path, inputs.owner, stateFromVariables(variables));
  };
  try {
    if (args['url-only']) {
      const pending = await runConsent({
        inputs: inputs.run,
        settings,
        obtainResponse,
        mode: 'url-only',
      });
      await save(pending.variables);
      out(colors.bold('Open this URL in a browser, log in at the bank and approve:'));
      out(pending.authorizationUrl);
      out('');
      out(
        'Then finish it, within about a minute of the approval (the code is short-lived), with the same options and the URL the browser landed on:',
      );
      out('  ofm-postman consent … --redirect-url URL');
      io.exitCode = EXIT.OK;
      return;
    }
    const result = await runConsent({
      inputs: inputs.run,
      settings,
      obtainResponse,
      mode: resume ? 'resume' : 'full',
      // Saved before the person is asked: after a time-out, --redirect-url still finishes it.
      onPushed: async (pending) => {
        // The pending flow could not be saved (it was set aside, the line says where): the person
        // can still approve now, and the finished consent is saved (or set aside) at the end.
        await save(pending.variables).catch((error: unknown) => {
          if (!isOfmError(error) || error.code !== 'ERR_OFM_WRITE_FAILED') throw error;
          io.stderr.write(`ofm-postman: ${formatError(error)}\n`);
        });
      },
    });
    await save(result.variables);
    printConsent(result, args, use.path, colors, out);
    io.exitCode = EXIT.OK;
  } catch (error) {
    if (error instanceof ConsentStepFailed) {
      out(`\n${summaryTable([{ label: `consent: ${error.step}`, result: error.result }], colors)}`);
      out(
        `\nThe consent was not completed (${error.step === 'prepare' ? 'discovery or PAR failed; nothing was saved' : 'the token exchange failed; no consent was saved'}).`,
      );
      io.exitCode = EXIT.FAILED;
      return;
    }
    if (isOfmError(error) && error.code === 'ERR_OFM_CONSENT_TIMEOUT')
      throw new OfmError(error.code, error.message, {
        cause: error,
        hint: `the pushed flow is saved in ${use.path}: once the person has approved, finish it with the same options and --redirect-url URL (the URL the browser landed on)`,
      });
    throw error;
  }
}

/** What a finished consent prints: the consent, its accounts and tokens (never a token itself). */
function printConsent(
  result: ConsentResult,
  args: ArgumentsCamelCase<ConsentArgs>,
  statePath: string,
  colors: Palette,
  out: (line: string) => void,
): void {
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
  out(`  state saved to ${statePath} (owner-only; holds tokens, never keys)`);
  out('');
  out(
    `next: ofm-postman run${args.auth ? ` --auth ${args.auth}` : ''}${args.target ? ` --target ${args.target}` : ''} --folder "Account data" (with the same certificate options)`,
  );
}
