import { join } from 'node:path';
import ts from 'typescript';

/**
 * The domain's event types are read from its own type definitions (every exported type whose `type` is one string
 * literal and that has a `version` and a `data`), with the TypeScript checker, so a new event cannot be forgotten.
 */
function domainEventTypes() {
  const index = join(__dirname, 'index.ts');
  const program = ts.createProgram([index], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!);
  const literalTypeOf = (type: ts.Type): string[] => {
    const tag = type.getProperty('type');
    if (!tag || !type.getProperty('version') || !type.getProperty('data')) return [];
    const tagType = checker.getTypeOfSymbol(tag);
    return tagType.isStringLiteral() ? [tagType.value] : [];
  };
  const aliases = exports.filter((s) => s.flags & ts.SymbolFlags.TypeAlias).map((s) => ({ name: s.name, type: checker.getDeclaredTypeOfSymbol(s) }));
  // a one-event union (CompanyEvent = CompanyRegistered) is that event again: count each type once
  const declared = [...new Set(aliases.filter((a) => !a.type.isUnion()).flatMap((a) => literalTypeOf(a.type)))].sort();
  const all = aliases.find((a) => a.name === 'ClauseLedgerEvent')!.type;
  const listed = (all.isUnion() ? all.types : [all]).flatMap(literalTypeOf).sort();
  return { declared, listed };
}

describe('ClauseLedgerEvent, the list of every event', () => {
  const { declared, listed } = domainEventTypes();

  it('finds the domain\'s event types in its type definitions', () => {
    expect(declared).toEqual(expect.arrayContaining(['MarketRegistered', 'HoursDeclared', 'ClockTicked']));
  });

  it('lists every event type the domain defines, badges included, and nothing else', () => {
    expect(listed).toEqual(declared);
    expect(listed).toEqual(expect.arrayContaining(['BadgeAwarded', 'BadgeRevoked']));
  });
});
