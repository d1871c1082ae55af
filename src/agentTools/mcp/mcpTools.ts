// The Campfire tools as an MCP server lists and calls them, on a data source: the API for
// campfire-export mcp, the window's account or sample data for the server VS Code starts.
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CampfireData } from '../core/campfireData';
import { inputJsonSchema } from '../core/toolSchemas';
import { cleanText } from '../core/toolOutput';
import { CAMPFIRE_TOOLS, runTool, toolNamed } from '../core/tools';
import type { McpTools } from './campfireMcpServer';

/** The data a call reads, or why there is none (signed out), in words. */
export type McpDataSource = () => Promise<CampfireData | { problem: string }>;

/** The tools on `dataFor`; `stop` aborts every call still reading. */
export function campfireMcpTools(dataFor: McpDataSource, stop: AbortSignal): McpTools {
  return {
    list: (): Tool[] =>
      CAMPFIRE_TOOLS.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: inputJsonSchema(t.input) as Tool['inputSchema'], annotations: { readOnlyHint: true, openWorldHint: false } })),
    async call(name, args, signal): Promise<CallToolResult> {
      const tool = toolNamed(name);
      const data = await dataFor();
      if (!tool) {
        const said = cleanText(name, 'problem' in data ? [] : data.secrets, 100);
        return { content: [{ type: 'text', text: `There is no tool "${said}"; the tools are ${CAMPFIRE_TOOLS.map((t) => t.name).join(', ')}.` }], isError: true };
      }
      if ('problem' in data) return { content: [{ type: 'text', text: data.problem }], isError: true };
      const out = await runTool(tool, data, args, AbortSignal.any([stop, signal]));
      return { content: [{ type: 'text', text: out.text }], isError: out.isError };
    },
  };
}
