// Stands in for the `graphql` package in the extension bundle only (esbuild.mjs aliases `graphql` to this file).
// graphql-request imports from `graphql` just `parse` (to learn a string document's operation name and whether it is
// a mutation), `print` (only for documents passed as ASTs; we pass strings) and `Kind` (to find operation
// definitions). graphql's parser, printer and lexer were 44 KB of the 158 KB bundle; this is under 3 KB. Unit tests
// check that graphql-request bundled with this file sends every document of ours exactly as it does with `graphql`.
// Must not be imported by our own code: it is not a GraphQL parser, only a reader of a document's top level.

/** The subset of graphql's `Kind` this parser produces; same values as `graphql`'s. */
export const Kind = Object.freeze({
  NAME: 'Name',
  DOCUMENT: 'Document',
  OPERATION_DEFINITION: 'OperationDefinition',
  FRAGMENT_DEFINITION: 'FragmentDefinition',
} as const);

export type OperationType = 'query' | 'mutation' | 'subscription';

export interface NameNode {
  readonly kind: typeof Kind.NAME;
  readonly value: string;
}

/** An operation as graphql's parse() describes it, minus everything inside it. */
export interface OperationDefinitionNode {
  readonly kind: typeof Kind.OPERATION_DEFINITION;
  readonly operation: OperationType;
  readonly name?: NameNode;
}

export interface FragmentDefinitionNode {
  readonly kind: typeof Kind.FRAGMENT_DEFINITION;
  readonly name: NameNode;
}

export interface DocumentNode {
  readonly kind: typeof Kind.DOCUMENT;
  readonly definitions: readonly (OperationDefinitionNode | FragmentDefinitionNode)[];
}

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;
const CLOSER: Readonly<Record<string, string>> = { '{': '}', '(': ')', '[': ']' };

/**
 * The top level of an executable GraphQL document: each operation's type and name, and each fragment's name,
 * found by GraphQL's lexical rules (ignored tokens, comments, strings and block strings) and balanced brackets.
 * What lies inside brackets is skipped, not checked. Throws a SyntaxError for what it cannot read, including
 * type-system definitions (SDL) and unbalanced brackets; graphql-request then sends no operationName, as it does
 * when graphql's parse() throws.
 */
export function parse(source: string): DocumentNode {
  if (typeof source !== 'string') throw new TypeError('graphqlLite.parse() takes the document as a string.');
  const scan = new Scanner(source);
  const definitions: (OperationDefinitionNode | FragmentDefinitionNode)[] = [];
  for (let c = scan.peek(); c !== ''; c = scan.peek()) {
    // graphql 16.15 reads one description (a string) before an operation or a fragment, not before `{ ... }`.
    const described = c === '"';
    if (described) {
      scan.skipString();
      c = scan.peek();
    }
    if (c === '{' && !described) {
      scan.skipGroup();
      definitions.push({ kind: Kind.OPERATION_DEFINITION, operation: 'query' });
      continue;
    }
    const keyword = scan.name();
    if (keyword === 'query' || keyword === 'mutation' || keyword === 'subscription') {
      const name = scan.peek() === '' ? undefined : scan.name();
      scan.skipToSelectionSet();
      definitions.push({ kind: Kind.OPERATION_DEFINITION, operation: keyword, ...(name ? { name: nameNode(name) } : {}) });
    } else if (keyword === 'fragment') {
      scan.peek();
      const name = scan.name();
      if (name === undefined || name === 'on') throw scan.error('a fragment name');
      scan.skipToSelectionSet();
      definitions.push({ kind: Kind.FRAGMENT_DEFINITION, name: nameNode(name) });
    } else {
      throw scan.error('"query", "mutation", "subscription", "fragment" or "{"');
    }
  }
  if (definitions.length === 0) throw scan.error('a definition');
  return { kind: Kind.DOCUMENT, definitions };
}

/** Not available: graphql-request prints only documents given as ASTs, and we always send strings. */
export function print(): never {
  throw new TypeError('graphqlLite cannot print a GraphQL AST: pass GraphQL documents as strings.');
}

function nameNode(value: string): NameNode {
  return { kind: Kind.NAME, value };
}

class Scanner {
  private pos = 0;

  constructor(private readonly src: string) {}

  /** Skips ignored tokens (blanks, line breaks, commas, BOM, `#` comments); the next character, '' at the end. */
  peek(): string {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === ',' || c === '\n' || c === '\r' || c === '\uFEFF') this.pos++;
      else if (c === '#') while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      else return c;
    }
    return '';
  }

  /** The name starting here (and moves past it), or undefined when none starts here. */
  name(): string | undefined {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Skips variables, a type condition and directives up to the selection set, then the selection set. */
  skipToSelectionSet(): void {
    for (let c = this.peek(); ; c = this.peek()) {
      if (c === '') throw this.error('a selection set "{"');
      if (c === '{') return this.skipGroup();
      if (c === '(' || c === '[') this.skipGroup();
      else if (c === '"') this.skipString();
      else if (c === ')' || c === ']' || c === '}') throw this.error('a matching bracket');
      else this.pos++;
    }
  }

  /** At `{`, `(` or `[`: moves past the matching closing bracket. */
  skipGroup(): void {
    const open: string[] = [];
    for (let c = this.peek(); ; c = this.peek()) {
      if (c === '') throw this.error(`"${CLOSER[open[open.length - 1] ?? '{']}"`);
      if (c === '"') {
        this.skipString();
        continue;
      }
      if (CLOSER[c]) open.push(c);
      else if (c === '}' || c === ')' || c === ']') {
        const opener = open.pop();
        if (opener === undefined || CLOSER[opener] !== c) throw this.error('a matching bracket');
      }
      this.pos++;
      if (open.length === 0) return;
    }
  }

  /** At `"`: moves past a string or a block string (`"""`, where `\"""` does not end it). */
  skipString(): void {
    const s = this.src;
    if (s.startsWith('"""', this.pos)) {
      for (let i = this.pos + 3; i < s.length;) {
        if (s.startsWith('\\"""', i)) i += 4;
        else if (s.startsWith('"""', i)) {
          this.pos = i + 3;
          return;
        } else i++;
      }
      throw this.error('the end of a block string');
    }
    for (let i = this.pos + 1; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') i++;
      else if (c === '"') {
        this.pos = i + 1;
        return;
      } else if (c === '\n' || c === '\r') break;
    }
    throw this.error('the end of a string');
  }

  error(expected: string): SyntaxError {
    return new SyntaxError(`GraphQL document: expected ${expected} at offset ${this.pos}.`);
  }
}
