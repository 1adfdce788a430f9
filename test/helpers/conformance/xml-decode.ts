import type { ApiVersion } from '../../../src/actions/action.js';
import type { Harness } from '../harness.js';
import { v1SignedQuery } from '../raw-http.js';
import type { Schema } from '../metadata.js';
import type { Exchange } from './world.js';

/** Repeats a recorded call, V1-signed with `Format=XML` (the only scheme that has the format), and answers the XML text. */
export async function replayAsXml(harness: Harness, version: ApiVersion, exchange: Exchange): Promise<string> {
  const query = v1SignedQuery(exchange.caller, { ...exchange.params, Action: exchange.action, Version: version, Format: 'XML' });
  const response = await fetch(`${harness.url}/?${query}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${exchange.action} as XML: ${response.status} ${text}`);
  return text;
}

interface Element {
  readonly name: string;
  readonly children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses the XML Canopy writes: elements and text only, no attributes, the five named entities and decimal references. */
export function parseXml(xml: string): Element {
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: Element[] = [{ name: '#document', children: [], text: '' }];
  for (const token of body.matchAll(/<(\/?)([A-Za-z][\w.-]*)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (token[3] !== undefined) {
      top.text += token[3].replace(/&(#\d+|\w+);/g, (_, name: string) =>
        name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? `&${name};`),
      );
    } else if (token[1]) {
      if (top.name !== token[2]) throw new Error(`</${token[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const element: Element = { name: token[2]!, children: [], text: '' };
      top.children.push(element);
      stack.push(element);
    }
  }
  if (stack.length !== 1 || stack[0]!.children.length !== 1) throw new Error('not one well-formed root element');
  return stack[0]!.children[0]!;
}

/**
 * Reads an XML response the way an SDK does, led by the documented schema: a documented array is
 * every child element of its name (wrapped, `<Accounts><Account/>…</Accounts>`, or plain,
 * `<Tags/><Tags/>`), one empty element being the empty list; integers and booleans are parsed from
 * their text. The result compares directly with the JSON answer to the same request. Elements the
 * schema does not document are kept as text, so that they show up in the comparison.
 */
export function decodeXml(schema: Schema, element: Element, problems: string[], path = ''): unknown {
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const out: Record<string, unknown> = {};
      const names = new Set(element.children.map((child) => child.name));
      for (const [name, child] of Object.entries(properties)) {
        const childPath = path ? `${path}.${name}` : name;
        const matching = element.children.filter((c) => c.name === name);
        if (child.type === 'array') {
          // An array that is its wrapper's only property is there, empty, when the wrapper is.
          if (matching.length === 0 && Object.keys(properties).length === 1) out[name] = [];
          else if (matching.length === 1 && isEmpty(matching[0]!)) out[name] = [];
          else if (matching.length > 0) out[name] = matching.map((item) => decodeXml(child.items!, item, problems, `${childPath}[]`));
        } else if (matching.length > 1) {
          problems.push(`${childPath}: ${matching.length} elements for one documented value`);
        } else if (matching.length === 1) {
          out[name] = decodeXml(child, matching[0]!, problems, childPath);
        }
      }
      for (const name of names) if (!Object.hasOwn(properties, name)) out[name] = element.children.find((c) => c.name === name)!.text;
      return out;
    }
    case 'array':
      problems.push(`${path}: an array directly inside an array has no XML form Canopy writes`);
      return undefined;
    case 'integer':
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(element.text)) problems.push(`${path}: "${element.text}" is not a number`);
      return Number(element.text);
    }
    case 'boolean': {
      if (element.text !== 'true' && element.text !== 'false') problems.push(`${path}: "${element.text}" is not a boolean`);
      return element.text === 'true';
    }
    default:
      if (element.children.length > 0) problems.push(`${path}: elements inside a documented ${schema.type}`);
      return element.text;
  }
}

const isEmpty = (element: Element) => element.children.length === 0 && element.text === '';
