/**
 * Prints the size of the default demo data set and how long it takes to generate, for the README.
 * Run: `npx tsx tools/demo/printDemoStats.ts`. The first call includes reading the nickname table.
 */
import { generateDemoData, type DemoSource } from './generateDemoData.ts';

const started = performance.now();
const data = generateDemoData();
const elapsedMs = performance.now() - started;

const sources: DemoSource[] = ['crm', 'shop', 'support', 'callcenter'];
const people = data.truth.length;
const rows: [string, string][] = [['people', String(people)]];
for (const source of sources) {
  const covered = data.truth.filter((entity) => entity.sourceKeys.some((key) => key.startsWith(`${source}:`))).length;
  rows.push([`${source} records`, `${data.records[source].length} (${((100 * covered) / people).toFixed(1)}% of people)`]);
}
rows.push(['records, all sources', String(sources.reduce((sum, source) => sum + data.records[source].length, 0))]);
rows.push(['orders', String(data.orders.length)]);
rows.push(['consent events', String(data.consents.length)]);
rows.push(['JSON size', `${(Buffer.byteLength(JSON.stringify(data)) / 1024 / 1024).toFixed(2)} MiB`]);
rows.push(['generation time', `${elapsedMs.toFixed(0)} ms`]);

const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
