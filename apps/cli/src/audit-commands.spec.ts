import Database from 'libsql';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { CommandIo } from './open-store';
import { verifyCommand } from './verify-command';
import { exportCommand } from './export-command';

/** Runs one command in this process against DATA_DIR, collecting what it prints and whether it failed. */
async function run(make: (io: CommandIo) => Command, args: string[]): Promise<{ out: string; failed: boolean }> {
  let out = '';
  let failed = false;
  const command = make({ out: (text) => { out += text; }, fail: () => { failed = true; }, interactive: false });
  command.exitOverride().configureOutput({ writeOut: (text) => { out += text; } });
  await command.parseAsync(args, { from: 'user' });
  return { out, failed };
}

describe('the CLI\'s verify and export commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clause-ledger-cli-'));
  const previous = process.env.DATA_DIR;
  beforeAll(async () => {
    process.env.DATA_DIR = dataDir;
    const store = await SqliteEventStore.open(join(dataDir, 'events.db'));
    const append = (s: string, data: unknown) => store.appendToStream(s, [{ id: randomUUID(), type: 'Happened', data }], { expectedRevision: 'any' });
    await append('market-m1', { marketId: 'm1' });
    await append('placement-p1', { placementId: 'p1', marketId: 'm1' });
    await append('placement-p1', { month: '2026-02', hours: 15167 });
    await append('market-m2', { marketId: 'm2' });
    await store.close();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('--help describes each command and its options', async () => {
    await expect(run(verifyCommand, ['--help'])).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    const help = exportCommand().helpInformation();
    expect(help).toMatch(/--market <id>[\s\S]*--out <dir>[\s\S]*--json/);
    expect(verifyCommand().helpInformation()).toMatch(/exits 1 on any failure[\s\S]*--json/);
  });

  it('export writes the market\'s events and a verify.mjs that passes with plain node; an unknown market is refused', async () => {
    const out = join(dataDir, 'export-m1');
    const { out: said } = await run(exportCommand, ['--market', 'm1', '--out', out, '--json']);
    expect(JSON.parse(said)).toMatchObject({ events: 3, logEvents: 4, checkpoints: 0 });
    const { stdout } = await promisify(execFile)(process.execPath, [join(out, 'verify.mjs')]);
    expect(stdout).toMatch(/^OK: 2 streams, 4 log positions/);
    await expect(run(exportCommand, ['--market', 'nope', '--out', join(dataDir, 'x')])).rejects.toThrow('market nope does not exist in this event log');
  });

  it('verify passes on a clean log, then fails (non-zero) naming the altered position, in text and in JSON', async () => {
    const clean = await run(verifyCommand, []);
    expect(clean).toEqual({ out: expect.stringMatching(/^OK: 4 events read up to position 4\/4/), failed: false });
    const db = new Database(join(dataDir, 'events.db'));
    db.prepare("UPDATE events SET data = replace(data, '15167', '15168') WHERE position = 3").run();
    db.close();
    const text = await run(verifyCommand, []);
    expect(text.failed).toBe(true);
    expect(text.out).toMatch(/^FAILED[\s\S]*ALTERED position 3\/3: placement-p1@1/m);
    const json = await run(verifyCommand, ['--json']);
    expect(json.failed).toBe(true);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, findings: [{ position: '3/3', kind: 'altered', streamId: 'placement-p1' }] });
  });
});
