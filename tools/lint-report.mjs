// Prints web-ext lint's findings and fails on any error: node tools/lint-report.mjs REPORT.json
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const f of report[kind] ?? []) console.log(`${kind.slice(0, -1)}: ${f.code} ${f.file ?? ''} ${f.message}`);
}
const { errors = 0, warnings = 0, notices = 0 } = report.summary ?? {};
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors > 0 ? 1 : 0);
