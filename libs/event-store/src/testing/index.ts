/** Test support, kept out of the main entry so that production code never loads jest-only code. */
export * from './event-store.contract';
export * from './event-chain.contract';
