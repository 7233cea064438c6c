import { DOMAIN_ERROR_AREAS } from '@clause-ledger/domain';
import { DOMAIN_STATUS } from '../http/error-responses';
import { ApiErrors } from './api-error-codes';

export interface ErrorCatalogueEntry {
  readonly code: string;
  readonly area: string;
  readonly status: number | null;
  readonly meaning: string;
}

/** Every code an error answer may carry, with its HTTP status: the domain's refusals, then the API's own. */
export function errorCatalogue(): ErrorCatalogueEntry[] {
  const domain = Object.entries(DOMAIN_ERROR_AREAS).flatMap(([area, codes]) =>
    Object.entries(codes).map(([code, entry]) => ({ code, area, status: DOMAIN_STATUS[entry.kind], meaning: entry.meaning })));
  const api = Object.entries(ApiErrors).map(([code, entry]) => ({ code, area: 'api', status: entry.status, meaning: entry.meaning }));
  return [...domain, ...api];
}
