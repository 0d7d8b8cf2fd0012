// Lint and formatting in one tool: typescript-eslint's strict rules for correctness,
// @stylistic for the house format (standard style: no semicolons, single quotes,
// a space before a declaration's parentheses), and the layout rules of ADR 0004.
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

/** `no-restricted-imports` patterns that keep an area's dependencies one-way (docs/decisions/0004). */
const banned = (...areas) => ({
  'no-restricted-imports': ['error', {
    patterns: areas.map(area => ({
      group: [`**/${area}/*`, `**/${area}/**`],
      message: `See docs/decisions/0004-layout-by-area.md: this area may not import ${area}/.`
    }))
  }]
})

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  ...tseslint.configs.strict,
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: false, commaDangle: 'never', braceStyle: '1tbs', arrowParens: false }),
  {
    rules: {
      '@stylistic/space-before-function-paren': ['error', 'always'],
      '@stylistic/max-statements-per-line': 'off',
      '@stylistic/list-style': 'off',
      '@stylistic/arrow-parens': 'off',
      '@stylistic/member-delimiter-style': ['error', { multiline: { delimiter: 'none' }, singleline: { delimiter: 'semi', requireLast: false } }],
      '@stylistic/operator-linebreak': ['error', 'before'],
      '@stylistic/multiline-ternary': 'off',
      '@stylistic/quote-props': ['error', 'as-needed'],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error'
    }
  },
  // Migrations are frozen in time and take Kysely<any> (house style): they must not follow today's types.
  { files: ['schema/2*.ts', 'test/unit/store/dialects/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['agent/model/**'], rules: banned('contracts', 'telephony', 'crm', 'screen-pop', 'live', 'delivery', 'store', 'demo', 'fake-pbx') },
  { files: ['agent/contracts/**'], rules: banned('telephony', 'crm', 'screen-pop', 'live', 'delivery', 'store', 'demo', 'fake-pbx') },
  { files: ['agent/telephony/**'], rules: banned('crm', 'screen-pop', 'live', 'delivery', 'store', 'demo') },
  { files: ['agent/store/**'], rules: banned('crm', 'telephony', 'screen-pop', 'live', 'delivery', 'demo') },
  { files: ['agent/crm/**'], rules: banned('telephony', 'screen-pop', 'live', 'delivery') },
  { files: ['agent/live/**'], rules: banned('telephony', 'crm', 'screen-pop', 'delivery', 'store') },
  { files: ['agent/screen-pop/**'], rules: banned('delivery') },
  { files: ['agent/delivery/**'], rules: banned('store', 'telephony', 'demo') },
  { files: ['web-widget/**'], rules: banned('telephony', 'crm', 'screen-pop', 'live', 'delivery', 'store', 'demo', 'fake-pbx') }
)
