import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) ? [full] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Every module a file names: import/export from, import(), require(). */
function importedModules(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    }
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const [first] = node.arguments;
      if ((isDynamicImport || isRequire) && ts.isStringLiteralLike(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isElectron = (specifier: string) => specifier === 'electron' || specifier.startsWith('electron/');

describe('architecture', () => {
  it('nothing under electron/core/ imports electron', () => {
    const files = sourceFiles(path.join(ROOT, 'electron', 'core'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => importedModules(parse(file)).some(isElectron)).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('the import scan sees every form of import', () => {
    const sample = ts.createSourceFile(
      'x.ts',
      `import a from 'electron'; export * from 'electron/main'; const b = require('electron'); void import('electron');`,
      ts.ScriptTarget.Latest,
      true,
    );
    expect(importedModules(sample).filter(isElectron)).toHaveLength(4);
  });

  it('only main.ts, preload.ts and platform/ import electron among the plain-Node modules of electron/', () => {
    const allowed = new Set(['electron/main.ts', 'electron/preload.ts']);
    const offenders = sourceFiles(path.join(ROOT, 'electron'))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((rel) => !allowed.has(rel) && !rel.startsWith('electron/platform/'))
      .filter((rel) => importedModules(parse(path.join(ROOT, rel))).some(isElectron));
    expect(offenders).toEqual([]);
  });

  it('the preload exposes one object, switchboard, holding only invoke, whose channel is checked against the contract', () => {
    const source = parse(path.join(ROOT, 'electron', 'preload.ts'));
    const exposures: ts.CallExpression[] = [];
    const bridgeCalls: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = node.expression.expression.getText(source);
        const method = node.expression.name.text;
        if (receiver === 'contextBridge') {
          bridgeCalls.push(method);
          if (method === 'exposeInMainWorld') exposures.push(node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(bridgeCalls).toEqual(['exposeInMainWorld']);
    expect(exposures).toHaveLength(1);

    const [name, api] = exposures[0].arguments;
    expect(ts.isStringLiteral(name) && name.text).toBe('switchboard');
    expect(ts.isObjectLiteralExpression(api)).toBe(true);
    const members = (api as ts.ObjectLiteralExpression).properties;
    expect(members.map((m) => m.name?.getText(source))).toEqual(['invoke']);

    const invoke = members[0];
    const body = invoke.getText(source);
    expect(body).toMatch(/isChannel\(channel\)/);
    expect(body).toMatch(/ipcRenderer\.invoke\('rpc', channel, input\)/);
    // Nothing else of ipcRenderer (send, on) reaches the page.
    expect(source.getText().match(/ipcRenderer\.\w+/g)).toEqual(['ipcRenderer.invoke']);
    const imported = importedModules(source);
    expect(imported.filter((m) => m.includes('contract'))).toEqual(['../shared/contract']);
    expect(CHANNELS.length).toBeGreaterThan(10);
  });
});
