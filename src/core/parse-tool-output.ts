/** One problem a check found: where (file as the tool printed it, line, column) and what. */
export interface Finding {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** blackbox_exporter logs its error as `err="..."` with escaped newlines and quotes. */
function unescapeLogfmt(line: string): string[] {
  const err = /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
  const msg = /\bmsg="((?:[^"\\]|\\.)*)"/.exec(line);
  const text = err?.[1] ?? msg?.[1];
  if (text === undefined) return [];
  return text.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1').split('\n');
}

/**
 * The findings in the output of `promtool check config|rules`, `amtool check-config` and
 * `blackbox_exporter --config.check`, with the file and line each names. Lines that name no file
 * are given to the file being checked (`Checking X`, else `defaultFile`). Duplicates are dropped.
 */
export function parseToolOutput(output: string, defaultFile: string): Finding[] {
  const findings: Finding[] = [];
  let current = defaultFile;
  let unmarshalFile: string | undefined;
  const lines = output.split('\n').flatMap((l) => (/\blevel=error\b/.test(l) ? unescapeLogfmt(l) : /^ts=|\blevel=/.test(l) ? [] : [l]));
  for (const raw of lines) {
    let line = raw.trim();
    const checking = /^Checking '?(.+?)'?(?:\s+FAILED:\s*(.*))?$/.exec(line);
    if (checking) {
      current = checking[1]!;
      unmarshalFile = undefined;
      line = checking[2] ?? '';
    }
    line = line.replace(/^FAILED:\s*/, '');
    // promtool's WARNING lines (e.g. a file_sd file deploy generates later) do not fail the check.
    if (line === '' || /^(SUCCESS|WARNING)\b/.test(line) || /^amtool: error: failed to validate/.test(line)) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(.+?): (\d+):(\d+): (.*)$/.exec(line))) findings.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), message: m[4]! });
    else if ((m = /^(?:(?:parsing YAML file )?(.+?): )?(?:[\w ]+: )?yaml: line (\d+): (.*)$/.exec(line))) findings.push({ file: m[1] ?? current, line: Number(m[2]), message: m[3]! });
    else if ((m = /(?:parsing YAML file (.+?): )?yaml: unmarshal errors:$/.exec(line))) unmarshalFile = m[1] ?? current;
    else if ((m = /^line (\d+): (.*)$/.exec(line))) findings.push({ file: unmarshalFile ?? current, line: Number(m[1]), message: m[2]! });
    else findings.push({ file: current, message: line });
  }
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
