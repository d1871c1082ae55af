// Validates bodies against Campfire's published OpenAPI 3.0 schema with Ajv. OpenAPI 3.0 schemas
// are JSON Schema draft-04 plus a few keywords: boolean exclusiveMinimum/Maximum (draft-04
// semantics, so the draft-04 Ajv), `nullable`, `readOnly`/`writeOnly`, `example`, and the formats
// double/int64/date/date-time/uri/uuid. Each is enforced, none ignored: a writeOnly field in a
// response is an error, as in the spec.
import fs from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

export const OPENAPI_PATH = process.env.CAMPFIRE_OPENAPI ?? path.resolve(__dirname, '../../../../../shared/campfire-openapi.json');

interface OpenApiDoc {
  paths: Record<string, { get?: { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }>;
  components: { schemas: Record<string, unknown> };
}

export function loadOpenApi(): OpenApiDoc {
  if (!fs.existsSync(OPENAPI_PATH)) {
    throw new Error(`Campfire's OpenAPI schema was not found at ${OPENAPI_PATH}; set CAMPFIRE_OPENAPI to its path (it ships beside the repository as ../shared/campfire-openapi.json).`);
  }
  return JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDoc;
}

/** Rewrites `nullable: true` into draft-04 terms, recursively (Ajv's own `nullable` needs a sibling `type`). */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = k === 'enum' ? v : convert(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  } else {
    delete out.nullable;
  }
  return out;
}

export class OpenApiValidator {
  private readonly ajv: Ajv04;
  private readonly byPath = new Map<string, ValidateFunction>();
  readonly operations: { template: string; operationId: string; regex: RegExp }[] = [];

  constructor(readonly doc: OpenApiDoc = loadOpenApi()) {
    this.ajv = new Ajv04({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
    addFormats(this.ajv, ['date', 'date-time', 'uri', 'uuid', 'email']);
    this.ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    this.ajv.addKeyword({ keyword: 'example' });
    this.ajv.addKeyword({ keyword: 'readOnly' });
    // A writeOnly property must never appear in a response: the keyword fails wherever it is reached.
    this.ajv.addKeyword({ keyword: 'writeOnly', validate: (schemaValue: boolean) => !schemaValue, errors: false });
    for (const key of Object.keys(doc.paths).sort()) {
      const get = doc.paths[key]?.get;
      if (!get) continue;
      const regex = new RegExp(`^${key.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      this.operations.push({ template: key, operationId: get.operationId, regex });
    }
    // Component schemas become draft-04 `definitions`; their internal refs follow.
    const definitions = JSON.parse(JSON.stringify(convert(doc.components.schemas)).replace(/"#\/components\/schemas\//g, '"#/definitions/')) as object;
    this.ajv.addSchema({ id: 'campfire', definitions });
  }

  /** Validator of the 200 JSON body of the GET operation that serves `urlPath`. */
  forPath(urlPath: string): { operationId: string; validate: ValidateFunction | undefined } {
    const op = this.operations.find((o) => o.regex.test(urlPath));
    if (!op) throw new Error(`no GET operation in the OpenAPI schema serves ${urlPath}`);
    let validate = this.byPath.get(op.template);
    if (!validate) {
      const schema = this.doc.paths[op.template]?.get?.responses['200']?.content?.['application/json']?.schema;
      if (!schema) return { operationId: op.operationId, validate: undefined };
      const rewritten = JSON.parse(JSON.stringify(convert(schema)).replace(/#\/components\/schemas\//g, 'campfire#/definitions/')) as object;
      validate = this.ajv.compile(rewritten);
      this.byPath.set(op.template, validate);
    }
    return { operationId: op.operationId, validate };
  }

  /** The component schema `name` (e.g. "PrepaidUsageEvent") as a validator, for fixtures. */
  component(name: string): ValidateFunction {
    return this.ajv.compile({ $ref: `campfire#/definitions/${name}` });
  }

  errorsText(validate: ValidateFunction): string {
    return this.ajv.errorsText(validate.errors, { separator: '\n' });
  }
}
