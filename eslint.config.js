// Lint keeps the process boundaries: shared/ is importable from both processes, so it may use
// neither Electron nor Node built-ins; the renderer reaches the rest only through shared/.
// Inside the main process it keeps the layers (the `layers/*` rules, see eslint-rules/layers.js):
// db → runtime/shared only; domain folders never reach up into ipc/app/cli/electron; ipc never
// imports app; a vendor SDK only in its adapter.
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint-rules/layers.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto'];

// The runtime layer: general machinery any layer may use (kept where it is to spare churn).
const runtime = ['src-main/clock.ts', 'src-main/seeded-random.ts', 'src-main/outbox/scheduler.ts', 'src-main/atomic-file.ts'];
const domains = '{calendar,consent,customers,messaging,outbox,sync,reviews,notifications,appraisals,templates,gateway,settings,automation,imports,reports,replication,conversations,diagnostics,group}';
// A domain's IPC handlers live beside its service, as its public face.
const domainHandlers = [`src-main/${domains}/**/handlers.ts`, `src-main/${domains}/**/*-handlers.ts`];
// What a handler file may use of ipc/: the handler type, its context, mappers and keyset paging.
const ipcForHandlers = ['src-main/ipc/handler.ts', 'src-main/ipc/context.ts', 'src-main/ipc/mappers.ts', 'src-main/ipc/mappers/**', 'src-main/ipc/keyset-page.ts'];
// Vendor SDKs and the one adapter file each may be imported by.
const adapters = { twilio: 'src-main/gateway/twilio-gateway.ts', pg: 'src-main/group/pg-group-server.ts' };

const layers = layersPlugin([
  {
    name: 'db-imports-down',
    files: ['src-main/db/**'],
    onlyLocal: ['src-main/db/**', ...runtime, 'shared/**'],
    explain: 'src-main/db/ imports only src-main/db/, the runtime files (clock, seeded-random, scheduler), shared/ and packages.',
  },
  {
    name: 'domain-not-above',
    files: [`src-main/${domains}/**`],
    ignores: domainHandlers,
    forbidLocal: ['src-main/{ipc,app,cli,electron}/**'],
    explain: 'a domain folder never imports ipc/, app/, cli/ or electron/ (only its handlers.ts may use the ipc handler API).',
  },
  {
    name: 'domain-handlers-ipc-api',
    files: domainHandlers,
    forbidLocal: ['src-main/{ipc,app,cli,electron}/**'],
    allowLocal: ipcForHandlers,
    explain: `a domain's handlers file may use only ${ipcForHandlers.join(', ')} of ipc/, and nothing of app/, cli/ or electron/.`,
  },
  {
    name: 'ipc-not-app',
    files: ['src-main/ipc/**'],
    forbidLocal: ['src-main/app/**'],
    explain: 'src-main/ipc/ is transport: app/ wires ipc, never the other way round.',
  },
  ...Object.entries(adapters).map(([pkg, adapter]) => ({
    name: `${pkg}-only-in-adapter`,
    files: ['src-main/**', 'shared/**', 'src-renderer/**'],
    ignores: [adapter],
    forbidPackages: [pkg],
    explain: `'${pkg}' is imported only by its adapter, ${adapter}.`,
  })),
], { root: fileURLToPath(new URL('.', import.meta.url)) });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'out/**', 'test-results/**', '.scratch*/**', 'electron-native/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { layers: layers.plugin },
    rules: {
      ...layers.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
            { group: nodeBuiltins, message: 'shared/ must not import Node built-ins.' },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'shared/ imports only shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The renderer never imports electron.' },
            { group: nodeBuiltins, message: 'The renderer never imports Node built-ins.' },
            { group: ['**/src-main/**', 'better-sqlite3', 'twilio'], message: 'The renderer imports only shared/ (and UI libraries).' },
          ],
        },
      ],
      // The IPC schemas (zod) are main's: evaluated at start they cost the first render its time and
      // the bundle about 120 kB. The renderer takes their types only; values live in shared/domain.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['zod', '**/shared/ipc/contract.ts', '**/shared/ipc/automation-contract.ts', '**/shared/ipc/channel-parts.ts'],
              allowTypeImports: true,
              message: 'The renderer imports the IPC schemas as types only (a value belongs in shared/domain).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron/*'], message: 'The core stays Electron-free: only src-main/electron/ may import electron.' }] },
      ],
    },
  },
);
