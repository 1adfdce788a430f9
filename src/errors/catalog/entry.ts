/**
 * One code of the error catalog: its HTTP status and its message, verbatim from the API metadata
 * where the API documents it. `origin: 'canopy'` marks codes that Canopy adds beyond the documented
 * API; each of those is described in docs/errors.md (a test checks). Messages may hold `%s`
 * placeholders that are filled from ApiError arguments.
 */
export interface CatalogEntry {
  readonly status: number;
  readonly message: string;
  readonly origin?: 'canopy';
  /**
   * Where the API documents another message (or status) for the same code: keyed by Action (both
   * versions) or by `<Version>/<Action>` (that version only), which wins.
   */
  readonly variants?: Readonly<Record<string, Variant>>;
}

export interface Variant {
  readonly status?: number;
  readonly message: string;
}
