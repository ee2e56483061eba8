import tseslint from 'typescript-eslint';

const platformSdks = [
  { name: '@slack/bolt', message: 'Platform SDKs belong in adapters/.' },
  { name: 'discord.js', message: 'Platform SDKs belong in adapters/.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.rapport/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The core stays platform-neutral: only adapters/ may speak Slack or Discord, and only the
    // CLI (the composition root) may wire adapters in.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...platformSdks],
          patterns: [{ group: ['**/adapters/**'], message: 'src/ must not import adapters (only src/cli wires them).' }],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...platformSdks] }] },
  },
);
