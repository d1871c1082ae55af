// The JSON Schema of a tool's input, as the MCP server lists it and package.json declares it (a unit
// test holds the two equal). Apart from toolInputs.ts so the extension's bundle, which reads the
// schemas from its manifest, carries no JSON Schema writer.
import * as z from 'zod';

export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
