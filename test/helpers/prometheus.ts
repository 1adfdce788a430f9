/** One sample of the Prometheus text exposition format: `name{label="value",…} value`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** Parses the text format (comments and blank lines skipped); throws on a line it cannot read. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`not a sample: ${line}`);
    let at = name.length;
    const labels: Record<string, string> = {};
    if (line[at] === '{') {
      at++;
      while (line[at] !== '}') {
        const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(at));
        if (!label) throw new Error(`bad label in: ${line}`);
        at += label[0].length;
        let value = '';
        while (line[at] !== '"') {
          if (line[at] === '\\') {
            value += UNESCAPE[line[at + 1]!] ?? line[at + 1];
            at += 2;
          } else value += line[at++];
          if (at >= line.length) throw new Error(`unterminated label value in: ${line}`);
        }
        labels[label[1]!] = value;
        at++;
        if (line[at] === ',') at++;
      }
      at++;
    }
    const value = line.slice(at).trim().split(' ')[0]!;
    samples.push({ name, labels, value: /^nan$/i.test(value) ? Number.NaN : Number(value) });
  }
  return samples;
}

/** The samples of `name` whose labels include every one given. */
export const samplesOf = (samples: readonly Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** The value of the one sample of `name` with exactly these labels; undefined when there is none. */
export function metricValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.keys(labels).length;
  const found = samplesOf(samples, name, labels).filter((s) => Object.keys(s.labels).length === wanted);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Scrapes a running server's `/_canopy/metrics`. */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(`${url}/_canopy/metrics`, { headers });
  if (response.status !== 200) throw new Error(`metrics answered ${response.status}: ${await response.text()}`);
  return parseMetrics(await response.text());
}
