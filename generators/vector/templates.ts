/**
 * Handlebars, set up once for the VRL templates. VRL is text, so templating it
 * is the honest tool; values reach the programs only through the two helpers
 * below, which refuse anything that is not a plain identifier-like string, so
 * no inventory value can change the program's structure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { LoghopError } from "../../inventory/errors";

const TEMPLATE_DIR = join(__dirname, "templates");

/** Characters a value may have to be embedded in a VRL string literal: ids, label keys, paths. */
const SAFE_VRL_TEXT = /^[A-Za-z0-9._/@-]*$/;

/** A value the VRL generator refused to embed; inventory validation should have caught it. */
export class VrlTemplateError extends LoghopError {
  override readonly name = "VrlTemplateError";
}

/** A VRL string literal. JSON's quoting is valid VRL for the characters SAFE_VRL_TEXT allows. */
export function vrlString(value: unknown): string {
  if (typeof value !== "string" || !SAFE_VRL_TEXT.test(value)) {
    throw new VrlTemplateError(
      `cannot embed ${JSON.stringify(value)} in VRL: only letters, digits and . _ / @ - are allowed`,
    );
  }
  return JSON.stringify(value);
}

/** A plain word (letters, digits, _) to embed in a VRL regex literal, where it matches itself. */
export function vrlWord(value: unknown): string {
  if (typeof value !== "string" || !/^[A-Za-z0-9_]+$/.test(value)) {
    throw new VrlTemplateError(
      `cannot embed ${JSON.stringify(value)} in a VRL regex: only letters, digits and _ are allowed`,
    );
  }
  return value;
}

/** A VRL array literal of strings. */
export function vrlArray(values: unknown): string {
  if (!Array.isArray(values)) throw new VrlTemplateError(`expected an array to embed in VRL, got ${typeof values}`);
  return `[${values.map(vrlString).join(", ")}]`;
}

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper("vrlString", vrlString);
  env.registerHelper("vrlArray", vrlArray);
  env.registerHelper("vrlWord", vrlWord);
  for (const partial of ["tenant", "sanitize", "timestamp"]) {
    env.registerPartial(partial, readFileSync(join(TEMPLATE_DIR, "partials", `${partial}.vrl.hbs`), "utf8"));
  }
  return env;
}

let environment: typeof Handlebars | undefined;
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/**
 * Render `templates/<name>.vrl.hbs`. `noEscape`: the output is VRL, not HTML;
 * `strict`: a missing variable is a bug, never an empty string in a program.
 */
export function renderVrlTemplate(name: string, context: object): string {
  environment ??= createEnvironment();
  let template = compiled.get(name);
  if (template === undefined) {
    const source = readFileSync(join(TEMPLATE_DIR, `${name}.vrl.hbs`), "utf8");
    template = environment.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(context);
}
