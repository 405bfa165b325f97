/**
 * Where and why a text is not JSON. V8's JSON.parse messages differ between Node versions
 * and often omit the position (Node 20: `Unexpected token 'x', "xx"... is not valid JSON`),
 * so after JSON.parse has failed we rescan the text with this small iterative scanner
 * (no recursion: deep nesting cannot overflow the stack) to name the exact spot.
 */

export interface JsonSyntaxError {
  /** Character offset of the error. */
  readonly offset: number;
  readonly reason: string;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// JSON forbids raw control characters (U+0000–U+001F) in strings: matching them is the point.
// eslint-disable-next-line no-control-regex
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/y;
const WHITESPACE = /[ \t\n\r]*/y;

function show(character: string | undefined): string {
  if (character === undefined) return "the end of the file";
  const code = character.charCodeAt(0);
  return code < 0x20 ? `character U+${code.toString(16).padStart(4, "0")}` : `'${character}'`;
}

class Scanner {
  offset = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.offset;
    WHITESPACE.test(this.text);
    this.offset = WHITESPACE.lastIndex;
  }

  peek(): string | undefined {
    return this.text[this.offset];
  }

  /** Consume a string starting at the current `"`; an error, or undefined when well formed. */
  string(): JsonSyntaxError | undefined {
    const start = this.offset;
    this.offset++;
    for (;;) {
      STRING_RUN.lastIndex = this.offset;
      STRING_RUN.test(this.text);
      this.offset = STRING_RUN.lastIndex;
      const character = this.peek();
      if (character === undefined) return { offset: start, reason: 'unterminated string (missing closing ")' };
      if (character === '"') {
        this.offset++;
        return undefined;
      }
      if (character === "\\") {
        ESCAPE.lastIndex = this.offset;
        if (!ESCAPE.test(this.text)) return { offset: this.offset, reason: "invalid escape sequence in a string" };
        this.offset = ESCAPE.lastIndex;
        continue;
      }
      return {
        offset: this.offset,
        reason: `${show(character)} must be escaped inside a string (a line break inside quotes?)`,
      };
    }
  }

  /** Consume a scalar value (string, number, literal); an error, or undefined. */
  scalar(): JsonSyntaxError | undefined {
    const character = this.peek();
    if (character === '"') return this.string();
    if (character === "-" || (character !== undefined && character >= "0" && character <= "9")) {
      NUMBER.lastIndex = this.offset;
      if (!NUMBER.test(this.text)) return { offset: this.offset, reason: "invalid number" };
      this.offset = NUMBER.lastIndex;
      return undefined;
    }
    for (const literal of ["true", "false", "null"]) {
      if (this.text.startsWith(literal, this.offset)) {
        this.offset += literal.length;
        return undefined;
      }
    }
    const hint = character === "'" ? " (JSON strings use double quotes)" : "";
    return { offset: this.offset, reason: `unexpected ${show(character)}; expected a value${hint}` };
  }
}

/** The first syntax error of `text`, or undefined if it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  /** Offsets of the brackets not yet closed, innermost last. */
  const open: number[] = [];
  let expect: "value" | "key" | "after" = "value";
  for (;;) {
    scanner.skipWhitespace();
    const character = scanner.peek();
    const at = scanner.offset;
    if (character === undefined && (open.length > 0 || expect !== "after")) {
      const innermost = open[open.length - 1];
      if (innermost === undefined) return { offset: at, reason: "unexpected end of the file; expected a value" };
      const { line, column } = lineAndColumn(text, innermost);
      const bracket = text[innermost];
      return {
        offset: at,
        reason: `unexpected end of the file; the '${bracket}' at line ${line}, column ${column} is never closed`,
      };
    }
    if (expect === "value") {
      if (character === "{" || character === "[") {
        open.push(at);
        scanner.offset++;
        scanner.skipWhitespace();
        const close = character === "{" ? "}" : "]";
        if (scanner.peek() === close) {
          open.pop();
          scanner.offset++;
          expect = "after";
        } else expect = character === "{" ? "key" : "value";
        continue;
      }
      const error = scanner.scalar();
      if (error) return error;
      expect = "after";
    } else if (expect === "key") {
      if (character !== '"') {
        const hint = character === "}" ? " (a trailing comma?)" : "";
        return { offset: at, reason: `expected a property name in double quotes, found ${show(character)}${hint}` };
      }
      const error = scanner.string();
      if (error) return error;
      scanner.skipWhitespace();
      if (scanner.peek() !== ":") {
        return {
          offset: scanner.offset,
          reason: `expected ':' after the property name, found ${show(scanner.peek())}`,
        };
      }
      scanner.offset++;
      expect = "value";
    } else {
      const innermost = open[open.length - 1];
      if (innermost === undefined) {
        return character === undefined
          ? undefined
          : { offset: at, reason: `unexpected ${show(character)} after the end of the document` };
      }
      const container = text[innermost];
      const close = container === "{" ? "}" : "]";
      if (character === close) {
        open.pop();
        scanner.offset++;
      } else if (character === ",") {
        scanner.offset++;
        scanner.skipWhitespace();
        if (scanner.peek() === "]" && container === "[") {
          return { offset: scanner.offset, reason: "expected a value, found ']' (a trailing comma?)" };
        }
        expect = container === "{" ? "key" : "value";
      } else {
        const what = container === "{" ? "a property value" : "an array element";
        return { offset: at, reason: `expected ',' or '${close}' after ${what}, found ${show(character)}` };
      }
    }
  }
}
