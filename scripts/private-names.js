// TypeScript transformer for the bundle only: renames every TS `private` member (and the
// parameter behind a `private` parameter property) to PRIVATE_PREFIX + its name, so that
// Terser can shorten exactly those property names (webpack.config.js, mangle.properties
// with PRIVATE_PATTERN). Terser cannot shorten them otherwise: a property name is part of
// the protocol with the base library and the browser, and only the type checker knows
// which names nothing outside their class can see. The checker guarantees a `private`
// member is read only inside its class, by name; the ways round it that a rename would
// break silently (a string index, a destructuring) fail the build here instead.
const ts = require('typescript');

const PRIVATE_PREFIX = '__private_';
const PRIVATE_PATTERN = /^__private_/;

function isPrivateDeclaration(decl) {
  const privateModifier = (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Private) !== 0;
  if (ts.isParameter(decl)) return privateModifier && ts.isConstructorDeclaration(decl.parent);
  return privateModifier && decl.parent !== undefined && ts.isClassLike(decl.parent);
}

function isPrivateSymbol(symbol) {
  return symbol !== undefined && (symbol.declarations ?? []).some(isPrivateDeclaration);
}

function where(node) {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${file.fileName}:${line + 1}`;
}

/** @param {ts.Program} program */
function privateNamesTransformer(program) {
  const checker = program.getTypeChecker();
  const renamed = (name) => ts.factory.createIdentifier(PRIVATE_PREFIX + name.text);

  return (context) => (sourceFile) => {
    const visit = (node) => {
      // this.x / other.x where x is private
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
        const expression = ts.visitNode(node.expression, visit);
        const name = isPrivateSymbol(checker.getSymbolAtLocation(node.name)) ? renamed(node.name) : node.name;
        return ts.factory.updatePropertyAccessExpression(node, expression, name);
      }
      if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
        if (isPrivateSymbol(checker.getSymbolAtLocation(node.argumentExpression))) {
          throw new Error(`private-names: string index of a private member at ${where(node)}; use a property access`);
        }
      }
      if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key)) {
          const property = checker.getTypeAtLocation(node.parent).getProperty(key.text);
          if (isPrivateSymbol(property)) {
            throw new Error(`private-names: destructuring of a private member at ${where(node)}`);
          }
        }
      }
      if (ts.isShorthandPropertyAssignment(node)) {
        if (isPrivateSymbol(checker.getShorthandAssignmentValueSymbol(node))) {
          throw new Error(`private-names: shorthand property of a private parameter at ${where(node)}`);
        }
      }
      // declarations: fields, methods, accessors, parameter properties
      if (
        (ts.isPropertyDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isGetAccessorDeclaration(node) ||
          ts.isSetAccessorDeclaration(node) ||
          ts.isParameter(node)) &&
        ts.isIdentifier(node.name) &&
        isPrivateDeclaration(node)
      ) {
        const updated = ts.visitEachChild(node, visit, context);
        return replaceName(updated, renamed(node.name));
      }
      // the constructor body's uses of a private parameter property's parameter
      if (ts.isIdentifier(node) && node.parent && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const symbol = checker.getSymbolAtLocation(node);
        if (symbol && (symbol.declarations ?? []).some((d) => ts.isParameter(d) && isPrivateDeclaration(d))) {
          return renamed(node);
        }
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit);
  };
}

function replaceName(node, name) {
  const f = ts.factory;
  if (ts.isPropertyDeclaration(node)) return f.updatePropertyDeclaration(node, node.modifiers, name, node.questionToken ?? node.exclamationToken, node.type, node.initializer);
  if (ts.isMethodDeclaration(node)) return f.updateMethodDeclaration(node, node.modifiers, node.asteriskToken, name, node.questionToken, node.typeParameters, node.parameters, node.type, node.body);
  if (ts.isGetAccessorDeclaration(node)) return f.updateGetAccessorDeclaration(node, node.modifiers, name, node.parameters, node.type, node.body);
  if (ts.isSetAccessorDeclaration(node)) return f.updateSetAccessorDeclaration(node, node.modifiers, name, node.parameters, node.body);
  return f.updateParameterDeclaration(node, node.modifiers, node.dotDotDotToken, name, node.questionToken, node.type, node.initializer);
}

module.exports = { privateNamesTransformer, PRIVATE_PATTERN };
