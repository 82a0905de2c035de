/**
 * Type-checks dashboard JSON against the foundation SDK's dashboard types (dashboard-json-types.ts) with the
 * TypeScript compiler: each file becomes `const dashboard: DashboardJson = <its JSON>;` in memory, so an
 * unknown key, a missing required one or a wrong value is a compile error naming the file and the line.
 */
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './config-files.js';

/** One JSON document to check. */
export interface JsonDocument {
  name: string;
  text: string;
}

/** The compiler's complaints about `documents`, one line each ("file.json:LINE: message"); empty when all conform. */
export function dashboardSchemaErrors(documents: JsonDocument[]): string[] {
  const dir = path.join(repoRoot, 'test', 'config');
  const prefix = "import type { DashboardJson } from './dashboard-json-types.js';\nexport const dashboard: DashboardJson = ";
  const virtual = new Map(documents.map((doc) => [path.join(dir, `${doc.name}.check.ts`), `${prefix}${doc.text.trimEnd()};\n`]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => virtual.has(file) || ts.sys.fileExists(file);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, onError) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // The JSON starts on the second line of the virtual file: line numbers match the JSON file's.
    return `${path.basename(diagnostic.file.fileName).replace(/\.check\.ts$/, '')}:${line}: ${message}`;
  });
}
