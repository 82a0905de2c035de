import { describe, expect, it } from 'vitest';
import { parseToolOutput } from '../../../src/core/parse-tool-output.js';
import { lineOfMention } from '../../../src/core/run-tool-check.js';

// Outputs captured from the real tools (promtool 2.42, amtool 0.25, blackbox_exporter 0.23).
describe('parseToolOutput', () => {
  it('promtool check config: a rule file with a bad expression, reported twice, is one finding at line:col', () => {
    const out = 'Checking prometheus.yml\n  SUCCESS: 13 rule files found\n SUCCESS: prometheus.yml is valid prometheus config file syntax\n\nChecking rules/blackbox.yml\n  SUCCESS: 4 rules found\n\nChecking rules/zz.yml\n  FAILED:\n     rules/zz.yml: 5:15: group "x", rule 1, "Foo": could not parse expression: 1:6: parse error: unexpected end of input\n  FAILED:\n     rules/zz.yml: 5:15: group "x", rule 1, "Foo": could not parse expression: 1:6: parse error: unexpected end of input\n';
    expect(parseToolOutput(out, 'prometheus.yml')).toEqual([
      { file: 'rules/zz.yml', line: 5, column: 15, message: 'group "x", rule 1, "Foo": could not parse expression: 1:6: parse error: unexpected end of input' },
    ]);
  });

  it('promtool check config: WARNING lines (a file_sd file deploy generates later) are not findings', () => {
    const out = 'Checking prometheus.yml\n  WARNING: file "/etc/ish-monitor/web/sd-prometheus.yml" for file_sd in scrape job "prometheus" does not exist\n  SUCCESS: 12 rule files found\n\nChecking rules/zz.yml\n  FAILED:\n     rules/zz.yml: 5:15: group "x", rule 1, "Foo": could not parse expression: 1:6: parse error: unexpected end of input\n';
    expect(parseToolOutput(out, 'prometheus.yml')).toEqual([
      { file: 'rules/zz.yml', line: 5, column: 15, message: 'group "x", rule 1, "Foo": could not parse expression: 1:6: parse error: unexpected end of input' },
    ]);
  });

  it('promtool check rules: a YAML error', () => {
    const out = "Checking rules/zz.yml\n  FAILED:\nrules/zz.yml: yaml: line 4: did not find expected '-' indicator\n";
    expect(parseToolOutput(out, 'x.yml')).toEqual([{ file: 'rules/zz.yml', line: 4, message: "did not find expected '-' indicator" }]);
  });

  it('promtool check config: unknown field, the file named on the FAILED line', () => {
    const out = 'Checking /tmp/vt/p.yml\n  FAILED: parsing YAML file /tmp/vt/p.yml: yaml: unmarshal errors:\n  line 5: field bogus not found in type config.ScrapeConfig\n';
    expect(parseToolOutput(out, 'prometheus.yml')).toEqual([{ file: '/tmp/vt/p.yml', line: 5, message: 'field bogus not found in type config.ScrapeConfig' }]);
  });

  it('amtool check-config: FAILED on the Checking line, with and without a line', () => {
    expect(parseToolOutput("Checking 'am.yml'  FAILED: undefined receiver \"a\" used in route\n\namtool: error: failed to validate 1 file(s)\n", 'x')).toEqual([
      { file: 'am.yml', message: 'undefined receiver "a" used in route' },
    ]);
    expect(parseToolOutput("Checking 'am2.yml'  FAILED: yaml: unmarshal errors:\n  line 3: field bogus not found in type config.plain\n\namtool: error: failed to validate 1 file(s)\n", 'x')).toEqual([
      { file: 'am2.yml', line: 3, message: 'field bogus not found in type config.plain' },
    ]);
    expect(parseToolOutput("Checking 'am3.yml'  FAILED: yaml: line 6: could not find expected ':'\n", 'x')).toEqual([{ file: 'am3.yml', line: 6, message: "could not find expected ':'" }]);
  });

  it('blackbox_exporter --config.check: the logfmt err value, unescaped, on the checked file', () => {
    const out =
      'ts=2026-11-27T20:55:47.974Z caller=main.go:78 level=info msg="Starting blackbox_exporter" version="(version=0.23.0)"\n' +
      'ts=2026-11-27T20:55:47.974Z caller=main.go:82 level=error msg="Error loading config" err="error parsing config file: yaml: unmarshal errors:\\n  line 4: field bogus not found in type config.plain"\n';
    expect(parseToolOutput(out, 'blackbox.yml')).toEqual([{ file: 'blackbox.yml', line: 4, message: 'field bogus not found in type config.plain' }]);
  });

  it('a message it does not know stays whole, on the default file', () => {
    expect(parseToolOutput('something odd happened\n', 'prometheus.yml')).toEqual([{ file: 'prometheus.yml', message: 'something odd happened' }]);
  });
});

describe('lineOfMention', () => {
  const text = '# receiver: nobody in a comment\nroute:\n  receiver: nobody\nreceivers:\n  - name: nobody-else\n';
  it('finds the first uncommented line naming the quoted word', () => {
    expect(lineOfMention(text, 'undefined receiver "nobody" used in route')).toBe(3);
  });
  it('does not match a longer name, nor a message without a quoted name', () => {
    expect(lineOfMention('route:\n  receiver: nobody-else\n', 'undefined receiver "nobody" used in route')).toBeUndefined();
    expect(lineOfMention(text, 'no quotes here')).toBeUndefined();
  });
});
