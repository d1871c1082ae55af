import type { CampfireClient } from '../client';
import { paginate, type PaginateOptions } from '../pagination';
import { productSchema, type Product } from '../schemas/product';
import { paths } from './paths';

/** Products carry the usage groups and tiers that tier price overrides refer to. */
export function listProducts(client: CampfireClient, options: PaginateOptions) {
  return paginate(client, { path: paths.products(), endpoint: 'list products', itemSchema: productSchema }, options);
}

export function getProduct(client: CampfireClient, productId: number, signal?: AbortSignal): Promise<Product> {
  return client.getJson({ path: paths.product(productId), endpoint: `product ${productId}`, signal }, productSchema);
}
