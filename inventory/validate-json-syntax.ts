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

import { pointer } from "./validate-pointer";

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

/**
 * `lineAndColumn` for many offsets of one text: the line starts are found once, then each
 * lookup is a binary search. Calling `lineAndColumn` per offset rescans from the start each
 * time, which made a file with thousands of duplicate keys quadratic (550 KB took 12 s).
 */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    // The last line start at or before `offset`.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
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

/** A key that appears twice in one object: JSON.parse silently keeps the last value. */
export interface DuplicateKey {
  /** JSON pointer of the key. */
  readonly pointer: string;
  /** Offsets of the first and the repeated occurrence. */
  readonly firstOffset: number;
  readonly offset: number;
}

export interface JsonScan {
  readonly error: JsonSyntaxError | undefined;
  readonly duplicateKeys: readonly DuplicateKey[];
  /** The first place nested deeper than MAX_JSON_DEPTH, if any. */
  readonly tooDeep: { readonly pointer: string; readonly offset: number } | undefined;
  /** Elements of all arrays together (a size measure independent of formatting). */
  readonly arrayItems: number;
}

/**
 * An inventory is about 8 levels deep; far deeper input is not an inventory and would
 * overflow the stack of recursive consumers (ajv's deep-equal for `uniqueItems`).
 */
export const MAX_JSON_DEPTH = 64;

/** An open `{` or `[`: where it starts, and where in it the scan is (for JSON pointers). */
interface Frame {
  readonly offset: number;
  /** Keys seen so far and their offsets (objects only). */
  readonly keys: Map<string, number> | undefined;
  key: string;
  index: number;
}

function pointerOf(frames: readonly Frame[]): string {
  return pointer(...frames.map((frame) => (frame.keys ? frame.key : frame.index)));
}

/** Scan `text` once: its first syntax error (if any) and every duplicate key before it. */
export function scanJson(text: string): JsonScan {
  const scanner = new Scanner(text);
  /** The brackets not yet closed, innermost last. */
  const open: Frame[] = [];
  const duplicateKeys: DuplicateKey[] = [];
  let tooDeep: JsonScan["tooDeep"];
  let arrayItems = 0;
  const result = (error: JsonSyntaxError | undefined): JsonScan => ({ error, duplicateKeys, tooDeep, arrayItems });
  let expect: "value" | "key" | "after" = "value";
  for (;;) {
    scanner.skipWhitespace();
    const character = scanner.peek();
    const at = scanner.offset;
    if (character === undefined && (open.length > 0 || expect !== "after")) {
      const innermost = open[open.length - 1];
      if (innermost === undefined)
        return result({ offset: at, reason: "unexpected end of the file; expected a value" });
      const { line, column } = lineAndColumn(text, innermost.offset);
      const bracket = text[innermost.offset];
      return result({
        offset: at,
        reason: `unexpected end of the file; the '${bracket}' at line ${line}, column ${column} is never closed`,
      });
    }
    if (expect === "value") {
      if (open.length > 0 && open[open.length - 1]!.keys === undefined) arrayItems++;
      if (character === "{" || character === "[") {
        if (open.length === MAX_JSON_DEPTH && tooDeep === undefined) tooDeep = { pointer: pointerOf(open), offset: at };
        open.push({ offset: at, keys: character === "{" ? new Map() : undefined, key: "", index: 0 });
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
      if (error) return result(error);
      expect = "after";
    } else if (expect === "key") {
      if (character !== '"') {
        const hint = character === "}" ? " (a trailing comma?)" : "";
        return result({
          offset: at,
          reason: `expected a property name in double quotes, found ${show(character)}${hint}`,
        });
      }
      const error = scanner.string();
      if (error) return result(error);
      const raw = text.slice(at, scanner.offset);
      const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const frame = open[open.length - 1]!;
      const first = frame.keys!.get(key);
      frame.key = key;
      if (first === undefined) frame.keys!.set(key, at);
      else duplicateKeys.push({ pointer: pointerOf(open), firstOffset: first, offset: at });
      scanner.skipWhitespace();
      if (scanner.peek() !== ":") {
        return result({
          offset: scanner.offset,
          reason: `expected ':' after the property name, found ${show(scanner.peek())}`,
        });
      }
      scanner.offset++;
      expect = "value";
    } else {
      const innermost = open[open.length - 1];
      if (innermost === undefined) {
        return result(
          character === undefined
            ? undefined
            : { offset: at, reason: `unexpected ${show(character)} after the end of the document` },
        );
      }
      const container = text[innermost.offset];
      const close = container === "{" ? "}" : "]";
      if (character === close) {
        open.pop();
        scanner.offset++;
      } else if (character === ",") {
        scanner.offset++;
        innermost.index++;
        scanner.skipWhitespace();
        if (scanner.peek() === "]" && container === "[") {
          return result({ offset: scanner.offset, reason: "expected a value, found ']' (a trailing comma?)" });
        }
        expect = container === "{" ? "key" : "value";
      } else {
        const what = container === "{" ? "a property value" : "an array element";
        return result({ offset: at, reason: `expected ',' or '${close}' after ${what}, found ${show(character)}` });
      }
    }
  }
}

/** The first syntax error of `text`, or undefined if it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return scanJson(text).error;
}
