// Contracts of the sample company: built once at start-up (a few hundred, or 10,000 for benchmarks).
import type { Contract } from '../api/schemas/contract';
import { addDays, addMonths, SAMPLE_TODAY, timestamp } from './dates';
import { CLIENTS, CONSULTANTS, CURRENCIES, DEAL_KINDS, DEPARTMENTS, ENTITIES, HOSTILE_STRINGS } from './names';
import { cents, Rng } from './random';

export const FIRST_CONTRACT_ID = 1001;

const RATES: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, CAD: 0.73, AUD: 0.66, JPY: 0.0067 };

export function makeContract(seed: number, id: number, hostile: boolean): Contract {
  const r = new Rng(seed * 1_000_003 + id);
  const clientIndex = r.int(0, CLIENTS.length - 1);
  const client = CLIENTS[clientIndex] as string;
  const currency = r.pick(CURRENCIES);
  const entity = currency === 'EUR' ? ENTITIES[1] : currency === 'GBP' ? ENTITIES[2] : ENTITIES[0];
  const start = addDays('2023-01-01', r.int(0, 1400));
  const termMonths = r.pick([12, 12, 12, 24, 36, 6]);
  const evergreen = r.chance(0.08);
  const end = evergreen ? null : addDays(addMonths(start, termMonths), -1);
  const status = start > SAMPLE_TODAY ? 'PENDING' : end !== null && end < SAMPLE_TODAY ? 'COMPLETED' : r.chance(0.05) ? 'PENDING' : 'ACTIVE';
  const tcvUsd = Math.round(r.next() ** 2.5 * 2_400_000 + 4_800);
  const tcv = cents(currency === 'JPY' ? Math.round(tcvUsd / (RATES.JPY as number)) : tcvUsd / (RATES[currency] ?? 1));
  const elapsed = end === null ? 0.5 : Math.min(1, Math.max(0, (Date.parse(SAMPLE_TODAY) - Date.parse(start)) / (Date.parse(end) - Date.parse(start))));
  const recognised = cents(tcv * elapsed);
  const created = timestamp(addDays(start, -r.int(3, 40)), r.int(0, 86_399) + r.next());
  const modified = timestamp(addDays(start, r.int(0, 200)) > SAMPLE_TODAY ? SAMPLE_TODAY : addDays(start, r.int(0, 200)), r.int(0, 86_399) + r.next());
  const dept = r.pick(DEPARTMENTS);
  const kind = r.pick(DEAL_KINDS);
  const dealName = hostile && id % 7 === 0 ? `${HOSTILE_STRINGS[id % HOSTILE_STRINGS.length] ?? ''} ${kind}` : `${client} — ${kind} ${start.slice(0, 4)}`;
  const workingEnd = end ?? addMonths(SAMPLE_TODAY, 12);
  return {
    id,
    entity_name: entity.name,
    client_name: hostile && id % 11 === 0 ? (HOSTILE_STRINGS[(id + 2) % HOSTILE_STRINGS.length] ?? client) : client,
    client_terms: r.pick(['Net 30', 'Net 45', 'Net 60', 'Due on receipt']),
    department_name: dept,
    parent_department_name: 'Revenue',
    parent_department: 10,
    tags: '',
    total_revenue: recognised,
    total_mrr: cents(termMonths > 0 ? tcv / termMonths : 0),
    total_deferred_revenue: cents(tcv - recognised),
    currency,
    entity_currency: entity.currency,
    attachments: [],
    contract_end_date: end,
    is_evergreen: evergreen,
    auto_send_invoices: r.chance(0.6),
    skip_evergreen_invoice_generation: false,
    auto_apply_customer_stripe_config_to_invoices: false,
    last_modified_at: modified,
    // The published schema types these two as (non-nullable) strings.
    is_deleted: 'false',
    deleted_at: '',
    usage_tiers: '',
    has_invoices: status !== 'PENDING',
    has_journal_entries: status !== 'PENDING',
    has_credit_memos: r.chance(0.1),
    // Typed non-nullable dates: the rolling horizon for evergreen contracts, the end date otherwise.
    effective_end_date: workingEnd,
    working_end_date: workingEnd,
    evergreen_locked_date: evergreen ? addMonths(SAMPLE_TODAY, -1) : null,
    search_vector: null,
    search_text: null,
    billing_frequency: r.pick(['monthly', 'quarterly', 'annual', 'annual', 'one_time']),
    deal_name: dealName,
    deal_id: `00${6 + (id % 3)}Dn${String(hashId(id)).padStart(9, '0')}`,
    consultant: r.pick(CONSULTANTS),
    closed_date: addDays(start, -r.int(1, 30)),
    total_contract_value: tcv,
    contract_start_date: start,
    exchange_rate: RATES[currency] ?? 1,
    exchange_rate_book: 1,
    crm_link: `https://crm.example.com/deals/${id}`,
    contract_link: r.chance(0.7) ? `https://docs.example.com/contracts/${id}.pdf` : null,
    status,
    source: r.pick(['SALESFORCE', 'SALESFORCE', 'HUBSPOT', 'STRIPE', 'MANUAL']),
    source_deal_data: null,
    created_at: created,
    auto_renew: !evergreen && r.chance(0.3),
    auto_renew_duration: null,
    auto_renew_invoice: false,
    tag_ids: [],
    tag_group_ids: [],
    minimum_monthly_commitment_amount: null,
    minimum_monthly_commitment_quantity: null,
    purchase_order_number: r.chance(0.4) ? `PO-${r.int(10000, 99999)}` : null,
    customer: 1,
    entity: currency === 'EUR' ? 2 : currency === 'GBP' ? 3 : 1,
    client: 500 + clientIndex,
    department: 20 + DEPARTMENTS.indexOf(dept),
    journal_entries: [],
  };
}

function hashId(id: number): number {
  return (id * 2654435761) % 1_000_000_000;
}
