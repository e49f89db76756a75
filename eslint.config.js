// The configuration SvelteKit's project templates ship (typescript-eslint + eslint-plugin-svelte,
// prettier owning the layout), with the ignores of .gitignore.
import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/results/',
			'.e2e/',
			'data/',
			'drizzle/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint's advice: the compiler checks names, no-undef only misfires on types
			'no-undef': 'off',
			// links are localised with paraglide's localizeHref, which resolve() does not know
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		// issue 15: the reference module is the one reader of the shared vocabulary
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/lib/server/reference/**', 'src/lib/server/db/db.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/codes.json'],
							message: 'Read the vocabulary through $lib/server/reference (TOWNS, DEPARTMENTS…).'
						}
					]
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
