import { parsePolicyDocument, type PolicyDocument } from './document.js';

/** A document that grants nothing: what a stored document that no longer parses counts as (fail closed). */
const GRANTS_NOTHING: PolicyDocument = { version: '1', statements: [] };

/**
 * Parsed documents by their text, so that a request does not parse the same policies again. Stored
 * documents were validated when written; one that a later release would refuse allows nothing rather
 * than everything. Bounded: emptied when full, which only costs parsing again.
 */
export class DocumentCache {
  private readonly parsed = new Map<string, PolicyDocument>();

  constructor(private readonly capacity = 1000) {}

  parse(text: string): PolicyDocument {
    const known = this.parsed.get(text);
    if (known) return known;
    let document: PolicyDocument;
    try {
      document = parsePolicyDocument(text, 'PolicyDocument');
    } catch {
      document = GRANTS_NOTHING;
    }
    if (this.parsed.size >= this.capacity) this.parsed.clear();
    this.parsed.set(text, document);
    return document;
  }
}
