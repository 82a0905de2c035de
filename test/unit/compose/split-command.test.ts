import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/compose/invalid-value.js';
import { splitCommand } from '../../../src/compose/split-command.js';

describe('splitCommand', () => {
  it.each([
    ['prometheus --web.enable-lifecycle', ['prometheus', '--web.enable-lifecycle']],
    ['  a   b\tc  ', ['a', 'b', 'c']],
    [`sh -c 'echo "hi there"; exit 1'`, ['sh', '-c', 'echo "hi there"; exit 1']],
    [`echo "a \\"quoted\\" \\$HOME"`, ['echo', 'a "quoted" $HOME']],
    [`echo "keep \\n as is"`, ['echo', 'keep \\n as is']],
    [`a\\ b c`, ['a b', 'c']],
    [`--flag="" x`, ['--flag=', 'x']],
    [`''`, ['']],
    ['', []],
  ])('%j', (text, argv) => {
    expect(splitCommand(text)).toEqual(argv);
  });

  it.each([`echo 'open`, `echo "open`, 'trailing\\'])('rejects %j', (text) => {
    expect(() => splitCommand(text)).toThrow(InvalidValueError);
  });
});
