// Layer rules for the import graph: a tiny local ESLint plugin.
//
// ESLint's own no-restricted-imports matches the import *specifier* ('../../app/x.ts'), so whether
// a relative import crosses a layer depends on where the importing file sits. These rules resolve
// every relative import against the importing file and check the resulting repository path (for
// example 'src-main/app/x.ts') against a table of layers, written as data in eslint.config.js.
//
// One table entry becomes one rule, `layers/<name>`:
//   files, ignores   globs (repository-relative) of the importing files the rule applies to
//   onlyLocal        if given, every local import must resolve into one of these globs
//   forbidLocal      local imports that resolve into these globs are refused ...
//   allowLocal       ... unless they also match one of these
//   forbidPackages   package names (with their subpaths) these files may not import
//   explain          the sentence shown with every refusal
// Type-only imports count: a type import is an arrow in the import graph too.
import path from 'node:path';

/** Turns a glob with `**`, `*`, `?` and `{a,b}` into an anchored regular expression. */
export function globToRegExp(glob) {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atEnd = i + 2 === glob.length;
        if (slashAfter) {
          re += '(?:.*/)?';
          i += 2;
        } else if (atEnd && re.endsWith('/')) {
          re = re.slice(0, -1) + '(?:/.*)?';
          i += 1;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function matcher(globs) {
  const res = (globs ?? []).map(globToRegExp);
  return (p) => res.some((r) => r.test(p));
}

/** 'twilio/lib/x' → 'twilio', '@scope/pkg/x' → '@scope/pkg', 'node:fs' → 'node:fs'. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function toPosix(p) {
  return p.split(path.sep).join('/');
}

function makeRule(entry, root) {
  const appliesTo = matcher(entry.files);
  const ignored = matcher(entry.ignores);
  const only = entry.onlyLocal ? matcher(entry.onlyLocal) : null;
  const forbidden = matcher(entry.forbidLocal);
  const excepted = matcher(entry.allowLocal);
  const forbiddenPackages = new Set(entry.forbidPackages ?? []);

  return {
    meta: {
      type: 'problem',
      docs: { description: entry.explain },
      schema: [],
      messages: {
        local: "{{file}} may not import {{target}} ('{{specifier}}'): {{explain}}",
        package: "{{file}} may not import the package '{{pkg}}': {{explain}}",
      },
    },
    create(context) {
      const cwd = root ?? context.cwd;
      const file = toPosix(path.relative(cwd, context.filename));
      if (!appliesTo(file) || ignored(file)) return {};

      function check(node, specifier) {
        if (typeof specifier !== 'string') return;
        if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
          const target = toPosix(path.relative(cwd, path.resolve(path.dirname(context.filename), specifier)));
          const refused = (only && !only(target)) || (forbidden(target) && !excepted(target));
          if (refused) context.report({ node, messageId: 'local', data: { file, target, specifier, explain: entry.explain } });
        } else if (forbiddenPackages.has(packageName(specifier))) {
          context.report({ node, messageId: 'package', data: { file, pkg: packageName(specifier), explain: entry.explain } });
        }
      }
      const fromSource = (node) => node.source && check(node.source, node.source.value);
      return {
        ImportDeclaration: fromSource,
        ExportNamedDeclaration: fromSource,
        ExportAllDeclaration: fromSource,
        ImportExpression(node) {
          if (node.source.type === 'Literal') check(node.source, node.source.value);
        },
        TSImportEqualsDeclaration(node) {
          if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression, node.moduleReference.expression.value);
        },
        CallExpression(node) {
          const [arg] = node.arguments;
          if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') check(arg, arg.value);
        },
      };
    },
  };
}

/**
 * Builds the `layers` plugin (one rule per table entry) and the rule settings that enable them all.
 * `root` is the directory the globs are relative to (the repository), whatever ESLint's cwd is.
 */
export function layersPlugin(table, { root } = {}) {
  const rules = Object.fromEntries(table.map((entry) => [entry.name, makeRule(entry, root)]));
  const enabled = Object.fromEntries(table.map((entry) => [`layers/${entry.name}`, 'error']));
  return { plugin: { meta: { name: 'layers' }, rules }, rules: enabled };
}
