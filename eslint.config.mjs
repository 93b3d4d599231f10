import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

// The rooms of the house and who may enter which (README, "Layout"). Imports flow one way:
// domain <- contract <- workflows; domain, contract <- activities <- worker; infra <- worker, client.
// Workflow code runs in Temporal's deterministic sandbox, and domain/ and contract/ are bundled into it: Node
// built-ins there either fail at bundle time or, worse, break replay.
const rooms = ['domain', 'contract', 'workflows', 'activities', 'infra', 'worker', 'client', 'tools'];
const may = {
  domain: [],
  contract: ['domain'],
  workflows: ['domain', 'contract'],
  activities: ['domain', 'contract'],
  infra: ['domain', 'contract', 'activities'],
  worker: ['domain', 'contract', 'workflows', 'activities', 'infra'],
  client: ['domain', 'contract', 'infra'],
  tools: ['domain', 'contract', 'infra'],
};
// Type-only imports cross where values may not: workflows proxy activities by their types, the client starts
// workflows by theirs.
const typesFrom = {
  workflows: ['activities'],
  client: ['workflows'],
  infra: ['workflows'],
};
const sandboxed = new Set(['domain', 'contract', 'workflows']);

function zone(room) {
  const forbidden = rooms.filter((other) => other !== room && !may[room].includes(other));
  const patterns = forbidden.map((other) => ({
    // A package's own folders of the same name (@temporalio/worker/lib/...) are not the room.
    group: [`**/${other}/**`, '!@temporalio/**'],
    message: `${room}/ may not import ${other}/ (see the import directions in the README).`,
    ...(typesFrom[room]?.includes(other) ? { allowTypeImports: true } : {}),
  }));
  const paths = sandboxed.has(room)
    ? nodeBuiltins.map((name) => ({
        name,
        message: 'Workflow code must stay deterministic: no Node built-ins (do the I/O in an activity).',
      }))
    : [];
  return {
    files: [`${room}/**/*.ts`],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...rooms.map(zone),
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' },
    },
  },
);
