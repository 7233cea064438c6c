import { upcastBeneficiaryRegistered } from '../beneficiary/upcast-beneficiary';

/** A stored payload at one schema version, turned into the next version's shape. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  upcast(data: unknown): unknown;
}

export type UpcasterRegistry = ReadonlyMap<string, Upcaster>;

const keyOf = (type: string, version: number) => `${type}@${version}`;

export function upcasterRegistry(upcasters: readonly Upcaster[]): UpcasterRegistry {
  const registry = new Map<string, Upcaster>();
  for (const u of upcasters) {
    if (u.toVersion <= u.fromVersion) throw new Error(`upcaster ${u.type} v${u.fromVersion} must go to a later version, not v${u.toVersion}`);
    if (registry.has(keyOf(u.type, u.fromVersion))) throw new Error(`two upcasters for ${u.type} v${u.fromVersion}`);
    registry.set(keyOf(u.type, u.fromVersion), u);
  }
  return registry;
}

/** Applies the registry's upcasters in a chain (v1 → v2 → v3...) until no upcaster starts at the version reached. */
export function upcast(registry: UpcasterRegistry, type: string, version: number, data: unknown): { version: number; data: unknown } {
  let current = { version, data };
  for (let u = registry.get(keyOf(type, version)); u; u = registry.get(keyOf(type, current.version))) {
    current = { version: u.toVersion, data: u.upcast(current.data) };
  }
  return current;
}

/**
 * Every payload change the domain has made so far. When an event's shape changes, its upcaster from
 * the old version goes here (see stored-event-reader.spec.ts).
 */
export const DOMAIN_UPCASTERS: UpcasterRegistry = upcasterRegistry([
  // v1 kept the birth date and postcode in clear; v2 keeps an age band and the département only
  { type: 'BeneficiaryRegistered', fromVersion: 1, toVersion: 2, upcast: (data) => upcastBeneficiaryRegistered(1, data) },
]);
