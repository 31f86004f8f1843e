// Lint keeps the process boundaries: shared/ is importable from both processes, so it may use
// neither Electron nor Node built-ins; the renderer reaches the rest only through shared/.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'out/**', 'test-results/**', '.scratch*/**', 'electron-native/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
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
