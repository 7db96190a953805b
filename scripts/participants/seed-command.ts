import { relative, resolve, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PrismaService } from '@borderledger/data';
import { DEMO_PARTICIPANTS, PrismaRegistryRepository, readSecretsFile, seedParticipants, writeKeystores, writeSecretsFile } from '@borderledger/registry';

const USAGE = 'usage: npx tsx scripts/participants.ts seed [--out .local/participants.json] [--json]';
const NODE_OF_ROLE: Record<string, string> = { platform: 'platform-node', carrier: 'carrier-node', logistics: 'logistics-node', customs: 'customs-node', auditor: 'auditor' };

export async function main(argv: string[], root: string): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', default: '.local/participants.json' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'seed' || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    process.stderr.write('DATABASE_URL is not set (postgresql://user:password@host:port/db[?schema=name])\n');
    return 2;
  }
  const out = resolve(root, values.out);
  const keystoreRoot = join(dirname(out), 'keystores');

  const prisma = new PrismaService({ databaseUrl });
  await prisma.onModuleInit();
  try {
    const previous = await readSecretsFile(out);
    const { secrets, changes } = await seedParticipants(new PrismaRegistryRepository(prisma), DEMO_PARTICIPANTS, previous);
    const keystores = await writeKeystores(keystoreRoot, secrets);
    await writeSecretsFile(out, secrets, keystores);

    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            secretsFile: out,
            keystores,
            participants: secrets.map((s) => ({ id: s.id, roles: s.roles, keyId: s.keyId, credentialId: s.credentialId })),
            changes,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const changed = changes.filter((c) => c.admitted || c.keyRotated || c.credentialIssued);
    const say = (line = '') => process.stdout.write(`${line}\n`);
    say(changed.length === 0 ? `Participants already seeded: nothing changed.` : `Seeded ${changes.length} participants:`);
    for (const c of changed) {
      const what = [c.admitted && 'admitted', c.keyRotated && 'key rotated', c.credentialIssued && 'credential issued'].filter(Boolean).join(', ');
      say(`  ${c.id.padEnd(12)} ${what}`);
    }
    say();
    say(`Secrets (API tokens and signing keys, mode 600): ${relative(process.cwd(), out) || out}`);
    say('Custodial keystores (NODE_KEYSTORE_DIR of each node):');
    for (const [role, dir] of Object.entries(keystores)) say(`  ${(NODE_OF_ROLE[role] ?? role).padEnd(15)} ${relative(process.cwd(), dir) || dir}`);
    say();
    say(`${'participant'.padEnd(12)} ${'roles'.padEnd(10)} ${'credential'.padEnd(26)} key id`);
    for (const s of secrets) say(`${s.id.padEnd(12)} ${s.roles.join(',').padEnd(10)} ${s.credentialId.padEnd(26)} ${s.keyId}`);
    say();
    say(`A token for curl: TOKEN=$(node -p "require('${out}').participants.shopwave.token")`);
    return 0;
  } finally {
    await prisma.onModuleDestroy();
  }
}
