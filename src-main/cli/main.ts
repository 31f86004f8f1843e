import { UsageError, type CliCommand, type CliIo } from './command.ts';
import { classifyCommand } from './classify-command.ts';
import { simCommand } from './sim-command.ts';
import { serveCommand } from './serve-command.ts';
import { startCommand } from './start-command.ts';
import { groupCommand } from './group-command.ts';
import { importCommand } from './import-command.ts';
import { exportCommand } from './export-command.ts';
import { dbCommand } from './db-command.ts';
import { isDiskFull, DISK_FULL_MESSAGE } from '../app-error.ts';

/** Every `smsdesk` sub-command, by name. Add a command by adding its module here. */
const commands: Record<string, CliCommand> = {
  classify: classifyCommand,
  sim: simCommand,
  serve: serveCommand,
  start: startCommand,
  group: groupCommand,
  import: importCommand,
  export: exportCommand,
  db: dbCommand,
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  smsdesk ${name.padEnd(10)} ${c.summary}`);
  return ['Usage: smsdesk <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}

/** Runs one CLI invocation and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`smsdesk: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`smsdesk ${name}: ${err.message}\n`);
      return 2;
    }
    const message = isDiskFull(err) ? `${DISK_FULL_MESSAGE} (${err instanceof Error ? err.message : String(err)})` : err instanceof Error ? err.message : String(err);
    io.stderr.write(`smsdesk ${name}: ${message}\n`);
    return 1;
  }
}
