/**
 * How `consent` takes the authorization response: `--redirect-url` or `--code` as given, else the
 * URL shown to the person (and opened with --open), then the redirect captured by the loopback
 * listener, or the URL pasted on standard input.
 */
import { spawn } from 'node:child_process';
import { readPastedUrl, type RedirectListener } from '../consent/authorization-response.js';
import type { AuthorizationResponse } from '../consent/consent.js';
import type { Palette } from '../runner/console.js';
import type { InferredOptionTypes, Options } from 'yargs';
import { io } from '../files/io.js';

/** How `consent` takes the answer (its options besides the inputs), declared once. */
export const ANSWER_OPTIONS = {
  'url-only': {
    type: 'boolean',
    default: false,
    describe:
      'Non-interactive, step 1: push the request, save the pending flow in the state, print the URL and exit',
  },
  'redirect-url': {
    type: 'string',
    describe:
      'Non-interactive, step 2: the URL the browser landed on; finishes the flow --url-only started',
  },
  code: {
    type: 'string',
    describe:
      'Step 2 with only the code (state and iss cannot be checked then; prefer --redirect-url)',
  },
  open: {
    type: 'boolean',
    default: false,
    describe: 'Open the authorization URL in the default browser',
  },
  wait: {
    type: 'number',
    default: 300,
    describe: 'Seconds to wait for the redirect or the pasted URL',
  },
} as const satisfies Record<string, Options>;

/** The answer options as yargs parses them. */
export type AnswerArgs = InferredOptionTypes<typeof ANSWER_OPTIONS>;

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
      io.stderr.write(`could not start ${command}: open the URL above by hand\n`),
    );
    child.unref();
  } catch {
    io.stderr.write(`could not start ${command}: open the URL above by hand\n`);
  }
}

/** The `obtainResponse` of runConsent for these options. */
export function answerTaker(context: {
  readonly args: AnswerArgs;
  /** Listening already (started before anything was sent), for a loopback redirect URI. */
  readonly listener: RedirectListener | undefined;
  readonly colors: Palette;
  readonly out: (line: string) => void;
}): (authorizationUrl: string, redirectUri: string) => Promise<AuthorizationResponse> {
  const { args, listener, colors, out } = context;
  const timeoutMs = args.wait * 1000;
  return async (authorizationUrl, redirectUri) => {
    if (args['redirect-url'] !== undefined) return { kind: 'url', value: args['redirect-url'] };
    if (args.code !== undefined) return { kind: 'code', value: args.code };
    out('');
    out(colors.bold('Open this URL in a browser, log in at the bank and approve:'));
    out(authorizationUrl);
    out('');
    if (args.open) openInBrowser(authorizationUrl);
    if (listener !== undefined) {
      out(`Waiting for the bank's answer at ${redirectUri} (up to ${args.wait} s) …`);
      return { kind: 'url', value: await listener.wait(timeoutMs) };
    }
    out(
      io.stdin.isTTY
        ? `Then paste the URL the browser landed on (it starts with ${redirectUri}) and press Enter:`
        : 'Reading the URL the browser landed on from standard input …',
    );
    return { kind: 'url', value: await readPastedUrl(io.stdin, timeoutMs) };
  };
}
