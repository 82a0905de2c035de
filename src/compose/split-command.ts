import { InvalidValueError } from './invalid-value.js';

/**
 * Splits a command string into argv like a POSIX shell would, without expanding anything:
 * whitespace separates words, 'single' quotes are literal, "double" quotes honour \" \\ \$ \`,
 * and a backslash outside quotes escapes the next character. Compose does the same for
 * `command:` and `entrypoint:` strings; the engine then runs argv without a shell.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  // Distinguishes an empty quoted word ("") from no word at all.
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw unterminated(text, 'single');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? 'x')) j++;
        word += text[j];
      }
      if (j >= text.length) throw unterminated(text, 'double');
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new InvalidValueError(`invalid command "${text}": it ends with a backslash`);
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unterminated(text: string, kind: string): InvalidValueError {
  return new InvalidValueError(`invalid command "${text}": unterminated ${kind} quote`, 'close the quote, or write the command as a YAML list');
}
