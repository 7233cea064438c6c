/** README.md of an export, French then English: what is in it and how to re-verify it without this application. */
export function exportReadme(marketId: string, summary: { events: number; checkpoints: number; head: string; storeId: string }): string {
  return `# Export d'audit — marché ${marketId} / Audit export — market ${marketId}

Magasin d'événements / event store: \`${summary.storeId}\` — ${summary.events} événements / events — tête du journal / log head: position ${summary.head} — ${summary.checkpoints} point(s) de contrôle signé(s) / signed checkpoint(s).

## Français

Contenu :
- \`events.jsonl\` : une ligne JSON par événement concernant le marché (flux du marché, de ses alertes, de ses mises en situation de travail, badges), dans l'ordre du journal, avec son empreinte \`hash\` et celle de l'événement précédent de son flux (\`previousHash\`).
- \`log-hashes.txt\` : « position empreinte » de chaque événement du journal entier (les empreintes seules, sans contenu) : il permet de recalculer le condensat global.
- \`checkpoints.jsonl\` : les points de contrôle signés (Ed25519, JWS compact) par l'organisation ; \`jwks.json\` : sa clé publique.
- \`verify.mjs\` : le script de vérification.

Vérifier sans cette application : \`node verify.mjs\` (Node.js 18 ou plus, rien à installer). Il affiche \`OK\` et sort avec le code 0, ou nomme chaque ligne fautive et sort avec le code 1.

Ce qu'il recalcule (lisible en 40 lignes) :
1. empreinte d'un événement = sha256 du JSON du tableau \`[streamId, revision, id, type, data, metadata, previousHash]\`, clés des objets triées à toute profondeur ;
2. condensat global = sha256(condensat précédent + empreinte), depuis 64 zéros, dans l'ordre de \`log-hashes.txt\` ;
3. chaque point de contrôle : signature vérifiée avec \`jwks.json\`, et condensat signé égal au condensat recalculé à sa position.

Un contrôle manuel d'une ligne : \`printf '%s' '<JSON trié du tableau>' | sha256sum\`.

## English

Contents:
- \`events.jsonl\`: one JSON line per event concerning the market (the market's stream, its alerts, its placements, badges), in log order, with its \`hash\` and the hash of its stream's previous event (\`previousHash\`).
- \`log-hashes.txt\`: "position hash" of every event of the whole log (hashes only, no content), from which the global digest is recomputed.
- \`checkpoints.jsonl\`: the checkpoints the organisation signed (Ed25519, compact JWS); \`jwks.json\`: its public key.
- \`verify.mjs\`: the verification script.

To verify without this application: \`node verify.mjs\` (Node.js 18 or later, nothing to install). It prints \`OK\` and exits 0, or names every failing line and exits 1.

What it recomputes (40 readable lines):
1. an event's hash = sha256 of the JSON of the array \`[streamId, revision, id, type, data, metadata, previousHash]\`, object keys sorted at every depth;
2. the global digest = sha256(previous digest + hash), from 64 zeros, in the order of \`log-hashes.txt\`;
3. every checkpoint: its signature checked with \`jwks.json\`, and the digest it signed equal to the recomputed digest at its position.

To check one line by hand: \`printf '%s' '<sorted JSON of the array>' | sha256sum\`.
`;
}
