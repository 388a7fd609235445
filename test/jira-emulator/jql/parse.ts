// A parser for the JQL subset the engine sends: clauses `field op value`, AND/OR/NOT, parentheses,
// lists, functions (currentUser()), EMPTY, and ORDER BY. Errors read like Jira's.

export type JqlValue =
  | { kind: 'literal'; text: string }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' }
  | { kind: 'list'; items: JqlValue[] };

export type JqlNode =
  | { kind: 'and' | 'or'; items: JqlNode[] }
  | { kind: 'not'; item: JqlNode }
  | { kind: 'clause'; field: string; op: string; value: JqlValue };

export interface JqlQuery {
  where: JqlNode | undefined;
  orderBy: { field: string; direction: 'ASC' | 'DESC' }[];
}

export class JqlError extends Error {}

interface Token {
  kind: 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
  text: string;
  at: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, at: i });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < jql.length && jql[j] !== c) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j];
        j++;
      }
      if (j >= jql.length)
        throw new JqlError(
          `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${i + 1})`,
        );
      tokens.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else {
      const op = OPERATORS.find((o) => jql.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op, at: i });
        i += op.length;
        continue;
      }
      let j = i;
      while (j < jql.length && !/[\s(),"'=!<>~]/.test(jql[j] as string)) j++;
      if (j === i)
        throw new JqlError(
          `Error in the JQL Query: The character '${c}' is a reserved JQL character. (line 1, character ${i + 1})`,
        );
      tokens.push({ kind: 'word', text: jql.slice(i, j), at: i });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '', at: jql.length });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  private next(): Token {
    return this.tokens[this.pos++] as Token;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return !!t && t.kind === 'word' && t.text.toUpperCase() === word;
  }
  private fail(expected: string): never {
    const t = this.peek();
    const got = t.kind === 'end' ? 'the end of the query' : `'${t.text}'`;
    throw new JqlError(
      `Error in the JQL Query: Expecting ${expected} but got ${got}. (line 1, character ${t.at + 1})`,
    );
  }

  query(): JqlQuery {
    let where: JqlNode | undefined;
    if (this.peek().kind !== 'end' && !this.isWord('ORDER')) where = this.or();
    const orderBy: JqlQuery['orderBy'] = [];
    if (this.isWord('ORDER')) {
      this.next();
      if (!this.isWord('BY')) this.fail("'by'");
      this.next();
      do {
        if (this.peek().kind === 'comma') this.next();
        const field = this.next();
        if (field.kind !== 'word' && field.kind !== 'string') this.fail('a field name');
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isWord('ASC') || this.isWord('DESC'))
          direction = this.next().text.toUpperCase() as 'ASC' | 'DESC';
        orderBy.push({ field: field.text, direction });
      } while (this.peek().kind === 'comma');
    }
    if (this.peek().kind !== 'end') this.fail(where ? "either 'OR' or 'AND'" : 'a field name');
    return { where, orderBy };
  }

  private or(): JqlNode {
    const items = [this.and()];
    while (this.isWord('OR')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as JqlNode) : { kind: 'or', items };
  }

  private and(): JqlNode {
    const items = [this.unary()];
    while (this.isWord('AND')) {
      this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as JqlNode) : { kind: 'and', items };
  }

  private unary(): JqlNode {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.or();
      if (this.peek().kind !== 'rparen') this.fail("')'");
      this.next();
      return inner;
    }
    return this.clause();
  }

  private clause(): JqlNode {
    const field = this.next();
    if (field.kind !== 'word' && field.kind !== 'string') {
      this.pos--;
      this.fail('a field name');
    }
    let op: string;
    const t = this.peek();
    if (t.kind === 'op') op = this.next().text;
    else if (this.isWord('IN')) op = (this.next(), 'IN');
    else if (this.isWord('NOT') && this.isWord('IN', 1)) op = (this.next(), this.next(), 'NOT IN');
    else if (this.isWord('IS') && this.isWord('NOT', 1)) op = (this.next(), this.next(), 'IS NOT');
    else if (this.isWord('IS')) op = (this.next(), 'IS');
    else
      this.fail(
        "operator such as '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' or 'IS NOT'",
      );
    const value = op === 'IN' || op === 'NOT IN' ? this.list() : this.value();
    return { kind: 'clause', field: field.text, op, value };
  }

  private list(): JqlValue {
    if (this.peek().kind !== 'lparen') return this.value();
    this.next();
    const items: JqlValue[] = [this.value()];
    while (this.peek().kind === 'comma') {
      this.next();
      items.push(this.value());
    }
    if (this.peek().kind !== 'rparen') this.fail("')'");
    this.next();
    return { kind: 'list', items };
  }

  private value(): JqlValue {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', text: t.text };
    if (t.kind !== 'word') {
      this.pos--;
      this.fail('either a value, list or function');
    }
    const upper = t.text.toUpperCase();
    if (upper === 'EMPTY' || upper === 'NULL') return { kind: 'empty' };
    if (this.peek().kind === 'lparen') {
      this.next();
      const args: string[] = [];
      while (this.peek().kind !== 'rparen') {
        const arg = this.next();
        if (arg.kind === 'end') this.fail("')'");
        if (arg.kind !== 'comma') args.push(arg.text);
      }
      this.next();
      return { kind: 'function', name: t.text, args };
    }
    return { kind: 'literal', text: t.text };
  }
}

/** Parses JQL or throws JqlError with Jira's message. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).query();
}
