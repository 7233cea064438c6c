/** The domain turns stored events into domain events, for the write side and the projections alike. */
export { asDomainEvent } from '@clause-ledger/domain';
