// The human part of an error body (DRF's detail, Campfire's error, a validation dict, a proxy's HTML title).
import { safeText } from './safeText';

const MAX = 200;

function clip(text: string): string {
  return safeText(text.replace(/\s+/g, ' '), [], MAX);
}

export function extractDetail(text: string, contentType: string): string | undefined {
  const body = text.trim();
  if (body === '') return undefined;
  if (/json/i.test(contentType) || body.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(body);
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        const obj = json as Record<string, unknown>;
        for (const key of ['detail', 'error', 'message']) {
          if (typeof obj[key] === 'string') return clip(obj[key]);
        }
        const parts = Object.entries(obj).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(String).join(' ') : String(v)}`);
        if (parts.length > 0) return clip(parts.join('; '));
      }
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body);
  if (title?.[1]) return clip(title[1]);
  return clip(body.replace(/<[^>]*>/g, ' '));
}
