// The product catalogue: the only place usage groups and their pricing tiers exist, so tier price
// overrides refer to ids defined here.
import type { Product } from '../api/schemas/product';
import { timestamp } from './dates';
import { PRODUCTS, TIER_NAMES } from './names';
import { cents, hash } from './random';

export const FIRST_PRODUCT_ID = 301;

export interface TierRef {
  productId: number;
  usageGroupId: number;
  usageGroupName: string;
  tierId: number;
  tierName: string;
  pricingModel: string;
}

function uuid(seed: number, n: number): string {
  const hex = Array.from({ length: 4 }, (_, i) => hash(seed, n, i).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function makeProducts(seed: number): Product[] {
  return PRODUCTS.map((p, pi) => {
    const id = FIRST_PRODUCT_ID + pi;
    const percentage = p.code === 'SUP';
    const usage_groups = p.groups.map((g, gi) => {
      const groupId = id * 10 + gi;
      const tiers = TIER_NAMES.slice(0, 2 + ((pi + gi) % 3)).map((t, ti, all) => ({
        id: groupId * 10 + ti,
        name: t,
        pricing_type: percentage ? 'percentage' : 'per_unit',
        from_quantity: ti === 0 ? 0 : 10 ** (ti + 5),
        to_quantity: ti === all.length - 1 ? null : 10 ** (ti + 6),
        price: percentage ? null : cents((0.002 + (hash(seed, groupId, ti) % 100) / 10_000) * 0.7 ** ti * 1000) / 1000,
        percentage: percentage ? 12 - ti * 2 : null,
      }));
      return {
        id: groupId,
        name: g,
        pricing_model: percentage ? 'percentage_based' : tiers.length > 2 ? 'graduated_tiered' : 'volume_based',
        unit_of_measure: p.unit,
        tier_count: tiers.length,
        tiers,
      };
    });
    return {
      id,
      is_deleted: false,
      deleted_at: null,
      department_name: 'Product',
      invoice_account_name: '4000 Revenue',
      revenue_account_name: '4010 Usage revenue',
      ar_account_name: '1200 Accounts receivable',
      bad_debt_account_name: null,
      invoice_unbilled_account_name: '1210 Unbilled receivables',
      tax_account_name: '2200 Sales tax payable',
      tags: [],
      last_modified_at: timestamp('2025-06-01', 3600 * (pi + 1)),
      product_uuid: uuid(seed, id),
      display_name: `${p.code} · ${p.name}`,
      usage_group_count: usage_groups.length,
      usage_groups,
      product_id: p.code,
      product_name: p.name,
      product_description: `${p.name}, billed per ${p.unit}`,
      tag_ids: [],
      tag_group_ids: [],
      currency: 'USD',
      price: null,
      cost: null,
      exclude_from_mrr: false,
      is_taxable: true,
      is_renewable: true,
      recognize_revenue: true,
      is_immediate_recognition: false,
      created_at: timestamp('2023-01-02', 3600 * (pi + 1)),
      customer: 1,
      department: null,
      invoice_account: 4000,
      revenue_account: 4010,
      ar_account: 1200,
      bad_debt_account: null,
      invoice_unbilled_account: 1210,
    };
  });
}

export function tierRefs(products: readonly Product[]): TierRef[] {
  return products.flatMap((p) =>
    p.usage_groups.flatMap((g) =>
      g.tiers.map((t) => ({
        productId: p.id,
        usageGroupId: g.id,
        usageGroupName: g.name ?? '',
        tierId: t.id,
        tierName: t.name,
        pricingModel: String(g.pricing_model ?? ''),
      })),
    ),
  );
}
