/**
 * Where a JSON file breaks, and what fits the mistake: `file:line:column` and a hint in the words
 * of what a person did (a comment, a trailing comma, a file cut short), not `JSON.parse`'s
 * "Unexpected token". jsonc-parser (the parser behind VS Code's JSON support) finds the kind of
 * error and its offset; it is loaded only when `JSON.parse` has already failed, so reading a good
 * file costs nothing more.
 */

/** A syntax error in JSON text, located. */
export interface JsonSyntaxProblem {
  /** 1-based line and column (in characters) of the mistake. */
  readonly line: number;
  readonly column: number;
  /** What is wrong, as a phrase: "a comment", "a trailing comma". */
  readonly what: string;
  /** How to fix it, naming the place. */
  readonly hint: string;
}

/** 1-based line and column of `offset` in `text` (lines end at LF; a CR before it is text). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

const truncatedHint = (where: string): string =>
  `the file stops at ${where} before its JSON ends, so it was cut short: restore the whole file, or write or export it again`;

/** The comma a closing bracket follows, skipping whitespace; -1 when there is none. */
function trailingComma(text: string, close: number): number {
  let at = close - 1;
  while (at >= 0 && /\s/.test(text[at] as string)) at -= 1;
  return text[at] === ',' ? at : -1;
}

type Locate = (offset: number) => string;

/** What each jsonc-parser error means here, as a phrase and a hint. */
function explain(
  name: string,
  text: string,
  offset: number,
  at: Locate,
): { what: string; hint: string; offset: number } {
  const char = text[offset] ?? '';
  if (offset === text.length - text.trimStart().length && !/[{["]/.test(char))
    return {
      what: 'not JSON at all',
      hint: `it does not start as JSON does ({ or [) at ${at(offset)}: check that this is the file you meant`,
      offset,
    };
  if (name === 'InvalidCommentToken' || name === 'UnexpectedEndOfComment')
    return {
      what: 'a comment',
      hint: `JSON allows no comments: remove the comment at ${at(offset)}`,
      offset,
    };
  if ((name === 'PropertyNameExpected' || name === 'ValueExpected') && /[}\]]/.test(char)) {
    const comma = trailingComma(text, offset);
    if (comma >= 0)
      return {
        what: 'a trailing comma',
        hint: `JSON allows no comma after the last entry: remove the comma at ${at(comma)}`,
        offset: comma,
      };
  }
  if (name === 'PropertyNameExpected' && char === "'")
    return {
      what: 'a single-quoted name',
      hint: `JSON names take double quotes: write "…" instead of '…' at ${at(offset)}`,
      offset,
    };
  if (name === 'UnexpectedEndOfString')
    return {
      what: 'a string that is not closed',
      hint: `close the string that starts at ${at(offset)} with a double quote on the same line`,
      offset,
    };
  if (name === 'CommaExpected')
    return {
      what: 'a missing comma',
      hint: `add a comma before ${at(offset)}, between the two entries`,
      offset,
    };
  if (name === 'ColonExpected')
    return {
      what: 'a missing colon',
      hint: `add a colon after the name, at ${at(offset)}`,
      offset,
    };
  if (name === 'InvalidSymbol' && char === "'")
    return {
      what: 'a single-quoted string',
      hint: `JSON strings take double quotes: write "…" instead of '…' at ${at(offset)}`,
      offset,
    };
  return {
    what: `${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
    hint: `correct the JSON at ${at(offset)} (a JSON linter or editor shows the mistake)`,
    offset,
  };
}

/**
 * Why `text` is not JSON and where, or undefined when it parses. Call it after `JSON.parse`
 * failed: it loads jsonc-parser.
 */
export async function jsonSyntaxProblem(text: string): Promise<JsonSyntaxProblem | undefined> {
  const at: Locate = (offset) => {
    const { line, column } = lineColumn(text, offset);
    return `${line}:${column}`;
  };
  const locate = (offset: number, what: string, hint: string): JsonSyntaxProblem => ({
    ...lineColumn(text, offset),
    what,
    hint,
  });
  if (text.charCodeAt(0) === 0xfeff)
    return locate(
      0,
      'a byte order mark (BOM)',
      'JSON files start without a BOM: save the file as UTF-8 without BOM',
    );
  if (text.trim() === '') return locate(0, 'empty', truncatedHint('1:1'));
  const { parse, printParseErrorCode } = await import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) return undefined;
  // An error at the very end, or a string still open there, means the file was cut short.
  const name = printParseErrorCode(first.error);
  const cutInString = name === 'UnexpectedEndOfString' && !text.includes('\n', first.offset);
  if (first.offset >= text.trimEnd().length || cutInString)
    return locate(text.trimEnd().length, 'cut short', truncatedHint(at(text.trimEnd().length)));
  const found = explain(name, text, first.offset, at);
  return locate(found.offset, found.what, found.hint);
}
