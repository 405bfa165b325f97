/**
 * schemas/inventory.schema.json and inventory/types.ts describe the same document: this
 * walks the `Inventory` type (TypeScript compiler API) and the schema side by side and
 * lists every difference — a property on one side only, optional vs required, a different
 * primitive, enum or union member.
 */
import * as ts from "typescript";
import inventorySchema from "../../schemas/inventory.schema.json";

type Json = Record<string, unknown>;

const root = inventorySchema as unknown as Json & { $defs: Record<string, Json> };

/** Follow `$ref`s into `$defs` (siblings such as `description` do not change the shape). */
function resolve(schema: Json): Json {
  const ref = schema["$ref"];
  return typeof ref === "string" ? resolve(root.$defs[ref.replace("#/$defs/", "")]!) : schema;
}

class Comparer {
  readonly differences: string[] = [];
  constructor(private readonly checker: ts.TypeChecker) {}

  private differ(at: string, what: string): void {
    this.differences.push(`${at || "/"}: ${what}`);
  }

  private literalValues(type: ts.Type): (string | number)[] | undefined {
    const members = type.isUnion() ? type.types : [type];
    const values = members.map((member) => (member.isLiteral() ? member.value : undefined));
    return values.every((value) => typeof value === "string" || typeof value === "number")
      ? (values as (string | number)[])
      : undefined;
  }

  compare(type: ts.Type, schemaIn: Json, at: string): void {
    const schema = resolve(schemaIn);
    if (Array.isArray(schema["oneOf"])) return this.compareUnion(type, schema, at);
    const literals = this.literalValues(type);
    if (schema["enum"] !== undefined || schema["const"] !== undefined) {
      const allowed = (schema["enum"] as unknown[] | undefined) ?? [schema["const"]];
      // An enum of numbers (retention days) is `number` in TypeScript: only string enums must match as literals.
      if (allowed.every((value) => typeof value === "string")) {
        if (literals === undefined || [...literals].sort().join() !== [...(allowed as string[])].sort().join()) {
          this.differ(at, `schema allows ${allowed.join(" | ")}, type is ${this.checker.typeToString(type)}`);
        }
        return;
      }
    }
    switch (schema["type"]) {
      case "string":
        if (!(type.flags & ts.TypeFlags.String))
          this.differ(at, `schema string, type ${this.checker.typeToString(type)}`);
        return;
      case "integer":
      case "number":
        if (!(type.flags & ts.TypeFlags.Number))
          this.differ(at, `schema number, type ${this.checker.typeToString(type)}`);
        return;
      case "boolean":
        if (!(type.flags & ts.TypeFlags.Boolean))
          this.differ(at, `schema boolean, type ${this.checker.typeToString(type)}`);
        return;
      case "array": {
        if (!this.checker.isArrayType(type))
          return this.differ(at, `schema array, type ${this.checker.typeToString(type)}`);
        const element = this.checker.getTypeArguments(type as ts.TypeReference)[0]!;
        return this.compare(element, schema["items"] as Json, `${at}/*`);
      }
      case "object":
        return this.compareObject(type, schema, at);
      default:
        this.differ(at, `schema without a type: ${JSON.stringify(schema).slice(0, 80)}`);
    }
  }

  private compareObject(type: ts.Type, schema: Json, at: string): void {
    const values = schema["additionalProperties"];
    if (typeof values === "object" && values !== null) {
      // A map such as Record<string, string>: compare the value types.
      const index = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
      if (index === undefined) return this.differ(at, "schema map, type without a string index");
      return this.compare(index, values as Json, `${at}/*`);
    }
    const properties = (schema["properties"] ?? {}) as Record<string, Json>;
    const required = new Set((schema["required"] ?? []) as string[]);
    const members = this.checker.getPropertiesOfType(type);
    const names = new Set(members.map((member) => member.name));
    for (const name of Object.keys(properties)) {
      if (!names.has(name)) this.differ(`${at}/${name}`, "in the schema, not in the type");
    }
    for (const member of members) {
      const path = `${at}/${member.name}`;
      const propertySchema = properties[member.name];
      if (propertySchema === undefined) {
        this.differ(path, "in the type, not in the schema");
        continue;
      }
      const optional = (member.flags & ts.SymbolFlags.Optional) !== 0;
      if (optional === required.has(member.name)) {
        this.differ(
          path,
          optional ? "optional in the type, required in the schema" : "required in the type, optional in the schema",
        );
      }
      const declaration = member.valueDeclaration ?? member.declarations![0]!;
      const memberType = this.checker.getNonNullableType(this.checker.getTypeOfSymbolAtLocation(member, declaration));
      this.compare(memberType, propertySchema, path);
    }
  }

  /** A union of scalars (`number | string`): one TypeScript member per branch, each of the branch's type. */
  private compareScalarUnion(type: ts.Type, schema: Json, at: string): void {
    const branches = (schema["oneOf"] as Json[]).map(resolve);
    const members = type.isUnion() ? type.types : [type];
    const flagOf: Record<string, ts.TypeFlags> = {
      string: ts.TypeFlags.String,
      integer: ts.TypeFlags.Number,
      number: ts.TypeFlags.Number,
    };
    const matched = branches.map((branch) =>
      members.some((m) => (m.flags & (flagOf[String(branch["type"])] ?? 0)) !== 0),
    );
    if (members.length !== branches.length || matched.includes(false)) {
      this.differ(
        at,
        `schema oneOf ${branches.map((b) => String(b["type"])).join(" | ")}, type ${this.checker.typeToString(type)}`,
      );
    }
  }

  /** A discriminated union: each TypeScript member against the branch with the same tag. */
  private compareUnion(type: ts.Type, schema: Json, at: string): void {
    if (schema["discriminator"] === undefined) return this.compareScalarUnion(type, schema, at);
    const tag = (schema["discriminator"] as { propertyName: string }).propertyName;
    const branches = (schema["oneOf"] as Json[]).map(resolve);
    const members = type.isUnion() ? type.types : [type];
    const tagOf = (member: ts.Type): string => {
      const symbol = this.checker.getPropertyOfType(member, tag);
      const tagType = symbol && this.checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration!);
      return tagType?.isStringLiteral() ? tagType.value : "?";
    };
    const branchTag = (branch: Json): string =>
      String(((branch["properties"] as Record<string, Json>)[tag] ?? {})["const"]);
    const typeTags = members.map(tagOf).sort();
    const schemaTags = branches.map(branchTag).sort();
    if (typeTags.join() !== schemaTags.join()) this.differ(at, `union tags: type ${typeTags}, schema ${schemaTags}`);
    for (const member of members) {
      const branch = branches.find((candidate) => branchTag(candidate) === tagOf(member));
      if (branch !== undefined) this.compareObject(member, branch, `${at}(${tag}=${tagOf(member)})`);
    }
  }
}

describe("schema ↔ inventory/types.ts", () => {
  it("describe exactly the same document", () => {
    // Prepare
    const program = ts.createProgram(["inventory/types.ts"], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile("inventory/types.ts")!;
    const inventory = source.statements.find(
      (statement): statement is ts.InterfaceDeclaration =>
        ts.isInterfaceDeclaration(statement) && statement.name.text === "Inventory",
    )!;
    const comparer = new Comparer(checker);
    // Act
    comparer.compare(checker.getTypeAtLocation(inventory), root, "");
    // Assess
    expect(comparer.differences).toStrictEqual([]);
  });
});
