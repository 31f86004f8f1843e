// `smsdesk sim`: runs the local Twilio-compatible gateway simulator on 127.0.0.1 until SIGINT or
// SIGTERM. Prints one JSON line with what a client needs: {"url","port","accountSid","authToken",...}.
import { forEachFlag, parsePort } from './flags.ts';
import { UsageError, type CliCommand } from './command.ts';
import { GatewaySimulator } from '../gateway/simulator/simulator.ts';
import { demoScenario, DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN } from '../gateway/simulator/demo-scenario.ts';
import { parseFaultSpec, type FaultConfig } from '../gateway/simulator/faults.ts';
import { loadScenarioFile, type Scenario } from '../gateway/simulator/scenario.ts';

const HELP = `Usage: smsdesk sim [options]

Runs a local Twilio-compatible SMS gateway on 127.0.0.1 and prints one JSON line:
  {"url":"http://127.0.0.1:N","port":N,"accountSid":"AC...","authToken":"..."}

Options:
  --port N              port to listen on (default 0: a free port)
  --account AC...       account SID (default ${DEMO_ACCOUNT_SID})
  --token TOKEN         auth token (default the demo token)
  --scenario demo|FILE  senders, customers and timed replies (built-in 'demo' or a JSON file)
  --faults SPEC         e.g. 500=0.1,429=0.1,slow=0.05,cut=0.05,dup=0.05,retryAfter=1,slowMs=3000,seed=42
  --undelivered RATE    share of outbound messages that end undelivered (default 0)
  --no-enforce-opt-out  do not refuse sends to recipients who texted STOP (Twilio 21610)
  --keyword-replies     send Twilio's standard STOP/START/HELP auto-replies
  --help                this text
`;

interface SimArgs {
  port: number;
  account: string;
  token: string;
  scenario: string | null;
  faults: FaultConfig | undefined;
  undelivered: number;
  enforceOptOut: boolean;
  keywordReplies: boolean;
  help: boolean;
}

function parseArgs(args: string[]): SimArgs {
  const out: SimArgs = {
    port: 0,
    account: DEMO_ACCOUNT_SID,
    token: DEMO_AUTH_TOKEN,
    scenario: null,
    faults: undefined,
    undelivered: 0,
    enforceOptOut: true,
    keywordReplies: false,
    help: false,
  };
  forEachFlag(args, (flag, value, inline) => {
    switch (flag) {
      case '--port':
        out.port = parsePort(value());
        break;
      case '--account': {
        const v = value();
        if (!/^AC[0-9a-fA-F]{32}$/.test(v)) throw new UsageError('--account must be AC followed by 32 hex digits');
        out.account = v;
        break;
      }
      case '--token':
        out.token = value();
        if (!out.token) throw new UsageError('--token must not be empty');
        break;
      case '--scenario':
        out.scenario = value();
        break;
      case '--faults':
        try {
          out.faults = parseFaultSpec(value());
        } catch (err) {
          throw new UsageError(err instanceof Error ? err.message : String(err));
        }
        break;
      case '--undelivered': {
        const v = value();
        const rate = Number(v);
        if (v === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new UsageError(`--undelivered must be between 0 and 1, got '${v}'`);
        out.undelivered = rate;
        break;
      }
      case '--no-enforce-opt-out':
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        out.enforceOptOut = false;
        break;
      case '--keyword-replies':
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        out.keywordReplies = true;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (try --help)`);
    }
  });
  return out;
}

async function resolveScenario(name: string | null): Promise<Scenario | undefined> {
  if (name === null) return undefined;
  if (name === 'demo') return demoScenario;
  return loadScenarioFile(name);
}

/** Resolves when the process is asked to stop. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const simCommand: CliCommand = {
  summary: 'Run the local Twilio-compatible SMS gateway simulator',
  async run(args, io) {
    const opts = parseArgs(args);
    if (opts.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const scenario = await resolveScenario(opts.scenario);
    const sim = new GatewaySimulator({
      accountSid: opts.account,
      authToken: opts.token,
      scenario,
      faults: opts.faults,
      undeliveredRate: opts.undelivered,
      enforceOptOut: opts.enforceOptOut,
      keywordAutoReply: opts.keywordReplies,
    });
    const stopped = untilSignal();
    const { url, port } = await sim.start({ port: opts.port });
    const owned = sim.ownedNumbers();
    io.stdout.write(
      `${JSON.stringify({
        url,
        port,
        accountSid: sim.accountSid,
        authToken: sim.authToken,
        scenario: scenario?.name ?? null,
        numbers: owned === 'any' ? null : owned,
        messagingServices: scenario?.messagingServices.map((s) => ({ sid: s.sid, numbers: s.numbers })) ?? [],
      })}\n`,
    );
    const signal = await stopped;
    await sim.stop();
    io.stderr.write(`smsdesk sim: stopped (${signal})\n`);
    return 0;
  },
};
