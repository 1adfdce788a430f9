// The classic mutations, found on the TypeScript syntax tree (the compiler is already a dev
// dependency) so that a `<` of a generic or a number in a type is never touched.
import ts from 'typescript';

const BOUNDARY = new Map([
  [ts.SyntaxKind.LessThanToken, '<='],
  [ts.SyntaxKind.LessThanEqualsToken, '<'],
  [ts.SyntaxKind.GreaterThanToken, '>='],
  [ts.SyntaxKind.GreaterThanEqualsToken, '>'],
]);
const EQUALITY = new Map([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, '!=='],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, '==='],
]);
/** In the SQL of the stores: comparisons, conjunctions and NULL tests. */
const SQL_SWAPS = [
  [/ <= /g, ' < ', 'sql boundary'],
  [/ < /g, ' <= ', 'sql boundary'],
  [/ >= /g, ' > ', 'sql boundary'],
  [/ > /g, ' >= ', 'sql boundary'],
  [/ AND /g, ' OR ', 'sql and->or'],
  [/ IS NULL/g, ' IS NOT NULL', 'sql null test'],
  [/ IS NOT NULL/g, ' IS NULL', 'sql null test'],
  [/ \+ 1\b/g, ' + 2', 'sql constant'],
];
const SQL = /\b(SELECT|UPDATE|INSERT|DELETE|WHERE)\b/;
/** Calls whose arguments change nothing a test could hold: logs and messages. */
const QUIET_CALLEE = /(^|\.)(log|logger|console)\.|\b(warn|info|debug|trace)$|^new Error$/;

/**
 * Every mutant of one file: { file, line, column, start, operator, before, after, source } where `source` is
 * the whole file with that one change.
 */
export function mutantsOf(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const add = (node, operator, replacement, start = node.getStart(sf), end = node.getEnd()) => {
    const before = text.slice(start, end);
    if (before === replacement) return;
    found.push({
      file,
      line: sf.getLineAndCharacterOfPosition(start).line + 1,
      column: sf.getLineAndCharacterOfPosition(start).character + 1,
      start,
      operator,
      before: short(before),
      after: short(replacement),
      source: text.slice(0, start) + replacement + text.slice(end),
    });
  };

  const visit = (node) => {
    if (skipped(node)) return;
    if (ts.isBinaryExpression(node)) {
      const kind = node.operatorToken.kind;
      const op = node.operatorToken;
      if (BOUNDARY.has(kind)) add(op, 'boundary', BOUNDARY.get(kind));
      if (EQUALITY.has(kind)) add(op, 'negated equality', EQUALITY.get(kind));
      if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken) {
        add(node, 'dropped operand', node.left.getText(sf));
        add(node, 'dropped operand', node.right.getText(sf));
      }
    }
    if ((ts.isIfStatement(node) || ts.isWhileStatement(node)) && node.expression) {
      add(node.expression, 'negated condition', `!(${node.expression.getText(sf)})`);
    }
    if (ts.isConditionalExpression(node)) add(node.condition, 'negated condition', `!(${node.condition.getText(sf)})`);
    if (ts.isAwaitExpression(node) && inCondition(node)) {
      // The call still happens; its answer is taken as the one that lets the code go on.
      const negated = ts.isPrefixUnaryExpression(unparen(node.parent)) || isNegatedParent(node);
      add(node, 'ignored result', `(${node.getText(sf)}, ${negated ? 'true' : 'false'})`);
    }
    if (ts.isNumericLiteral(node) && !isIndexOrKey(node)) {
      const value = Number(node.text);
      if (Number.isFinite(value)) add(node, 'constant', String(value === 0 ? 1 : value + 1));
    }
    if (node.kind === ts.SyntaxKind.TrueKeyword) add(node, 'constant', 'false');
    if (node.kind === ts.SyntaxKind.FalseKeyword) add(node, 'constant', 'true');
    if (file.startsWith('src/storage/sql/') && isStringish(node)) {
      const start = node.getStart(sf);
      const literal = text.slice(start, node.getEnd());
      if (SQL.test(literal) || sqlContinuation(node, sf)) {
        for (const [pattern, replacement, operator] of SQL_SWAPS) {
          for (const match of literal.matchAll(pattern)) {
            const at = start + match.index;
            add(node, operator, replacement, at, at + match[0].length);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function skipped(node) {
  if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return true;
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return true;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = ts.isNewExpression(node) ? `new ${node.expression.getText()}` : node.expression.getText();
    if (QUIET_CALLEE.test(callee)) return true;
  }
  return false;
}

const unparen = (node) => {
  let n = node;
  while (n && ts.isParenthesizedExpression(n)) n = n.parent;
  return n;
};

function isNegatedParent(node) {
  const p = unparen(node.parent);
  return ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken;
}

/** An await whose answer decides a branch: within an if, while or ternary condition, through !, (), && and ||. */
function inCondition(node) {
  let child = node;
  let parent = node.parent;
  while (parent) {
    if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === child) return true;
    if (ts.isConditionalExpression(parent) && parent.condition === child) return true;
    const passThrough =
      ts.isParenthesizedExpression(parent) ||
      (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) ||
      (ts.isBinaryExpression(parent) &&
        [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind));
    if (!passThrough) return false;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** `a[0]`, `{ 1: x }` and the like: numbers that select rather than measure. */
function isIndexOrKey(node) {
  const p = node.parent;
  return (ts.isElementAccessExpression(p) && p.argumentExpression === node) || (ts.isPropertyAssignment(p) && p.name === node);
}

function isStringish(node) {
  return (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    node.kind === ts.SyntaxKind.TemplateHead ||
    node.kind === ts.SyntaxKind.TemplateMiddle ||
    node.kind === ts.SyntaxKind.TemplateTail
  );
}

/** A part of a template whose head holds SQL (`... WHERE ${x} AND ...`). */
function sqlContinuation(node, sf) {
  if (node.kind !== ts.SyntaxKind.TemplateMiddle && node.kind !== ts.SyntaxKind.TemplateTail) return false;
  let template = node.parent;
  while (template && !ts.isTemplateExpression(template)) template = template.parent;
  return template ? SQL.test(template.head.getText(sf)) : false;
}

const short = (s) => {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 70 ? `${one.slice(0, 67)}...` : one;
};
