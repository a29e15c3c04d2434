/** The CLI's exit codes: defined beside the error tables, which give each code its own. */
export { EXIT, type ExitCode } from '../shared/errors/exit-codes.js';
