/**
 * `ofm-postman completion`: prints a bash script (zsh when $SHELL is zsh) that asks the CLI itself
 * for completions through `--get-yargs-completions`, which yargs answers for every command. A
 * command of our own rather than yargs' `.completion()`, whose command prints the script even for
 * `completion --help`.
 */
import type { CommandModule } from 'yargs';

/** The command; `printScript` prints the completion script of the CLI's yargs instance. */
export function completionCommand(printScript: () => void): CommandModule {
  return {
    command: 'completion',
    describe: 'Print a shell completion script (bash or zsh) to source in your shell',
    builder: (yargs) =>
      yargs
        .example('$0 completion >> ~/.bashrc', 'Complete commands and options in every new bash')
        .example('source <($0 completion)', 'Complete them in this shell only'),
    handler: printScript,
  };
}
